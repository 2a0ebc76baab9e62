# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class MailMessageListener(Component):
    """A note or message posted (or edited) on a synchronized task: it
    becomes (or updates) a comment of the card.

    The connector's own notes (a conflict's losing value, a file too large
    to upload) are written by OdooBot and stay in Odoo.
    """

    _name = "trello.mail.message.listener"
    _inherit = "trello.export.listener"
    _apply_on = ["mail.message"]
    _binding_model = "trello.mail.message"

    def _export_backends(self, record):
        if (
            record.model != "project.task"
            or not record.res_id
            or record.message_type != "comment"
            or record.author_id == self.env.ref("base.partner_root")
        ):
            return self.env["trello.backend"]
        task = self.env["project.task"].sudo().browse(record.res_id).exists()
        return task.trello_bind_ids.filtered(
            lambda card: card.external_id and not card.trello_deleted
        ).backend_id

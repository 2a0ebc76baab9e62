# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class IrAttachmentListener(Component):
    """A file attached to a synchronized task is uploaded to its card.

    Also when the file is attached after its creation: the chatter's
    composer uploads a file first and links it to the task when the message
    is posted (a write of ``res_model``/``res_id``).
    """

    _name = "trello.ir.attachment.listener"
    _inherit = "trello.export.listener"
    _apply_on = ["ir.attachment"]
    _binding_model = "trello.ir.attachment"

    def _export_backends(self, record):
        if record.res_model != "project.task" or not record.res_id:
            return self.env["trello.backend"]
        task = self.env["project.task"].sudo().browse(record.res_id).exists()
        return task.trello_bind_ids.filtered(
            lambda card: card.external_id and not card.trello_deleted
        ).backend_id

    def _exported_fields(self, backend):
        """What attaches the file to a task: an attachment has no export
        mapper (the file itself is the payload, uploaded once)."""
        return {"res_model", "res_id"}

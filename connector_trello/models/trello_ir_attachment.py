# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..access import records_to_export


class TrelloIrAttachment(models.Model):
    """A card attachment: an uploaded file (downloaded) or a link."""

    _name = "trello.ir.attachment"
    _inherit = "trello.binding"
    _inherits = {"ir.attachment": "odoo_id"}
    _description = "Trello Attachment"

    odoo_id = fields.Many2one(
        "ir.attachment",
        string="Attachment",
        required=True,
        index=True,
        ondelete="cascade",
    )
    card_binding_id = fields.Many2one(
        "trello.project.task", string="Card", index=True, ondelete="cascade"
    )
    trello_is_upload = fields.Boolean(string="Uploaded to Trello")
    trello_bytes = fields.Integer(string="Size in Trello")
    trello_download_url = fields.Char()

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This attachment is already bound to a Trello attachment.",
        ),
    ]


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    trello_bind_ids = fields.One2many(
        "trello.ir.attachment",
        "odoo_id",
        string="Trello Attachment Bindings",
        copy=False,
        context={"active_test": False},
    )

    def trello_export(self, fields=None):
        """Upload the files attached to synchronized tasks to their cards now.

        A project user who may read the attachments, or the connector.
        """
        attachments = (
            records_to_export(self, "read")
            .sudo()
            .filtered(lambda a: a.res_model == "project.task" and a.res_id)
        )
        return (
            self.env["trello.ir.attachment"]
            .sudo()
            ._export_on_task_cards(attachments, fields)
        )

    def unlink(self):
        """A deleted attachment is deleted from the card, once Odoo's unlink
        succeeded (``trello.binding._unlink_and_follow``)."""
        bindings = self.sudo().trello_bind_ids
        return bindings._unlink_and_follow(self, super().unlink, drop=False)

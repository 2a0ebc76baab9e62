# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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

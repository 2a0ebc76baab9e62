# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class TrelloMailMessage(models.Model):
    """A Trello comment (a ``commentCard`` action) kept as a chatter note."""

    _name = "trello.mail.message"
    _inherit = "trello.binding"
    _inherits = {"mail.message": "odoo_id"}
    _description = "Trello Comment"

    odoo_id = fields.Many2one(
        "mail.message", string="Message", required=True, index=True, ondelete="cascade"
    )
    card_binding_id = fields.Many2one(
        "trello.project.task", string="Card", index=True, ondelete="cascade"
    )
    trello_member_id = fields.Many2one("trello.member", string="Trello Author")
    trello_text = fields.Text(string="Trello Text (Markdown)")

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This message is already bound to a comment of this backend.",
        ),
    ]

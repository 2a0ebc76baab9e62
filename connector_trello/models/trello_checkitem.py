# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class TrelloCheckitem(models.Model):
    """An item of a card's checklist, synchronized as a sub-task of its task."""

    _name = "trello.checkitem"
    _inherit = "trello.binding"
    _inherits = {"project.task": "odoo_id"}
    _description = "Trello Check Item"

    odoo_id = fields.Many2one(
        "project.task",
        string="Sub-task",
        required=True,
        index=True,
        ondelete="restrict",
    )
    card_binding_id = fields.Many2one(
        "trello.project.task", string="Card", index=True, ondelete="cascade"
    )
    checklist_external_id = fields.Char(string="Trello Checklist ID", index=True)
    checklist_name = fields.Char()
    # Trello's pos is a double: no digits, so the column is a double
    # precision too (1e-7 and 3e-7, or 2**47 and 2**47 + 1, stay apart).
    trello_pos = fields.Float(string="Trello Position")

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This sub-task is already bound to a check item of this backend.",
        ),
    ]

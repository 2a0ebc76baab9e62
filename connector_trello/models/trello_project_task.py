# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class TrelloProjectTask(models.Model):
    """A Trello card synchronized as an Odoo task."""

    _name = "trello.project.task"
    _inherit = "trello.binding"
    _inherits = {"project.task": "odoo_id"}
    _description = "Trello Card"

    odoo_id = fields.Many2one(
        "project.task", string="Task", required=True, index=True, ondelete="restrict"
    )
    project_binding_id = fields.Many2one(
        "trello.project.project", string="Board", index=True, ondelete="cascade"
    )
    # Trello's pos is a double: no digits, so the column is a double
    # precision too (1e-7 and 3e-7, or 2**47 and 2**47 + 1, stay apart).
    trello_pos = fields.Float(string="Trello Position")
    trello_desc = fields.Text(string="Trello Description (Markdown)")
    trello_url = fields.Char(string="Trello URL", readonly=True)
    trello_start = fields.Datetime(string="Trello Start Date")

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This task is already bound to a card of this backend.",
        ),
    ]


class ProjectTask(models.Model):
    _inherit = "project.task"

    trello_bind_ids = fields.One2many(
        "trello.project.task",
        "odoo_id",
        string="Trello Card Bindings",
        copy=False,
        context={"active_test": False},
    )
    trello_checkitem_bind_ids = fields.One2many(
        "trello.checkitem",
        "odoo_id",
        string="Trello Check Item Bindings",
        copy=False,
        context={"active_test": False},
    )
    trello_url = fields.Char(string="Trello URL", compute="_compute_trello_url")

    @api.depends("trello_bind_ids.trello_url", "parent_id")
    def _compute_trello_url(self):
        for task in self:
            card = task.sudo().trello_bind_ids[:1]
            if not card and task.parent_id:
                card = task.sudo().parent_id.trello_bind_ids[:1]
            task.trello_url = card.trello_url

    def action_open_trello(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.trello_url, "target": "new"}

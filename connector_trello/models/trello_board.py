# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class TrelloBoard(models.Model):
    """A board the token can see; ticking it puts it in the synchronization."""

    _name = "trello.board"
    _description = "Trello Board (available)"
    _order = "closed, name, id"

    backend_id = fields.Many2one(
        "trello.backend", required=True, ondelete="cascade", index=True
    )
    external_id = fields.Char(string="Trello ID", required=True, readonly=True)
    name = fields.Char(readonly=True)
    url = fields.Char(string="URL", readonly=True)
    closed = fields.Boolean(string="Archived in Trello", readonly=True)
    synchronize = fields.Boolean()
    project_binding_id = fields.Many2one(
        "trello.project.project", compute="_compute_project_binding_id"
    )
    project_id = fields.Many2one(
        "project.project", compute="_compute_project_binding_id", string="Project"
    )

    _sql_constraints = [
        (
            "trello_board_uniq",
            "unique(backend_id, external_id)",
            "This board is already listed on this backend.",
        ),
    ]

    def _compute_project_binding_id(self):
        bindings = self.env["trello.project.project"].search(
            [
                ("backend_id", "in", self.backend_id.ids),
                ("external_id", "in", self.mapped("external_id")),
            ]
        )
        by_key = {(b.backend_id.id, b.external_id): b for b in bindings}
        for board in self:
            binding = by_key.get((board.backend_id.id, board.external_id))
            board.project_binding_id = binding
            board.project_id = binding.odoo_id if binding else False

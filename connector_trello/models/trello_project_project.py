# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .. import usage


class TrelloProjectProject(models.Model):
    """A Trello board synchronized as an Odoo project."""

    _name = "trello.project.project"
    _inherit = "trello.binding"
    _inherits = {"project.project": "odoo_id"}
    _description = "Trello Board"

    odoo_id = fields.Many2one(
        "project.project",
        string="Project",
        required=True,
        index=True,
        ondelete="restrict",
    )
    trello_url = fields.Char(string="Trello URL", readonly=True)
    trello_desc = fields.Text(string="Trello Description (Markdown)", readonly=True)
    last_action_id = fields.Char(
        readonly=True,
        copy=False,
        help="Checkpoint of the incremental import: the newest board action "
        "whose changes are stored in Odoo.",
    )
    last_action_date = fields.Char(readonly=True, copy=False)
    last_actions_seen = fields.Text(
        readonly=True,
        copy=False,
        help="The actions of the checkpoint's last second already stored "
        "(JSON, id to date): the next import asks Trello from a second before "
        "the checkpoint, so that actions sharing that second are not lost, and "
        "skips these, so that none is applied twice.",
    )
    last_import_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This project is already bound to a board of this backend.",
        ),
    ]

    @api.model
    def import_board(self, backend, external_id, full=False):
        """Import a board: fully the first time, then from its actions."""
        with backend._work_on_trello(self._name) as work:
            importer = work.component(usage=usage.BOARD_IMPORTER)
            return importer.run(external_id, full=full)


class ProjectProject(models.Model):
    _inherit = "project.project"

    trello_bind_ids = fields.One2many(
        "trello.project.project",
        "odoo_id",
        string="Trello Bindings",
        copy=False,
        context={"active_test": False},
    )
    trello_url = fields.Char(string="Trello URL", compute="_compute_trello_url")

    @api.depends("trello_bind_ids.trello_url")
    def _compute_trello_url(self):
        for project in self:
            project.trello_url = project.sudo().trello_bind_ids[:1].trello_url

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import import_summary, usage
from ..access import MANAGER_GROUP, records_to_export
from ..client import TRELLO_ERRORS
from ..errors import refused_in_a_click
from ..sync_rules import SyncRules


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
    rules_signature = fields.Char(
        readonly=True,
        copy=False,
        help="The board's sync rules the last full import applied: when they "
        "change, the next import reads the whole board again.",
    )

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This project is already bound to a board of this backend.",
        ),
    ]

    def _board_line(self):
        """The board's line on its backend (where its sync rules are)."""
        self.ensure_one()
        if not self.external_id:
            return self.env["trello.board"]
        return (
            self.env["trello.board"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", self.backend_id.id),
                    ("external_id", "=", self.external_id),
                ],
                limit=1,
            )
        )

    def _sync_rules(self):
        """The board's sync rules (``sync_rules.SyncRules``)."""
        return SyncRules.of_board(self._board_line())

    @api.model
    def import_board(self, backend, external_id, full=False):
        """Import a board: fully the first time, then from its actions."""
        with backend._work_on_trello(self._name) as work:
            importer = work.component(usage=usage.BOARD_IMPORTER)
            summary = importer.run(external_id, full=full)
        # the board's line on the backend form keeps the outcome (jobs too),
        # and the synchronization log every run's, with the importer's counts
        backend.board_ids.filtered(
            lambda b: b.external_id == external_id
        )._record_sync_result(True, summary, counts=import_summary.counts_of(summary))
        return summary


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

    def trello_export(self, fields=None):
        """Export the projects' changes to their boards now (a project user
        who may write the projects, or the connector)."""
        return [
            binding.export_record(fields=fields)
            for binding in records_to_export(self, "write").sudo().trello_bind_ids
            if binding.external_id and not binding.trello_deleted
        ]

    def action_trello_export_board(self):
        """Create a board for this project (connector managers only).

        Its stages become lists and its tasks cards; the board is ticked on
        the backend. Never implicit: only this button creates a board. The
        caller is checked first, before anything is read or sent.
        """
        self.ensure_one()
        self._check_trello_export_board_caller()
        return self._trello_export_board()

    def _check_trello_export_board_caller(self):
        """Only a connector manager who may write the project exports it."""
        self.check_access("write")
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only connector managers can export a project to Trello.")
            )

    def _trello_export_board(self):
        """Export the project as a new board, now, in this transaction (hook:
        the queue addon runs it as a chain of jobs instead)."""
        if self.trello_bind_ids:
            raise UserError(self.env._("This project already has a Trello board."))
        backend = self._trello_export_board_backend()
        binding = self._trello_export_board_binding(backend)
        try:
            binding.export_record()
        except TRELLO_ERRORS as err:
            sentence = self.env._(
                "The project %(name)s was not exported to Trello: %(error)s",
                name=self.name,
                error=backend._describe_error(err, about_object=True),
            )
            raise refused_in_a_click(err, sentence) from err
        return backend._notify(
            self.env._("Exported to Trello"),
            self.env._("The board %(name)s was created in Trello.", name=self.name),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def _trello_export_board_backend(self):
        """The confirmed backend of the project's company that may export."""
        company = self.company_id or self.env.company
        backend = self.env["trello.backend"].search(
            [("state", "=", "confirmed"), ("company_id", "=", company.id)],
            limit=1,
        )
        if not backend:
            raise UserError(
                self.env._(
                    "No confirmed Trello backend for this company: check the "
                    "connection of a backend first."
                )
            )
        if not backend._allows_export():
            raise UserError(
                self.env._(
                    "The Trello backend %(name)s imports only.", name=backend.name
                )
            )
        return backend

    def _trello_export_board_binding(self, backend):
        """The board binding of this project, not yet in Trello."""
        return (
            self.env["trello.project.project"]
            .with_context(connector_no_export=True)
            .create({"odoo_id": self.id, "backend_id": backend.id})
        )

    def action_trello_offer_properties(self):
        """The project form's button: its boards offer the task properties
        no custom field holds (see ``trello.project.project``). Connector
        managers who may write the project, as **Export to Trello**."""
        self._check_trello_export_board_caller()
        boards = self.sudo().trello_bind_ids.filtered("external_id")
        if not boards:
            raise UserError(self.env._("This project is not synchronized with Trello."))
        return boards.action_offer_properties()

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.utils import must_run_without_delay

from ..jobs import delay_project_export_board

MANAGER_GROUP = "connector.group_connector_manager"


class ProjectProject(models.Model):
    _inherit = "project.project"

    trello_export_state = fields.Selection(
        related="trello_bind_ids.export_state",
        string="Trello Export",
        groups=MANAGER_GROUP,
    )
    trello_export_progress = fields.Char(
        string="Export Progress",
        compute="_compute_trello_export_progress",
        groups=MANAGER_GROUP,
    )
    trello_export_error = fields.Text(
        related="trello_bind_ids.export_error",
        string="Trello Export Error",
        groups=MANAGER_GROUP,
    )

    def _compute_trello_export_progress(self):
        for project in self:
            board = project.sudo().trello_bind_ids.filtered("export_state")[:1]
            if not board:
                project.trello_export_progress = False
                continue
            with board._project_page_exporter() as exporter:
                done, total = exporter.progress(board.with_env(exporter.env))
            project.trello_export_progress = self.env._(
                "Trello export: %(done)s of %(total)s tasks", done=done, total=total
            )

    def _trello_export_board(self):
        """With the job runner: the export runs as a chain of jobs.

        The board and its lists in a first job, then the cards by pages
        (see ``export_board_start``). A second click while the chain runs
        adds nothing; after a chain that stopped (a job failed for good),
        it runs the chain again from where it stopped. Without the job
        runner (``queue_job__no_delay``), the export runs in the click.
        """
        if must_run_without_delay(self.env):
            return super()._trello_export_board()
        board = self.sudo().trello_bind_ids[:1]
        if board and (board.export_state in (False, "done")):
            raise UserError(self.env._("This project already has a Trello board."))
        if board and board._export_chain_goes_on():
            return board.backend_id._notify(
                self.env._("Export to Trello under way"),
                self.env._(
                    "The export of %(name)s is under way in the jobs.",
                    name=self.name,
                ),
            )
        if not board:
            backend = self._trello_export_board_backend()
            board = self._trello_export_board_binding(backend).sudo()
        board._write_export_state("running", False)
        delay_project_export_board(board.with_env(self.env))
        return board.backend_id._notify(
            self.env._("Export to Trello started"),
            self.env._(
                "The board %(name)s, its lists and then its cards are created "
                "in Trello by jobs; the project's Trello tab shows how far "
                "they are.",
                name=self.name,
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

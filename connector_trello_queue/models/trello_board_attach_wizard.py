# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.queue_job.utils import must_run_without_delay

from ..jobs import delay_board_attach


class TrelloBoardAttachWizard(models.TransientModel):
    _inherit = "trello.board.attach.wizard"

    def action_apply(self):
        """With the job runner: the work runs as jobs, none in the click.

        The click checks the caller and the project, binds the board to
        the project (no request) and delays one job (lists matched, board
        imported, missing lists made), followed by the project export's card
        pages for the tasks without a card; the project's Trello tab shows
        how far they are. A second click while a job of it waits adds
        nothing; after, it runs the jobs again, which make nothing new.
        Without the job runner (``queue_job__no_delay``), it runs in the
        click, as without this addon.
        """
        if must_run_without_delay(self.env):
            return super().action_apply()
        self._check_caller()
        self._check_project()
        board = self._bind_project()
        backend = board.backend_id
        if board._export_chain_goes_on():
            return backend._notify(
                self.env._("Synchronization under way"),
                self.env._(
                    "The board %(board)s is being synchronized with the project "
                    "%(project)s by jobs.",
                    board=self.board_id.name,
                    project=self.project_id.name,
                ),
            )
        board._write_export_state("running", False)
        delay_board_attach(
            board.with_env(self.env), self.export_tasks, self.board_id.name
        )
        return backend._notify(
            self.env._("Synchronization started"),
            self.env._(
                "The board %(board)s is synchronized with the project "
                "%(project)s by jobs: its lists, its cards, then the tasks "
                "without a card; the project's Trello tab shows how far they "
                "are.",
                board=self.board_id.name,
                project=self.project_id.name,
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

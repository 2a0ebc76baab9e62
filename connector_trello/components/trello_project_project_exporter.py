# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo.addons.component.core import Component
from odoo.addons.connector.exception import InvalidDataError

from ..chatter import post_connector_note
from ..client import TrelloRequestError

_logger = logging.getLogger(__name__)


class TrelloProjectProjectExporter(Component):
    """Project -> a new board, with its stages as lists and tasks as cards.

    Only an explicit "Export to Trello" creates a board; the board is then
    listed and ticked on the backend, so the next synchronization imports
    it (and finds everything already bound: nothing is duplicated).
    """

    _name = "trello.project.project.exporter"
    _inherit = "trello.exporter"
    _apply_on = ["trello.project.project"]
    _parent_field = False  # a board is looked for among the member's boards
    _check_conflicts = True

    def _binding_values(self, response):
        return {
            "trello_url": response.get("url") or self.binding.trello_url,
            "trello_desc": response.get("desc") or "",
        }

    def _after_export(self, response):
        if not self.binding_created_now:
            return
        board = self.binding
        self._list_board(board, response)
        self._export_lists(board)
        self._export_cards(board)

    def _list_board(self, board, response):
        """List and tick the new board on the backend, so that the next
        synchronization imports it (and finds everything bound)."""
        values = {
            "backend_id": self.backend_record.id,
            "external_id": board.external_id,
            "name": response.get("name"),
            "url": response.get("url"),
            "synchronize": True,
        }
        # Listed already when a "Fetch boards" ran between two tries of the
        # export (the board an earlier try made, see ``_created_before``).
        listed = self.env["trello.board"].search(
            [
                ("backend_id", "=", self.backend_record.id),
                ("external_id", "=", board.external_id),
            ]
        )
        if listed:
            listed.write(values)
        else:
            self.env["trello.board"].create(values)

    def _export_lists(self, board):
        """The project's stages as the board's lists (a bound one: no request)."""
        stages = board.odoo_id.type_ids.sorted(lambda s: (s.sequence, s.id))
        for stage in stages:
            self._export_dependency(
                stage, "trello.project.task.type", project_binding_id=board
            )

    def _export_cards(self, board):
        """The project's tasks as cards, here in this same call (hook: the
        queue addon exports them by pages, one job each)."""
        for task in self._board_tasks(board):
            self._export_task_card(board, task)

    def _export_task_card(self, board, task):
        """Export one task of the project; True when it has its card.

        A project export never fails on one task: what Trello refuses of a
        task as a whole (its fields one by one are left out by the partial
        write) is rolled back alone and said on the task's chatter; the
        other tasks go on.
        """
        try:
            with self.env.cr.savepoint():
                self._export_dependency(
                    task, "trello.project.task", project_binding_id=board
                )
        except (TrelloRequestError, InvalidDataError) as err:
            _logger.info("Task %s not exported to Trello: %s", task.id, err)
            post_connector_note(
                task,
                self.env._(
                    "Trello refused this task's card (%(error)s): the "
                    "project's other tasks were exported.",
                    error=str(err),
                ),
            )
            return False
        return True

    def _board_tasks(self, board, domain=None):
        """The project's top-level tasks (archived too), in the export's
        order: by list, then as in the list."""
        return (
            self.env["project.task"]
            .with_context(active_test=False)
            .search(
                [("project_id", "=", board.odoo_id.id), ("parent_id", "=", False)]
                + (domain or []),
                order="stage_id, sequence, id",
            )
        )

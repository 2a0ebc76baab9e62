# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector_trello import usage
from odoo.addons.connector_trello.sync_rules import task_facts


class TrelloProjectPageExporter(Component):
    """A project's export to a new board, as a chain of jobs.

    The board job makes (or, after a failed try, binds) the board and its
    lists and ticks the board; then each card page job exports the next
    tasks still without a card, at most ``page_size``. A task whose card is
    bound is never sent again (0 requests), a card an earlier try made is
    bound from its create intent: a page that fails is retried alone, and
    resumes where it stopped. The model methods delay the jobs.
    """

    _name = "trello.project.page.exporter"
    _inherit = "trello.project.project.exporter"
    _usage = usage.PROJECT_PAGE_EXPORTER

    def _export_cards(self, board):
        """Not in the board job: the card page jobs export them."""

    # -- the board job -------------------------------------------------------

    def run_board(self, board):
        """Create (or bind) the board, its lists, and tick it.

        A board already in Trello (a second run of the chain) is only
        updated, its bound lists cost nothing and the missing ones are made.
        """
        result = self.run(board)
        if not self.binding_created_now and board.external_id:
            self._export_lists(board)
        return result

    # -- the card page jobs --------------------------------------------------

    def run_page(self, board, page_size):
        """Export the next ``page_size`` tasks without a card; return how
        many got one (their bindings hold the Trello ids)."""
        before = len(self.exported_tasks(board))
        for task in self.pending_tasks(board, limit=page_size):
            self._export_task_card(board, task)
        return len(self.exported_tasks(board)) - before

    def progress(self, board):
        """``(exported, total)``: the project's tasks with a card on the
        board, of those the export makes cards of."""
        others = self._tasks_of_other_boards(board)
        exported = self.exported_tasks(board)
        total = self._inside_rules(
            board, self._board_tasks(board, self._exportable_domain(board))
        )
        return len(exported & total), len(total - others)

    def pending_tasks(self, board, limit=None):
        """The tasks still without a card, in the export's order."""
        done = self.exported_tasks(board) | self._tasks_of_other_boards(board)
        domain = self._exportable_domain(board) + [("id", "not in", done.ids)]
        tasks = self._inside_rules(board, self._board_tasks(board, domain))
        return tasks[:limit] if limit else tasks

    @staticmethod
    def _inside_rules(board, tasks):
        """The tasks the board's sync rules let the card exporter make
        cards of (its ``_outside_rules``): a task outside them is never
        exported, so the pages neither wait for it nor count it."""
        rules = board._sync_rules()
        if not rules:
            return tasks
        return tasks.filtered(lambda task: not rules.outside(**task_facts(task)))

    def exported_tasks(self, board):
        """The project's tasks whose card on this board is in Trello."""
        return (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search(
                [
                    ("project_binding_id", "=", board.id),
                    ("external_id", "!=", False),
                ]
            )
            .odoo_id
        )

    def _tasks_of_other_boards(self, board):
        """Tasks bound on this backend to another board (moved from one):
        not this export's."""
        return (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search(
                [
                    ("backend_id", "=", self.backend_record.id),
                    ("project_id", "=", board.odoo_id.id),
                    ("project_binding_id", "!=", board.id),
                ]
            )
            .odoo_id
        )

    def _exportable_domain(self, board):
        """What the card exporter would skip is left out (see its
        ``_must_skip``): no stage, or the list of another board."""
        foreign = (
            self.env["trello.project.task.type"]
            .with_context(active_test=False)
            .search(
                [
                    ("backend_id", "=", self.backend_record.id),
                    ("project_binding_id", "!=", board.id),
                ]
            )
            .odoo_id
        )
        return [("stage_id", "!=", False), ("stage_id", "not in", foreign.ids)]

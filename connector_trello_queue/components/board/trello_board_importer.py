# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector_trello import import_summary, usage

from ...jobs import PAGE_JOBS_CONTEXT


class TrelloBoardImporter(Component):
    """The board import under jobs: large boards by page jobs, one at a time.

    A large full import runs as a chain of page jobs (see
    ``trello.board.page.importer``) and marks the board binding meanwhile.
    Any other import of the board (cron, webhook, Synchronize) waits for it
    (``run``); when the chain is broken (no job of it left to run), the full
    import starts again.

    In a job, a board of more than one card page goes on in page jobs
    (``_run_full``). The board job reads the board and the first card page
    as the full import does (the same requests). When that page is full
    (1,000 cards: Trello has more), it stores it and hands over to the page
    importer, which delays one job per further page and a final job. A board
    of one page is imported in this job, as before. Outside a job (or when
    jobs run inline) nothing changes.
    """

    _inherit = "trello.board.importer"

    def run(self, external_id, full=False):
        binding = self.binder.to_internal(external_id)
        if binding and binding.page_import_token:
            self._lock_checkpoint(binding)
            pages = self.component(usage=usage.BOARD_PAGE_IMPORTER)
            pages.wait_for_paged_import(binding)
            full = True  # the broken import was a full one: do it again
        return super().run(external_id, full=full)

    def _run_full(self, external_id):
        if not self.env.context.get(PAGE_JOBS_CONTEXT):
            return super()._run_full(external_id)
        before = import_summary.snapshot(
            self.backend_record, self.binder.to_internal(external_id)
        )
        board = self.backend_adapter.read_board(external_id)
        binding = self._import_board(board)
        page = self.backend_adapter.card_page(binding.external_id)
        cursor = self.backend_adapter.next_card_cursor(binding.external_id, page)
        card_importer = self._bulk_importer("trello.project.task")
        card_ids = set(card_importer.run(page, project_binding=binding))
        if cursor is None:
            self._finish_full(binding, card_ids, self._newest_action(board))
            return self._full_summary(binding, before)
        counts = import_summary.changes(self.backend_record, binding, before)
        return self.component(usage=usage.BOARD_PAGE_IMPORTER).start(
            binding, cursor, self._newest_action(board), counts
        )

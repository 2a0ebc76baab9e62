# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector_trello import import_summary, usage

from ...jobs import PAGE_JOBS_CONTEXT


class TrelloBoardFullImporter(Component):
    """In a job, a board of more than one card page goes on in page jobs.

    The board job reads the board and the first card page as the full
    import does (the same requests). When that page is full (1,000 cards:
    Trello has more), it stores it and hands over to the page importer
    (``trello.board.page.importer``), which delays one job per further page
    and a final job. A board of one page is imported in this job, as before.
    Outside a job (or when jobs run inline) nothing changes.
    """

    _inherit = "trello.board.full.importer"

    def run(self, external_id):
        if not self.env.context.get(PAGE_JOBS_CONTEXT):
            return super().run(external_id)
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
            self._finish(binding, card_ids, self._newest_action(board))
            return self._summary(binding, before)
        counts = import_summary.changes(self.backend_record, binding, before)
        return self.component(usage=usage.BOARD_PAGE_IMPORTER).start(
            binding, cursor, self._newest_action(board), counts
        )

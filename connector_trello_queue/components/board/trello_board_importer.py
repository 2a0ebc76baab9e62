# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector_trello import usage


class TrelloBoardImporter(Component):
    """No second import of a board while its page jobs import it.

    A large full import runs as a chain of page jobs (see
    ``trello.board.page.importer``) and marks the board binding meanwhile.
    Any other import of the board (cron, webhook, Synchronize) waits for it;
    when the chain is broken (no job of it left to run), the full import
    starts again.
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

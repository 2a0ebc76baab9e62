# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from ... import import_summary, usage


class TrelloBoardFullImporter(Component):
    """Import a whole board from a full read (the first time, or on demand).

    Cost, for a board of ``n`` cards and ``c`` comments: the nested board
    read (board, lists, labels, members and the newest action),
    ``ceil(n / 1000)`` card pages (with checklists and attachments) and
    ``ceil(c / 1000)`` comment pages.
    """

    _name = "trello.board.full.importer"
    _inherit = "trello.board.import.base"
    _usage = usage.BOARD_FULL_IMPORTER

    def run(self, external_id):
        """Import the board ``external_id``; return the summary."""
        before = import_summary.snapshot(
            self.backend_record, self.binder.to_internal(external_id)
        )
        board = self.backend_adapter.read_board(external_id)
        binding = self._import_board(board)
        cards = self._import_cards(binding)
        self._finish(binding, cards, self._newest_action(board))
        return self._summary(binding, before)

    def _finish(self, binding, card_ids, newest_action):
        """What follows the cards, once every card page is stored.

        ``card_ids`` are the ids of every card Trello listed, and
        ``newest_action`` the checkpoint read with the board (see
        ``_newest_action``). A separate step because an import read by page
        jobs (connector_trello_queue) runs it in its last job.
        """
        self._delete_vanished(binding, "trello.project.task", card_ids)
        self._import_comments(binding)
        self._resequence(binding)
        self._store_checkpoint(binding, newest_action)
        self._store_rules_signature(binding)

    def _store_rules_signature(self, binding):
        """Every card was evaluated against these rules (see the board
        importer's ``_rules_changed``)."""
        signature = binding._sync_rules().signature()
        if (binding.rules_signature or "") != signature:
            binding.with_context(**self._connector_context()).write(
                {"rules_signature": signature}
            )

    def _summary(self, binding, before):
        """The one-line summary: what changed since the ``before`` snapshot."""
        counts = import_summary.changes(self.backend_record, binding, before)
        return import_summary.sentence(self.env, binding.name, counts, full=True)

    def _import_cards(self, binding):
        """Every card of the board, by pages; return the ids Trello listed."""
        card_importer = self._bulk_importer("trello.project.task")
        cards = self.backend_adapter.cards(binding.external_id)
        return set(card_importer.run(cards, project_binding=binding))

    def _import_comments(self, binding):
        """Every comment of the board (unless the backend skips them).

        Comments are actions, not card fields: they are read from the
        board's ``commentCard`` actions, 1000 per page, not card by card.
        """
        if not self.backend_record.import_comments:
            return 0
        comment_importer = self._bulk_importer("trello.mail.message")
        actions = self.backend_adapter.actions(
            binding.external_id, filter="commentCard"
        )
        return len(comment_importer.run(actions))

    @staticmethod
    def _newest_action(board):
        """The checkpoint: the newest action, read *before* the cards.

        A change made while the cards are read is newer than it, so the
        next incremental import reads it again: nothing falls in between.
        """
        return (board.get("actions") or [])[:1]

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from ... import usage


class TrelloBoardImporter(Component):
    """Import a whole board: full the first time, from its actions after.

    The entry point of ``trello.project.project.import_board``. It locks the
    board and hands over to the full importer
    (``trello.board.full.importer``) or the incremental one
    (``trello.board.incremental.importer``); these rank the tasks with the
    resequencer and sort the actions with the action classifier.

    The checkpoint (the newest action whose changes are stored) is locked for
    the whole import and moves only once everything is written, in the same
    transaction: a failed import is simply done again.
    """

    _name = "trello.board.importer"
    _inherit = "trello.board.import.base"
    _usage = usage.BOARD_IMPORTER

    def run(self, external_id, full=False):
        """Import the board ``external_id``; return a one-line summary."""
        if not self.backend_record._allows_import():
            return self.env._(
                "Board %(board)s: not imported, the backend exports only.",
                board=external_id,
            )
        binding = self.binder.to_internal(external_id)
        if binding:
            self._lock_checkpoint(binding)
        if self._is_incremental(binding, full):
            return self.component(usage=usage.BOARD_INCREMENTAL_IMPORTER).run(binding)
        return self.component(usage=usage.BOARD_FULL_IMPORTER).run(external_id)

    def _is_incremental(self, binding, full):
        """Incremental once a checkpoint exists, unless a full one is asked.

        Without a checkpoint (first import, or a board without any action)
        there is nothing to continue from: the whole board is read; so it
        is after a change of the board's sync rules.
        """
        return bool(
            binding
            and binding.last_action_id
            and not full
            and not self._rules_changed(binding)
        )

    @staticmethod
    def _rules_changed(binding):
        """The board's sync rules changed since its last full import: the
        whole board is read again, so that every card is re-evaluated."""
        return (binding.rules_signature or "") != binding._sync_rules().signature()

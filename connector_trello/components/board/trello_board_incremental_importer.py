# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.addons.component.core import Component

from ... import checkpoint, import_summary, usage
from ...tools import same_trello_value, trello_id

#: Up to this many changed cards are read by batches of 10; more are read by
#: pages of 1000, which is cheaper past ``10 * ceil(cards / 1000)``.
BATCH_READ_LIMIT = 50


class TrelloBoardIncrementalImporter(Component):
    """Import what changed on a board since its checkpoint, from its actions.

    Cost: ``ceil(a / 1000)`` action pages for ``a`` actions since the
    checkpoint, one board read when lists, labels or members changed, and
    the changed cards by batches of 10 (or by pages when many changed).
    """

    _name = "trello.board.incremental.importer"
    _inherit = "trello.board.import.base"
    _usage = usage.BOARD_INCREMENTAL_IMPORTER

    def run(self, binding):
        """Apply the board's new actions to ``binding``; return the summary."""
        actions = self._new_actions(binding)
        if not actions:
            return self.env._("Board %(board)s: no change.", board=binding.name)
        before = import_summary.snapshot(self.backend_record, binding)
        changes = self.component(usage=usage.ACTION_CLASSIFIER).classify(actions)
        self._remember_authors(changes)
        if changes.board:
            self._import_board(self.backend_adapter.read_board(binding.external_id))
        self._import_changed_cards(binding, changes.cards)
        self._note_overwritten(actions)
        self._delete_cards(binding, changes.gone_cards)
        self._import_comments(changes.comments)
        self._delete("trello.mail.message", changes.gone_comments)
        self._resequence(binding, changes.cards)
        self._store_checkpoint(binding, actions)
        counts = import_summary.changes(self.backend_record, binding, before)
        return import_summary.sentence(
            self.env, binding.name, counts, actions=len(actions)
        )

    def _remember_authors(self, changes):
        """Who changed each card, for the chatter notes of this import
        (``trello.import.tracker``): from the actions read, no request."""
        sync = getattr(self.work, "trello_sync", None)
        if sync is not None:
            sync["changed_by"] = changes.changed_by

    def _new_actions(self, binding):
        """The actions not stored yet, oldest first.

        Trello is asked from a second before the checkpoint (see
        :mod:`..checkpoint`): the actions of that second already stored come
        back and are dropped here, the others are new even when their id is
        smaller than the checkpoint's.
        """
        since = checkpoint.since(binding.last_action_id, binding.last_action_date)
        seen = self._seen_actions(binding)
        actions = [
            action
            for action in self.backend_adapter.actions(binding.external_id, since=since)
            if trello_id(action) not in seen
        ]
        actions.reverse()  # Trello answers newest first; apply oldest first
        return actions

    def _note_overwritten(self, actions):
        """Name in the chatter what an export's ``PUT`` overwrote in Trello.

        The export keeps what its read showed of each field it writes
        (``trello_written_over``); the ``PUT``'s ``updateCard`` action keeps
        what the card really held (``data.old``). When they differ, someone
        wrote in Trello between the read and the ``PUT``: the value is gone
        on both sides, and the note names it. From the actions already
        read: no request. Nothing is written back (an import after an export
        writes nothing): the next ``PUT`` of a field replaces what its read
        showed, and each action is read once.
        """
        written = self._own_card_writes(actions)
        binder = self.binder_for("trello.project.task")
        resolver = self.component(
            usage=usage.CONFLICT_RESOLVER, model_name="trello.project.task"
        )
        for card_id, keys in written.items():
            binding = binder.to_internal(card_id)
            over = json.loads(binding.trello_written_over or "{}") if binding else {}
            for key, (old, new) in keys.items():
                if key in over and not same_trello_value(key, old, over[key]):
                    resolver.note_overwritten(binding, key, new, old)

    def _own_card_writes(self, actions):
        """``{card id: {key: (old, new)}}`` of the backend's own last
        ``updateCard`` of each card field (the export's ``PUT``)."""
        me = self.backend_record.member_external_id
        written = {}
        for action in actions:
            data = action.get("data") or {}
            card = data.get("card") or {}
            if action.get("type") != "updateCard" or not card.get("id"):
                continue
            if not me or action.get("idMemberCreator") != me:
                continue
            for key, old in (data.get("old") or {}).items():
                written.setdefault(card["id"], {})[key] = (old, card.get(key))
        return written

    def _import_changed_cards(self, binding, card_ids):
        """Read the changed cards again: by batches of 10, or by pages."""
        if not card_ids:
            return
        if len(card_ids) <= BATCH_READ_LIMIT:
            self._import_cards_by_batch(binding, list(card_ids))
        else:
            self._import_cards_by_page(binding, card_ids)

    def _import_cards_by_batch(self, binding, card_ids):
        """Few cards: 10 per request; a 404 or another board means gone.

        Any other failure raises before anything is archived (see
        ``trello.adapter.read_many``).
        """
        card_importer = self._bulk_importer("trello.project.task")
        cards = self.component(
            usage=usage.ADAPTER, model_name="trello.project.task"
        ).read_many(card_ids)
        on_board = [
            card
            for card in cards.values()
            if card and card.get("idBoard") == binding.external_id
        ]
        seen = set(card_importer.run(on_board, project_binding=binding))
        self._delete_cards(binding, [c for c in cards if c not in seen])

    def _import_cards_by_page(self, binding, card_ids):
        """Many cards: the board's card pages; the ones not listed are gone."""
        card_importer = self._bulk_importer("trello.project.task")
        cards = self.backend_adapter.cards(binding.external_id)
        changed = (card for card in cards if trello_id(card) in card_ids)
        seen = set(card_importer.run(changed, project_binding=binding))
        self._delete_cards(binding, set(card_ids) - seen)

    def _delete_cards(self, binding, card_ids):
        """Archive the tasks of cards gone from the board, unless moved.

        A card moved to another synchronized board is imported by that
        board's import, which may have run first (boards are synchronized by
        name): its task then belongs to the other board, and archiving it
        here would undo that import. When this board runs first, the other
        board's import revives the archived task.
        """
        card_ids = list(card_ids)
        if not card_ids:
            return
        bound = self.binder_for("trello.project.task").to_internal_many(card_ids)
        moved = {
            card_id
            for card_id, card in bound.items()
            if card.project_binding_id and card.project_binding_id != binding
        }
        self._delete("trello.project.task", [c for c in card_ids if c not in moved])

    def _import_comments(self, actions):
        """New and edited comments (unless the backend skips comments)."""
        if not actions or not self.backend_record.import_comments:
            return
        importer = self._importer("trello.mail.message")
        for action in actions:
            if action.get("id"):
                importer.run(action["id"], data=action)

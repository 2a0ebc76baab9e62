# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import fields

from odoo.addons.component.core import Component

from ... import checkpoint, import_summary, usage
from ...tools import same_trello_value, trello_id

#: Up to this many changed cards are read by batches of 10; more are read by
#: pages of 1000, which is cheaper past ``10 * ceil(cards / 1000)``.
BATCH_READ_LIMIT = 50


class TrelloBoardImporter(Component):
    """Import a whole board: full the first time, from its actions after.

    The entry point of ``trello.project.project.import_board``, in one
    component: ``run`` locks the board and runs the full import
    (``_run_full``: the board read, its card and comment pages) or the
    incremental one (``_run_incremental``: the actions since the checkpoint,
    sorted by the action classifier, and the changed cards); both end with
    the steps they share (the board snapshot, archiving what Trello no
    longer has, ranking by ``pos`` with the resequencer, moving the
    checkpoint). Built on the framework's ``base.importer`` (as the record
    importer is): ``backend_adapter`` and ``binder`` are the board's.

    The checkpoint (the newest action whose changes are stored) is locked for
    the whole import and moves only once everything is written, in the same
    transaction: a failed import is simply done again.
    """

    _name = "trello.board.importer"
    _inherit = ["base.importer", "trello.base"]
    _apply_on = ["trello.project.project"]
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
            return self._run_incremental(binding)
        return self._run_full(external_id)

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

    # -- the full import -----------------------------------------------------

    def _run_full(self, external_id):
        """Import the board ``external_id`` from a full read; return the
        summary.

        Cost, for a board of ``n`` cards and ``c`` comments: the nested
        board read (board, lists, labels, members and the newest action),
        ``ceil(n / 1000)`` card pages (with checklists and attachments) and
        ``ceil(c / 1000)`` comment pages.
        """
        before = import_summary.snapshot(
            self.backend_record, self.binder.to_internal(external_id)
        )
        board = self.backend_adapter.read_board(external_id)
        binding = self._import_board(board)
        cards = self._import_all_cards(binding)
        self._finish_full(binding, cards, self._newest_action(board))
        return self._full_summary(binding, before)

    def _finish_full(self, binding, card_ids, newest_action):
        """What follows the cards, once every card page is stored.

        ``card_ids`` are the ids of every card Trello listed, and
        ``newest_action`` the checkpoint read with the board (see
        ``_newest_action``). A separate step because an import read by page
        jobs (connector_trello_queue) runs it in its last job.
        """
        self._delete_vanished(binding, "trello.project.task", card_ids)
        self._import_all_comments(binding)
        self._resequence(binding)
        self._store_checkpoint(binding, newest_action)
        self._store_rules_signature(binding)

    def _store_rules_signature(self, binding):
        """Every card was evaluated against these rules (see
        ``_rules_changed``)."""
        signature = binding._sync_rules().signature()
        if (binding.rules_signature or "") != signature:
            binding.with_context(**self._connector_context()).write(
                {"rules_signature": signature}
            )

    def _full_summary(self, binding, before):
        """The one-line summary: what changed since the ``before`` snapshot."""
        counts = import_summary.changes(self.backend_record, binding, before)
        return import_summary.sentence(self.env, binding.name, counts, full=True)

    def _import_all_cards(self, binding):
        """Every card of the board, by pages; return the ids Trello listed."""
        card_importer = self._bulk_importer("trello.project.task")
        cards = self.backend_adapter.cards(binding.external_id)
        return set(card_importer.run(cards, project_binding=binding))

    def _import_all_comments(self, binding):
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

    # -- the incremental import ----------------------------------------------

    def _run_incremental(self, binding):
        """Apply the board's new actions to ``binding``; return the summary.

        Cost: ``ceil(a / 1000)`` action pages for ``a`` actions since the
        checkpoint, one board read when lists, labels or members changed,
        and the changed cards by batches of 10 (or by pages when many
        changed).
        """
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
        self._import_new_comments(changes.comments)
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

    def _import_new_comments(self, actions):
        """New and edited comments (unless the backend skips comments)."""
        if not actions or not self.backend_record.import_comments:
            return
        importer = self._importer("trello.mail.message")
        for action in actions:
            if action.get("id"):
                importer.run(action["id"], data=action)

    # -- the steps both share -------------------------------------------------

    def _importer(self, model):
        """The record importer of ``model``, in this synchronization."""
        return self.component(usage=usage.RECORD_IMPORTER, model_name=model)

    def _bulk_importer(self, model):
        """The bulk importer of ``model``: pages of objects in few queries."""
        return self.component(usage=usage.BULK_IMPORTER, model_name=model)

    def _lock_checkpoint(self, binding):
        """Row lock on the board binding: one import of a board at a time.

        It covers every object of the board, so the record importers it runs
        take no lock of their own (see ``trello.importer._locked``). A job
        that finds it held comes back in 2 s, like the other locks: without
        ``seconds`` queue_job would postpone it by its default of 10 minutes.
        """
        self.component(usage=usage.LOCKER).lock(binding, seconds=2)
        sync = getattr(self.work, "trello_sync", None)
        if sync is not None:
            sync["locked"] = True

    def _import_board(self, board):
        """The board record, then its members, labels and lists.

        The board comes first because everything else points at it; it is
        locked as soon as it exists, before anything of it is written.
        """
        board_id = trello_id(board)
        self._importer("trello.project.project").run(board_id, force=True, data=board)
        binding = self.binder.to_internal(board_id)
        self._lock_checkpoint(binding)
        member_importer = self._importer("trello.member")
        for member in board.get("members") or []:
            member_importer.run(trello_id(member), data=member)
        label_importer = self._importer("trello.project.tags")
        label_ids = set()
        for label in board.get("labels") or []:
            label_ids.add(trello_id(label))
            label_importer.run(label["id"], data=label, project_binding=binding)
        self._delete_vanished(binding, "trello.project.tags", label_ids)
        list_importer = self._importer("trello.project.task.type")
        for trello_list in board.get("lists") or []:
            list_importer.run(
                trello_id(trello_list), data=trello_list, project_binding=binding
            )
        # the custom fields, as task properties, before any card's values
        binding._apply_custom_fields(board.get("customFields"))
        return binding

    def _delete_vanished(self, binding, model, seen):
        """A full read lists every object: the bound ones it lacks are gone."""
        vanished = (
            self.env[model]
            .with_context(active_test=False)
            .search(
                [
                    ("project_binding_id", "=", binding.id),
                    ("trello_deleted", "=", False),
                    ("external_id", "not in", list(seen)),
                ]
            )
        )
        self._delete(model, vanished.mapped("external_id"))

    def _delete(self, model, external_ids):
        """Run the deleter (archive and mark, never unlink) on these ids."""
        deleter = self.component(usage=usage.DELETER, model_name=model)
        for external_id in external_ids:
            deleter.run(external_id)

    def _resequence(self, binding, card_ids=None):
        """Rank stages and tasks by Trello's ``pos`` (see the resequencer)."""
        self.component(usage=usage.RESEQUENCER).run(binding, card_ids=card_ids)

    def _store_checkpoint(self, binding, stored_actions):
        """Move the checkpoint past the actions whose changes are stored.

        The checkpoint becomes the newest of them (by date, then id) and
        remembers the ids of its last second, so that the next import
        neither loses nor repeats an action of that second (see
        :mod:`..checkpoint`). Written in the import's transaction: a failed
        import leaves it where it was.
        """
        if not stored_actions:
            return
        current = []
        if binding.last_action_id:
            current = [{"id": binding.last_action_id, "date": binding.last_action_date}]
        newest = max(current + list(stored_actions), key=checkpoint.sort_key)
        seen = checkpoint.advance(self._seen_actions(binding), stored_actions, newest)
        values = {
            "last_action_id": newest["id"],
            "last_action_date": newest.get("date") or False,
            "last_actions_seen": checkpoint.dump_seen(seen),
        }
        if all(binding[name] == value for name, value in values.items()):
            return  # nothing new was stored: write nothing
        values["last_import_date"] = fields.Datetime.now()
        binding.with_context(**self._connector_context()).write(values)

    @staticmethod
    def _seen_actions(binding):
        """The stored actions of the checkpoint's last second."""
        return checkpoint.load_seen(
            binding.last_actions_seen,
            binding.last_action_id,
            binding.last_action_date,
        )

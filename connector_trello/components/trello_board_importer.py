# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from odoo import fields

from odoo.addons.component.core import Component
from odoo.addons.connector.exception import InvalidDataError

from .. import usage

_logger = logging.getLogger(__name__)

#: Actions that delete a card from the board (for this board's import).
CARD_GONE_ACTIONS = {"deleteCard", "moveCardFromBoard"}
#: Actions that carry a comment the importer stores as it is.
COMMENT_ACTIONS = {"commentCard", "copyCommentCard"}
#: Up to this many changed cards are read by batches of 10; more are read by
#: pages of 1000, which is cheaper past ``10 * ceil(cards / 1000)``.
BATCH_READ_LIMIT = 50


def trello_id(obj):
    """The id of a Trello object read in a list, or a clear error."""
    if not isinstance(obj, dict) or not obj.get("id"):
        raise InvalidDataError(f"Trello sent a malformed object: {str(obj)[:200]}")
    return obj["id"]


class TrelloBoardImporter(Component):
    """Import a whole board: full the first time, from its actions after.

    Cost, for a board of ``n`` cards and ``c`` comments:

    * full import: the nested board read (board, lists, labels, members and
      the newest action), ``ceil(n / 1000)`` card pages (with checklists and
      attachments) and ``ceil(c / 1000)`` comment pages;
    * incremental import: ``ceil(a / 1000)`` action pages for ``a`` actions
      since the checkpoint, one board read when lists, labels or members
      changed, and the changed cards by batches of 10 (or by pages).

    The checkpoint (the newest action whose changes are stored) is locked for
    the whole import and moves only once everything is written, in the same
    transaction: a failed import is simply done again.
    """

    _name = "trello.board.importer"
    _inherit = "trello.base"
    _usage = usage.BOARD_IMPORTER
    _apply_on = ["trello.project.project"]

    def run(self, external_id, full=False):
        binding = self.binder_for().to_internal(external_id)
        if binding:
            self._lock_checkpoint(binding)
        if binding and binding.last_action_id and not full:
            return self._import_incremental(binding)
        return self._import_full(external_id)

    @property
    def adapter(self):
        return self.component(usage=usage.ADAPTER)

    def _importer(self, model):
        return self.component(usage=usage.RECORD_IMPORTER, model_name=model)

    def _batch_importer(self, model):
        return self.component(usage=usage.BATCH_IMPORTER, model_name=model)

    def _lock_checkpoint(self, binding):
        """Row lock on the board binding: one import of a board at a time.

        It covers every object of the board, so the record importers it runs
        take no lock of their own (see ``trello.importer._locked``).
        """
        self.component(usage=usage.LOCKER).lock(binding)
        sync = getattr(self.work, "trello_sync", None)
        if sync is not None:
            sync["locked"] = True

    # -- full ------------------------------------------------------------

    def _import_full(self, external_id):
        board = self.adapter.read_board(external_id)
        binding = self._import_board(board)
        card_importer = self._batch_importer("trello.project.task")
        cards = self.adapter.cards(external_id)
        seen = set(card_importer.run(cards, project_binding=binding))
        self._delete_vanished(binding, "trello.project.task", seen)
        comments = 0
        if self.backend_record.import_comments:
            comment_importer = self._batch_importer("trello.mail.message")
            actions = self.adapter.actions(external_id, filter="commentCard")
            comments = len(comment_importer.run(actions))
        self._resequence(binding)
        newest = (board.get("actions") or [None])[0]
        self._store_checkpoint(binding, newest)
        return self.env._(
            "Board %(board)s: full import of %(cards)s cards and %(comments)s "
            "comments.",
            board=binding.name,
            cards=len(seen),
            comments=comments,
        )

    def _import_board(self, board):
        """The board record, then its members, labels and lists."""
        board_id = trello_id(board)
        self._importer("trello.project.project").run(board_id, force=True, data=board)
        binding = self.binder_for().to_internal(board_id)
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

    # -- incremental -----------------------------------------------------

    def _import_incremental(self, binding):
        actions = [
            action
            for action in self.adapter.actions(
                binding.external_id, since=binding.last_action_id
            )
            if trello_id(action)
        ]
        if not actions:
            return self.env._("Board %(board)s: no change.", board=binding.name)
        actions.reverse()  # Trello answers newest first; apply oldest first
        changes = self._classify_actions(actions)
        if changes["board"]:
            self._import_board(self.adapter.read_board(binding.external_id))
        self._import_changed_cards(binding, changes["cards"])
        self._delete("trello.project.task", changes["gone_cards"])
        self._import_comment_actions(changes["comments"])
        self._delete("trello.mail.message", changes["gone_comments"])
        self._resequence(binding, changes["cards"])
        self._store_checkpoint(binding, actions[-1])
        return self.env._(
            "Board %(board)s: %(actions)s actions, %(cards)s cards changed, "
            "%(gone)s deleted.",
            board=binding.name,
            actions=len(actions),
            cards=len(changes["cards"]),
            gone=len(changes["gone_cards"]),
        )

    def _classify_actions(self, actions):
        """Sort the actions into what must be read again or archived.

        Only ids are taken from the actions (besides comments, which carry
        their whole text): the objects are read again from Trello, so that
        the stored state is Trello's current one, whatever order changes
        happened in.
        """
        changes = {
            "board": False,
            "cards": {},
            "gone_cards": [],
            "comments": [],
            "gone_comments": [],
        }
        for action in actions:
            kind = action.get("type")
            data = action.get("data") or {}
            card_id = (data.get("card") or {}).get("id")
            if kind in COMMENT_ACTIONS:
                changes["comments"].append(action)
            elif kind == "updateComment":
                changes["comments"].append(self._edited_comment(action))
            elif kind == "deleteComment":
                changes["gone_comments"].append((data.get("action") or {}).get("id"))
            elif kind in CARD_GONE_ACTIONS and card_id:
                changes["cards"].pop(card_id, None)
                changes["gone_cards"].append(card_id)
            elif card_id:
                changes["cards"][card_id] = True
            else:
                changes["board"] = True
        changes["gone_comments"] = [c for c in changes["gone_comments"] if c]
        return changes

    @staticmethod
    def _edited_comment(action):
        """An ``updateComment`` action, shaped like the comment it edits."""
        data = action.get("data") or {}
        comment = data.get("action") or {}
        return {
            "id": comment.get("id"),
            "type": "commentCard",
            "idMemberCreator": action.get("idMemberCreator"),
            "memberCreator": action.get("memberCreator"),
            "data": {
                "text": comment.get("text"),
                "card": data.get("card"),
                "dateLastEdited": action.get("date"),
            },
        }

    def _import_changed_cards(self, binding, card_ids):
        if not card_ids:
            return
        card_importer = self._batch_importer("trello.project.task")
        if len(card_ids) <= BATCH_READ_LIMIT:
            cards = self.component(
                usage=usage.ADAPTER, model_name="trello.project.task"
            ).read_many(list(card_ids))
            # None: Trello answered 404; another board: moved away.
            on_board = [
                card
                for card in cards.values()
                if card and card.get("idBoard") == binding.external_id
            ]
            seen = set(card_importer.run(on_board, project_binding=binding))
            self._delete("trello.project.task", [c for c in cards if c not in seen])
            return
        cards = self.adapter.cards(binding.external_id)
        changed = (card for card in cards if trello_id(card) in card_ids)
        seen = set(card_importer.run(changed, project_binding=binding))
        self._delete("trello.project.task", set(card_ids) - seen)

    def _import_comment_actions(self, actions):
        if not actions or not self.backend_record.import_comments:
            return
        importer = self._importer("trello.mail.message")
        for action in actions:
            if action.get("id"):
                importer.run(action["id"], data=action)

    # -- order and checkpoint ---------------------------------------------

    def _resequence(self, binding, card_ids=None):
        """Stages and tasks follow Trello's ``pos`` (a float, not an index).

        Odoo orders by an integer ``sequence``: it becomes the rank by
        ``pos`` (stages within the board, tasks within their list), written
        only where it changed and in one write per rank. Equal positions
        (a card moved to another list keeps its ``pos``) are ordered by
        Trello id, that is by creation. With ``card_ids`` (an incremental
        import) only the stages those cards are in are ranked again: a card
        that left a stage leaves a gap there, not a disorder.
        """
        context = self._connector_context()
        lists = (
            self.env["trello.project.task.type"]
            .with_context(active_test=False)
            .search(
                [("project_binding_id", "=", binding.id)],
                order="trello_pos, external_id",
            )
        )
        self._write_ranks(lists.with_context(**context), [lists])
        Cards = self.env["trello.project.task"].with_context(active_test=False)
        domain = [("project_binding_id", "=", binding.id)]
        if card_ids is not None:
            changed = Cards.search(domain + [("external_id", "in", list(card_ids))])
            domain.append(("stage_id", "in", changed.stage_id.ids))
        # Only the two fields ranked: the whole tasks of a large board would
        # fill the cache (memory growing with the board).
        cards = Cards.search_fetch(
            domain, ["stage_id", "sequence"], order="trello_pos, external_id"
        )
        by_stage = defaultdict(list)
        for card in cards:
            by_stage[card.stage_id.id].append(card)
        self._write_ranks(cards.with_context(**context), by_stage.values())

    @staticmethod
    def _write_ranks(bindings, groups):
        """Write each binding's rank in its group, one write per rank."""
        to_write = defaultdict(list)
        for group in groups:
            for rank, record in enumerate(group, start=1):
                if record.sequence != rank:
                    to_write[rank].append(record.id)
        for rank, ids in to_write.items():
            bindings.browse(ids).write({"sequence": rank})

    def _store_checkpoint(self, binding, newest_action):
        """Move the checkpoint to the newest stored action (if it moved)."""
        if not newest_action or newest_action["id"] == binding.last_action_id:
            return
        binding.with_context(**self._connector_context()).write(
            {
                "last_action_id": newest_action["id"],
                "last_action_date": newest_action.get("date"),
                "last_import_date": fields.Datetime.now(),
            }
        )

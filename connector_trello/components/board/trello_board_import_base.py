# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields

from odoo.addons.component.core import AbstractComponent

from ... import checkpoint, usage
from ...tools import trello_id


class TrelloBoardImportBase(AbstractComponent):
    """What the full and the incremental import of a board share.

    Built on the framework's ``base.importer`` (as the record importer is):
    ``backend_adapter`` and ``binder`` are the board's. The steps here are
    the ones both imports run: the board snapshot (board, members, labels,
    lists), archiving what Trello no longer has, ranking by ``pos`` and
    moving the checkpoint.
    """

    _name = "trello.board.import.base"
    _inherit = ["base.importer", "trello.base"]
    _apply_on = ["trello.project.project"]

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

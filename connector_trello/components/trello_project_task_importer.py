# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.addons.component.core import Component

from .. import custom_fields, usage
from ..client import dumps_synced
from ..sparse_sequence import sparse_sequences
from ..sync_rules import card_created, task_facts
from ..tools import id_to_datetime


class TrelloProjectTaskImporter(Component):
    """Card -> task, with its check items and attachments.

    The board importer passes each card as read in its page of 1000 (with
    ``checklists`` and ``attachments``), so importing a card costs no request
    besides attachment downloads.
    """

    _name = "trello.project.task.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.project.task"]
    _synced_keys = (
        "name",
        "desc",
        "idList",
        "pos",
        "due",
        "start",
        "dueComplete",
        "closed",
        "idMembers",
        "idLabels",
    )
    _children_keys = ("checklists", "attachments")

    def _sync_values(self):
        """The card's keys, and one per custom field of the board.

        A card read without its items keeps the custom field values last
        synchronized: nothing is known of them. An imported card is inside
        its board's sync rules (``trello_rules_state`` cleared).
        """
        values = super()._sync_values()
        values["trello_rules_state"] = False
        board = self.import_options.get("project_binding")
        mapping = custom_fields.load_map(board)
        if not mapping:
            return values
        synced = json.loads(values["trello_synced_values"])
        found = custom_fields.card_values(self.trello_record, mapping)
        if found is None:
            # an export's answer carries the values it wrote, as keys
            binding = self.binder.to_internal(self.external_id)
            old = binding._get_synced_values() if binding else {}
            found = {
                key: self.trello_record.get(key, old.get(key))
                for key in map(custom_fields.key_of, mapping)
            }
        synced.update(found)
        values["trello_synced_values"] = dumps_synced(synced)
        return values

    def _mapper_options(self, binding):
        """The keys Odoo keeps too: the mapper keeps those properties."""
        options = super()._mapper_options(binding)
        options["odoo_kept_keys"] = set(self.odoo_kept_keys)
        return options

    def _is_same(self, binding, name, value):
        """Properties compared with the task's own values (the binding's
        delegated field does not see them, see the mapper)."""
        if name == "task_properties":
            return (value or {}) == (binding.odoo_id.task_properties or {})
        return super()._is_same(binding, name, value)

    def _must_skip(self, binding):
        record = self.trello_record
        if "project_binding" not in self.import_options:
            board = self.binder_for("trello.project.project").to_internal(
                record.get("idBoard")
            )
            if not board:
                return self.env._("The card's board is not synchronized.")
            self.import_options["project_binding"] = board
        board = self.import_options["project_binding"]
        reason = self._rules_skip_reason(board, binding)
        if reason:
            return reason
        if binding:
            # A bound card follows Trello whatever the filters say: an
            # archived card archives its task.
            return None
        backend = self.backend_record
        archived = self._board_rules(board).includes_archived
        if archived is None:
            archived = backend.import_archived_cards
        if record.get("closed") and not archived:
            return self.env._("Archived card: not imported (backend option).")
        since = backend.import_cards_since
        if since and id_to_datetime(record["id"]).date() < since:
            return self.env._("Card created before %(date)s: not imported.", date=since)
        return None

    # -- sync rules ------------------------------------------------------

    def _rules_skip_reason(self, board, binding):
        """Why the card is outside its board's rules, or None.

        A bound card that leaves them has its task archived (or kept, the
        board's option), never deleted, and is marked so that neither
        direction touches it until it is back inside. A card whose task Odoo
        took out of the rules stays out until the task is inside again.
        """
        rules = self._board_rules(board)
        state = binding.trello_rules_state if binding else False
        if not rules and not state:
            return None
        rule = rules and rules.outside(**self._card_facts(board))
        if rule:
            if binding and state != "out_trello":
                self._leave_rules(board, binding)
            return self.env._(
                "Outside the board's sync rules (%(rule)s): not imported.", rule=rule
            )
        if state == "out_odoo" and rules and rules.outside(**task_facts(binding)):
            return self.env._(
                "The task is outside the board's sync rules in Odoo: not imported."
            )
        return None

    def _card_facts(self, board):
        """What the rules ask of the card, as Trello sends it (no request:
        its list's and labels' names are those of their bindings)."""
        record = self.trello_record
        names = self._board_names(board)
        labels = [label.get("name") for label in record.get("labels") or []]
        if "labels" not in record:
            labels = [names.get(label_id) for label_id in record.get("idLabels") or []]
        return {
            "list_name": names.get(record.get("idList")),
            "label_names": labels,
            "closed": bool(record.get("closed")),
            "created": card_created(record.get("id")),
        }

    def _board_names(self, board):
        """``{Trello id: name}`` of the board's lists and labels (one query
        each, once a synchronization, after the board's lists and labels)."""
        sync = getattr(self.work, "trello_sync", None)
        cache = sync.setdefault("rule_names", {}) if sync is not None else {}
        if board.id not in cache:
            found = {}
            for model, field in (
                ("trello.project.task.type", "name"),
                ("trello.project.tags", "trello_name"),
            ):
                for binding in (
                    self.env[model]
                    .with_context(active_test=False)
                    .search_fetch(
                        [("project_binding_id", "=", board.id)],
                        ["external_id", field],
                    )
                ):
                    found[binding.external_id] = binding[field]
            cache[board.id] = found
        return cache[board.id]

    def _leave_rules(self, board, binding):
        """The card left the rules: mark it, archive its task (or keep it)."""
        self._lock_written([binding.external_id])
        values = {"trello_rules_state": "out_trello"}
        if board._board_line().rule_leaving != "keep":
            values["active"] = False
        binding.with_context(**self._connector_context()).write(values)

    def _is_uptodate(self, binding):
        """A card back inside the rules is mapped again, whatever its marker."""
        if binding and binding.trello_rules_state:
            return False
        return super()._is_uptodate(binding)

    def _odoo_kept_fields(self, binding):
        """A card back inside the rules (Trello took it out) takes Trello's
        values: what Odoo holds was left (or archived) while it was out."""
        if binding.trello_rules_state == "out_trello":
            return set()
        return super()._odoo_kept_fields(binding)

    def _import_dependencies(self):
        record = self.trello_record
        board = self.import_options["project_binding"]
        self._import_dependency(
            record.get("idList"), "trello.project.task.type", project_binding=board
        )
        for label in record.get("labels") or []:
            self._import_dependency(
                label["id"], "trello.project.tags", data=label, project_binding=board
            )
        for member_id in record.get("idMembers") or []:
            self._import_dependency(member_id, "trello.member")

    def _after_import(self, binding):
        record = self.trello_record
        if "checklists" in record:
            self._import_checkitems(binding, record["checklists"])
        if "attachments" in record:
            self._import_attachments(binding, record["attachments"])

    def _import_checkitems(self, binding, checklists):
        """Each check item as a sub-task; items gone from Trello are archived.

        Each sub-task gets a ``sequence`` in the order of the card's
        checklists (written only when it changed, like any mapped value):
        Odoo lists sub-tasks by sequence, then deadline, then newest first,
        so without it a fresh read shows the last item created first.
        """
        importer = self.component(
            usage=usage.RECORD_IMPORTER, model_name="trello.checkitem"
        )
        seen = set()
        pairs = self._checklist_order(checklists)
        numbers = self._checkitem_numbers({binding: pairs})[binding.id]
        for rank, (checklist, item) in zip(numbers, pairs, strict=True):
            seen.add(item["id"])
            importer.run(
                item["id"],
                data=dict(item, idChecklist=checklist["id"]),
                card_binding=binding,
                checklist_name=checklist.get("name"),
                rank=rank,
            )
        self._archive_missing(binding, "trello.checkitem", seen)

    def _checkitem_numbers(self, pairs_by_card):
        """``{card binding id: [sequence]}``: the sub-tasks' numbers in the
        order of ``_checklist_order`` (one query for all the cards).

        Sparse, as the board's tasks (:mod:`..sparse_sequence`): a sub-task
        already in its place keeps its number, one moved or added (in
        Trello, or in Odoo and exported) gets a number between its
        neighbours': an import writes only the items that moved.
        """
        cards = [card for card in pairs_by_card if card]
        current = {}
        if cards:
            for item in (
                self.env["trello.checkitem"]
                .with_context(active_test=False)
                .search_fetch(
                    [("card_binding_id", "in", [card.id for card in cards])],
                    ["external_id", "sequence"],
                )
            ):
                current[item.external_id] = item.sequence
        numbers = {}
        for card, pairs in pairs_by_card.items():
            values = [current.get(item["id"]) for _checklist, item in pairs]
            changes, _rebalanced = sparse_sequences(values)
            numbers[card.id] = [
                changes.get(index, value) for index, value in enumerate(values)
            ]
        return numbers

    @staticmethod
    def _checklist_order(checklists):
        """``(checklist, item)`` pairs as Trello shows the card's checklists.

        By the checklist's ``pos``, then the item's (doubles, as for cards),
        equal positions by id, that is by creation: the order the resequencer
        gives stages and tasks, not the order of the JSON.
        """

        def by_pos(trello_object):
            return (float(trello_object.get("pos") or 0), trello_object["id"])

        return [
            (checklist, item)
            for checklist in sorted(checklists, key=by_pos)
            for item in sorted(checklist.get("checkItems") or [], key=by_pos)
        ]

    def _import_attachments(self, binding, attachments):
        importer = self.component(
            usage=usage.RECORD_IMPORTER, model_name="trello.ir.attachment"
        )
        seen = set()
        for attachment in attachments:
            seen.add(attachment["id"])
            importer.run(attachment["id"], data=attachment, card_binding=binding)
        self._archive_missing(binding, "trello.ir.attachment", seen)

    def _archive_missing(self, binding, model, seen):
        """Mark the children that Trello no longer lists as deleted."""
        if self.binding_created:
            return  # a card just created has no child that could be gone
        gone = self.env[model].search(
            [
                ("card_binding_id", "=", binding.id),
                ("trello_deleted", "=", False),
                ("external_id", "not in", list(seen)),
            ]
        )
        if gone:
            deleter = self.component(usage=usage.DELETER, model_name=model)
            for child in gone:
                deleter.run(child.external_id)

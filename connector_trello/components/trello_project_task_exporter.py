# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.addons.component.core import Component

from .. import custom_fields
from ..sync_rules import task_facts

#: Trello's most cards a ``GET /boards/{id}/cards`` answers.
BOARD_READ_MAX = 1000


class TrelloProjectTaskExporter(Component):
    """Task -> card: one read, then one write per exported edit.

    The read is the conflict check (the card as Trello has it now); a move,
    a rename and every other changed field travel in one ``PUT``, except
    the labels and members: each one Odoo added or removed is a ``POST`` or
    ``DELETE`` of its own (``trello.list.delta``), so that what Trello
    changed in those lists since the read is not overwritten.
    """

    _name = "trello.project.task.exporter"
    _inherit = ["trello.exporter", "trello.list.delta"]
    _apply_on = ["trello.project.task"]
    _full_text_files = True
    _check_conflicts = True

    def __init__(self, work_context):
        super().__init__(work_context)
        self.board_moved = False
        self._written_over = None

    def _full_text_card(self):
        return self.binding

    def _full_text_file_name(self, key):
        return {"desc": "description"}.get(key, key) + ".full-text.md"

    def _must_skip(self):
        binding = self.binding
        target = self._moved_to()
        if target is False:
            return self._archive_moved_card()
        if target:
            # the card goes to the board of the task's new project
            binding.with_context(**self._connector_context()).write(
                {"project_binding_id": target.id}
            )
            self.board_moved = True
        if not binding.project_binding_id.external_id:
            return self.env._("The task's project is not synchronized.")
        if binding.parent_id:
            return self.env._("A sub-task is exported as a check item.")
        if not binding.stage_id:
            return self.env._("A task without a stage has no list: not exported.")
        if binding.stage_id.trello_bind_ids.filtered(
            lambda b: b.backend_id == self.backend_record
            and b.project_binding_id != binding.project_binding_id
        ):
            # A stage is the list of one board per backend.
            return self.env._(
                "The stage %(stage)s is already a list of another board: give "
                "this project its own stage to export the task.",
                stage=binding.stage_id.name,
            )
        return False

    # -- sync rules --------------------------------------------------------

    def _outside_rules(self):
        """The board's sync rules, evaluated on the task as Odoo holds it.

        A card Trello took out of the rules is left to the import. A task
        outside them (in an excluded stage, without the tags, archived, ...)
        is not exported: a new one gets no card; a bound one is marked (its
        card is left as it is) until an edit brings it back inside.
        """
        binding = self.binding
        state = binding.trello_rules_state
        if state == "out_trello":
            return self.env._(
                "The card is outside its board's sync rules in Trello: not exported."
            )
        rules = self._board_rules(binding.project_binding_id)
        rule = rules and rules.outside(**task_facts(binding))
        writer = binding.with_context(**self._connector_context())
        if rule:
            if binding.external_id and state != "out_odoo":
                writer.write({"trello_rules_state": "out_odoo"})
            return self.env._(
                "The task is outside its board's sync rules (%(rule)s): not "
                "exported.",
                rule=rule,
            )
        if state == "out_odoo":
            writer.write({"trello_rules_state": False})
        return None

    # -- a task moved to another project -----------------------------------

    def _moved_to(self):
        """Where the task's card goes when Odoo moved the task to another
        project: the board of that project on this backend, False when the
        project is not synchronized, None when the task did not move."""
        binding = self.binding
        board = binding.project_binding_id
        if not board or not binding.project_id or binding.project_id == board.odoo_id:
            return None
        target = binding.project_id.trello_bind_ids.filtered(
            lambda b: b.backend_id == self.backend_record
            and b.external_id
            and not b.trello_deleted
        )
        return target[:1] or False

    def _archive_moved_card(self):
        """The task left for a project without a board: its card is archived
        (once), and restored by the export that follows a move back."""
        binding = self.binding
        if binding.external_id and not binding._get_synced_values().get("closed"):
            response = self._send_partial(
                lambda values: self.backend_adapter.write(binding.external_id, values),
                {"closed": True},
            )
            self._store(response)
            return self.env._(
                "The task moved to a project not synchronized with Trello: its "
                "card was archived."
            )
        return self.env._("The task's project is not synchronized.")

    def _move_card(self):
        """``PUT`` the card on its new board and list, in one request.

        Trello moves a card across boards with ``idBoard`` and ``idList``
        and drops the labels of the old board: the new board's labels of the
        task's tags travel with them. Members not on the new board are
        dropped by Trello too; the update that follows sends them again
        (left out with a note when refused).
        """
        binding = self.binding
        values = self._map_values()
        move = {
            "idBoard": binding.project_binding_id.external_id,
            "idList": values["idList"],
            "idLabels": values.get("idLabels") or [],
        }
        if values.get("pos"):
            move["pos"] = values["pos"]
        response = self._send_partial(
            lambda values: self.backend_adapter.write(binding.external_id, values),
            move,
        )
        self._store(response)

    def _read_changed(self, bindings):
        """The cards of a board Odoo changed, read in one request.

        ``GET /boards/{id}/cards`` (open cards, the conflict check's fields)
        costs one request, and one of the request budget, for the whole
        board, where ``/batch`` costs one request per 10 cards and 11 of the
        budget: a burst's first writes leave at once. A board Odoo knows
        1,000 open cards of or more (Trello answers 1,000 at most), and the
        cards the answer lacks (archived, moved away), are read by batches
        of 10; a single one is left to its exporter's own read.
        """
        remotes = {}
        adapter = self.backend_adapter
        for board in bindings.project_binding_id:
            cards = bindings.filtered(
                lambda b, board=board: b.project_binding_id == board
            )
            if len(cards) < 2 or self._open_cards(board) >= BOARD_READ_MAX:
                continue
            wanted = set(cards.mapped("external_id"))
            for card in adapter.read_board_states(board.external_id):
                if card.get("id") in wanted:
                    remotes[card["id"]] = card
        missing = [b.external_id for b in bindings if b.external_id not in remotes]
        if len(missing) > 1:
            remotes.update(adapter.read_states(missing))
        return remotes

    def _open_cards(self, board):
        """How many open cards of ``board`` Odoo knows (no request)."""
        return self.env["trello.project.task"].search_count(
            [
                ("project_binding_id", "=", board.id),
                ("external_id", "!=", False),
                ("parent_id", "=", False),
                ("trello_deleted", "=", False),
            ]
        )

    # -- custom fields: their own route, one request per changed field ------

    def _synced_keys(self):
        mapping = custom_fields.load_map(self.binding.project_binding_id)
        return tuple(super()._synced_keys()) + tuple(
            custom_fields.key_of(field_id) for field_id in mapping
        )

    @staticmethod
    def _split_custom(values):
        card, custom = {}, {}
        for key, value in values.items():
            (custom if custom_fields.field_id_of(key) else card)[key] = value
        return card, custom

    def _export_update(self, fields, remote, changes=None):
        """The conflict read made here, when Odoo changed anything, so that
        an export of custom field values alone reuses it as the card's
        state (no second read). The card is mapped once: the changes go on
        to the generic update."""
        if changes is None:
            changes = self._odoo_changes(self.binding, fields)
        if (
            changes
            and remote is None
            and self._check_conflicts
            and self.backend_record.sync_direction == "two_way"
        ):
            remote = self.backend_adapter.read_state(self.external_id)
        self._remote = remote
        self._written_over = None
        return super()._export_update(fields, remote, changes=changes)

    def _create_remote(self, values):
        card, custom = self._split_custom(values)
        response = super()._create_remote(card)
        return self._write_custom(response["id"], response, custom, known={})

    def _write_remote(self, changes, read=None):
        """The ``PUT`` of the card's fields, the lists' deltas, then each
        changed custom field value on its own route.

        The answer is the card as this export knows it: the ``PUT``'s (or
        the read), with the lists as the deltas left them. Its
        ``dateLastActivity`` is older than the deltas' own, so the next
        import reads the card again and brings what Trello changed in the
        lists meanwhile.
        """
        card, custom = self._split_custom(changes)
        lists, rest = self._split_deltas(card, read)
        response = None
        if lists:
            self._remember_written_over(rest, read)
            response = dict(super()._write_remote(rest, read) if rest else read)
            response.update(self._send_deltas(self.external_id, lists, read))
        elif card:
            self._remember_written_over(card, read)
            response = super()._write_remote(card, read)
        if response is None:
            response = (
                read
                or getattr(self, "_remote", None)
                or self.backend_adapter.read_state(self.external_id)
            )
        return self._write_custom(self.external_id, response, custom)

    def _remember_written_over(self, sent, read):
        """Keep what the conflict read showed of each field the ``PUT``
        writes.

        Trello has no conditional write: a value written in Trello between
        the read and the ``PUT`` is overwritten on both sides. The ``PUT``'s
        own ``updateCard`` action keeps it (``data.old``); the next import
        compares it with this and names it in the chatter
        (``trello.board.importer._note_overwritten``). Without a
        read Odoo is the master, and there is nothing to compare. Stored
        with the binding's one write after the export (``_binding_values``,
        or ``_import_response``): no write of its own per card.
        """
        keys = [key for key in sent if key in (read or {}) and key != "pos"]
        if not keys:
            return
        over = json.loads(self.binding.trello_written_over or "{}")
        over.update({key: read[key] for key in keys})
        self._written_over = json.dumps(over, sort_keys=True)

    def _take_binding_notes(self):
        """What this export noted for the card's binding, once: the values
        ``_remember_written_over`` kept and the label and member changes it
        sent (``sent_elements_values``)."""
        over, self._written_over = self._written_over, None
        values = {"trello_written_over": over} if over else {}
        values.update(self.sent_elements_values(self.binding))
        return values

    def _import_response(self, response):
        result = super()._import_response(response)
        notes = self._take_binding_notes()
        if notes:
            self.binding.with_context(**self._connector_context()).write(notes)
        return result

    def _write_custom(self, external_id, response, custom, known=None):
        """``PUT`` each changed value; return the card with every custom
        field key as Trello now holds it (the answer of a card write has no
        items: the values come from the read, the base and what was sent)."""
        mapping = custom_fields.load_map(self.binding.project_binding_id)
        if known is None:
            base = self._base_values()
            known = {key: base.get(key) for key in map(custom_fields.key_of, mapping)}
        known.update(custom_fields.card_values(response, mapping) or {})
        for key, value in custom.items():
            field_id = custom_fields.field_id_of(key)
            entry = mapping.get(field_id)
            if not entry or (value is None and known.get(key) is None):
                continue
            self.backend_adapter.write_custom_field(
                external_id, field_id, custom_fields.item_body(entry["type"], value)
            )
            known[key] = value
        return {**response, **known}

    def _store(self, response):
        """Every custom field key kept too: from the answer when it has
        them, else (a move, an archive) as last synchronized."""
        mapping = custom_fields.load_map(self.binding.project_binding_id)
        if mapping:
            keys = [custom_fields.key_of(field_id) for field_id in mapping]
            base = self._base_values()
            known = {key: base.get(key) for key in keys}
            known.update(custom_fields.card_values(response, mapping) or {})
            known.update({key: response[key] for key in keys if key in response})
            response = {**response, **known}
        return super()._store(response)

    def _delete_in_trello(self):
        return self.backend_record.delete_cards

    def _export_dependencies(self):
        binding = self.binding
        board = binding.project_binding_id
        self._export_dependency(
            binding.stage_id, "trello.project.task.type", project_binding_id=board
        )
        for tag in binding.tag_ids:
            self._export_dependency(
                tag, "trello.project.tags", project_binding_id=board
            )
        if self.board_moved and binding.external_id:
            self._move_card()

    def _create_target(self, values):
        """A card is looked for among its list's cards, by name."""
        return values.get("idList"), {"name": values.get("name")}

    def _import_options(self):
        return {"project_binding": self.binding.project_binding_id}

    def _binding_values(self, response):
        return {
            "trello_pos": response.get("pos") or 0.0,
            "trello_desc": response.get("desc") or "",
            "trello_url": response.get("url") or self.binding.trello_url,
            **self._take_binding_notes(),
        }

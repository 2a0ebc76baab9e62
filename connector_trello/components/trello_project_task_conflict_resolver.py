# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

from odoo import fields

from odoo.addons.component.core import Component

from .. import custom_fields, usage
from ..tools import (
    CARD_SET_ACTIONS,
    CARD_SET_KEYS,
    format_trello_datetime,
    parse_trello_datetime,
)


class TrelloProjectTaskConflictResolver(Component):
    """Card <-> task: every field of the card merged three ways.

    The note goes on the task's chatter; stages, tags and members are shown
    by their names.
    """

    _name = "trello.project.task.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.project.task"]
    _merged_fields = {
        "name": ("name",),
        "desc": ("description", "trello_desc"),
        "idList": ("stage_id",),
        "idLabels": ("tag_ids",),
        "idMembers": ("user_ids",),
        "due": ("date_deadline",),
        "start": ("planned_date_begin",),
        "dueComplete": ("state", "trello_due_complete"),
        "closed": ("active",),
        "pos": ("trello_pos",),
    }
    _element_keys = CARD_SET_KEYS
    #: Keys holding Trello ids, shown by the names of their records.
    _id_models = {
        "idList": "trello.project.task.type",
        "idLabels": "trello.project.tags",
        "idMembers": "trello.member",
    }

    def _field_labels(self):
        _ = self.env._
        return {
            "name": _("Name"),
            "desc": _("Description"),
            "idList": _("Stage"),
            "idLabels": _("Tags"),
            "idMembers": _("Assignees"),
            "due": _("Deadline"),
            "start": _("Start Date"),
            "dueComplete": _("Done"),
            "closed": _("Archived"),
            "pos": _("Order"),
        }

    def _display(self, key, value):
        entry = self._custom_entry(key)
        if entry.get("type") == "list" and value:
            prop_key = entry.get("options", {}).get(value)
            for prop in self._current_binding.project_id.task_properties_definition:
                if prop["name"] == entry["property"]:
                    return dict(prop.get("selection") or []).get(prop_key, value)
        if key in self._id_models:
            return self._display_ids(self._id_models[key], value)
        if key in ("due", "start") or self._custom_entry(key).get("type") == "date":
            date = parse_trello_datetime(value)
            return fields.Datetime.to_string(date) if date else self.env._("(none)")
        return super()._display(key, value)

    # -- labels and members: Trello's actions, when the card moved -----------

    def _trello_changed_back(self, binding, trello_record, key, elements):
        """The labels or members of ``elements`` that someone changed in
        Trello after this connector's own earlier change of them.

        An export's ``POST``/``DELETE`` is done in Trello as soon as it is
        sent; when its job rolls back afterwards (a serialization failure, a
        worker killed), the base goes back too, and the retry sees Odoo's
        edit as still to send. Had someone put the element back meanwhile,
        the retry would undo their newer edit without a trace. The card's
        actions since the base tell: the connector's own action on the
        element, then another member's. Read only when the card changed
        since the last import (one request): both dates are Trello's, so
        no clock of Odoo's is compared with Trello's. An own action that an
        export committed (``trello_sent_elements`` holds it) is not a
        rolled-back try: the other member's action after it is in the base
        already, and Odoo's newer edit goes.
        """
        me = self.backend_record.member_external_id
        since = parse_trello_datetime(binding.trello_date_last_activity)
        active = parse_trello_datetime(trello_record.get("dateLastActivity"))
        if not (me and binding.external_id and since and active) or active <= since:
            return set()
        adapter = self.component(usage=usage.ADAPTER, model_name=binding._name)
        actions = adapter.read_set_actions(
            binding.external_id,
            ",".join(CARD_SET_ACTIONS[key]),
            format_trello_datetime(since - timedelta(seconds=1)),
        )
        committed = json.loads(binding.trello_sent_elements or "{}").get(key, {})
        state = {}
        for action in reversed(actions):  # oldest first
            element = self._action_element(key, action)
            if element not in elements:
                continue
            if action.get("idMemberCreator") == me:
                sent = "add" if action.get("type", "").startswith("add") else "remove"
                rolled_back = committed.get(element) != sent
                state[element] = "own" if rolled_back else None
            elif state.get(element):
                state[element] = "changed back"
        return {element for element, last in state.items() if last == "changed back"}

    @staticmethod
    def _action_element(key, action):
        """The label or member an action added or removed."""
        data = action.get("data") or {}
        if key == "idLabels":
            return (data.get("label") or {}).get("id")
        return data.get("idMember") or (action.get("member") or {}).get("id")

    # -- custom fields: one key per field of the card's board ----------------

    def _custom_map(self, binding):
        return custom_fields.load_map(binding.project_binding_id)

    def _custom_entry(self, key):
        field_id = custom_fields.field_id_of(key)
        if not field_id or not getattr(self, "_current_binding", None):
            return {}
        return self._custom_map(self._current_binding).get(field_id) or {}

    def merge(self, binding, trello_record, changes=None):
        self._current_binding = binding
        return super().merge(binding, trello_record, changes)

    def note_overwritten(self, binding, key, written, overwritten):
        # the card's custom fields are shown by their board's options
        self._current_binding = binding
        return super().note_overwritten(binding, key, written, overwritten)

    def odoo_changes(self, binding, keys=None):
        if keys is None:
            keys = set(self._merged_fields) | {
                custom_fields.key_of(fid) for fid in self._custom_map(binding)
            }
        return super().odoo_changes(binding, keys)

    def trello_values(self, trello_record):
        """The card's keys, and one per custom field of its board (when the
        card was read with its items)."""
        if "customFieldItems" not in trello_record:
            return trello_record
        board = self.binder_for("trello.project.project").to_internal(
            trello_record.get("idBoard")
        )
        return custom_fields.with_values(trello_record, custom_fields.load_map(board))

    # kept_fields: a custom field key kept by Odoo keeps no whole field;
    # the mapper keeps that property's value (its ``odoo_kept_keys``).

    def _field_label(self, binding, key):
        entry = self._custom_map(binding).get(custom_fields.field_id_of(key) or "")
        if entry:
            for prop in binding.project_id.task_properties_definition or []:
                if prop["name"] == entry["property"]:
                    return prop.get("string") or prop["name"]
        return super()._field_label(binding, key)

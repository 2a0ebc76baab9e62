"""Custom fields of a board and their values on cards.

Shapes as Trello answers them (adlio/trello testdata ``customFields``,
trello.js ``customField.ts``): a field has ``idModel`` (its board),
``modelType`` ``"board"``, ``fieldGroup``, ``display.cardFront``, ``name``,
``pos``, ``type`` and, for a ``list``, ``options``; a card's value is a
``customFieldItem`` with ``value`` (``{"text"|"number"|"date"|"checked": str}``)
or ``idValue`` (an option's id). Setting an empty value removes the item.
"""

import hashlib

from .common import iso, parse_date

CUSTOM_FIELD_TYPES = ("text", "number", "date", "checkbox", "list")
#: The ``value`` key of an item, by field type.
VALUE_KEYS = {"text": "text", "number": "number", "date": "date", "checkbox": "checked"}


class CustomFieldsMixin:
    def board_custom_fields(self, board_id):
        fields_ = [f for f in self.custom_fields.values() if f["idModel"] == board_id]
        return sorted(fields_, key=lambda f: (f["pos"], f["id"]))

    def _custom_field_ref(self, field):
        return {"id": field["id"], "name": field["name"], "type": field["type"]}

    def create_custom_field(
        self, member_id, board_id, name, kind, options=(), pos=None, card_front=True
    ):
        when = self.now()
        field_id = self.new_id(when)
        siblings = self.board_custom_fields(board_id)
        field = {
            "id": field_id,
            "idModel": board_id,
            "modelType": "board",
            "fieldGroup": hashlib.sha256(field_id.encode()).hexdigest(),
            "display": {"cardFront": bool(card_front)},
            "name": name,
            "pos": self.resolve_pos(pos, siblings),
            "type": kind,
            "isSuggestedField": False,
        }
        if kind == "list":
            field["options"] = []
        self.custom_fields[field_id] = field
        for text in options:
            self._new_option(field, text)
        self.record(
            "createCustomField",
            member_id,
            {
                "board": self.board_ref(self.boards[board_id]),
                "customField": self._custom_field_ref(field),
            },
            board_id,
            when,
            models=(field_id,),
        )
        return field

    def _new_option(self, field, text, color="none", pos=None):
        option = {
            "id": self.new_id(self.peek_now()),
            "idCustomField": field["id"],
            "value": {"text": text},
            "color": color,
            "pos": self.resolve_pos(pos, field["options"]),
        }
        field["options"].append(option)
        return option

    def add_custom_field_option(self, member_id, field, text, color="none", pos=None):
        when = self.now()
        option = self._new_option(field, text, color, pos)
        self.record(
            "updateCustomField",
            member_id,
            {
                "board": self.board_ref(self.boards[field["idModel"]]),
                "customField": self._custom_field_ref(field),
            },
            field["idModel"],
            when,
            models=(field["id"],),
        )
        return option

    def update_custom_field(self, member_id, field, changes):
        changed = {k: v for k, v in changes.items() if field.get(k) != v}
        if not changed:
            return field
        when = self.now()
        old = {k: field[k] for k in changed}
        field.update(changed)
        self.record(
            "updateCustomField",
            member_id,
            {
                "board": self.board_ref(self.boards[field["idModel"]]),
                "customField": self._custom_field_ref(field),
                "old": old,
            },
            field["idModel"],
            when,
            models=(field["id"],),
        )
        return field

    def delete_custom_field(self, member_id, field):
        when = self.now()
        for card in self.board_cards(field["idModel"]):
            items = card.setdefault("_customFieldItems", {})
            if items.pop(field["id"], None) is not None:
                self.touch_card(card, when)
        del self.custom_fields[field["id"]]
        self.record(
            "deleteCustomField",
            member_id,
            {
                "board": self.board_ref(self.boards[field["idModel"]]),
                "customField": {"id": field["id"], "name": field["name"]},
            },
            field["idModel"],
            when,
            models=(field["id"],),
        )

    def card_custom_field_items(self, card):
        """The card's items, in the order of the board's fields."""
        items = card.get("_customFieldItems") or {}
        return [
            items[f["id"]]
            for f in self.board_custom_fields(card["idBoard"])
            if f["id"] in items
        ]

    @staticmethod
    def normalize_custom_value(field, value, id_value):
        """``(value, idValue)`` as stored, or ``(None, None)`` to clear.

        Raises ``ValueError`` for a value the field's type refuses.
        """
        if field["type"] == "list":
            if value not in (None, "", {}):
                raise ValueError("value")
            if not id_value:
                return None, None
            if id_value not in {o["id"] for o in field["options"]}:
                raise ValueError("idValue")
            return None, id_value
        if id_value:
            raise ValueError("idValue")
        if value in (None, "", {}):
            return None, None
        key = VALUE_KEYS[field["type"]]
        if not isinstance(value, dict) or set(value) != {key}:
            raise ValueError("value")
        raw = value[key]
        if isinstance(raw, bool | dict | list) or raw is None:
            raise ValueError("value")
        raw = str(raw)
        if key == "number":
            float(raw)
        elif key == "date":
            raw = iso(parse_date(raw))
        elif key == "checked":
            if raw not in ("true", "false"):
                raise ValueError("value")
            if raw == "false":
                return None, None
        elif not raw:
            return None, None
        return {key: raw}, None

    def set_custom_field_item(self, member_id, card, field, value, id_value):
        """Set (or clear) the card's value of ``field``; return the item."""
        value, id_value = self.normalize_custom_value(field, value, id_value)
        items = card.setdefault("_customFieldItems", {})
        before = items.get(field["id"])
        when = self.now()
        item = {
            "id": before["id"] if before else self.new_id(when),
            "idCustomField": field["id"],
            "idModel": card["id"],
            "modelType": "card",
        }
        if id_value:
            item["idValue"] = id_value
        else:
            item["value"] = value
        if value is None and id_value is None:
            items.pop(field["id"], None)
        else:
            items[field["id"]] = item
        old = {}
        if before:
            old = (
                {"idValue": before["idValue"]}
                if "idValue" in before
                else {"value": before["value"]}
            )
        data = {
            "customField": self._custom_field_ref(field),
            "customFieldItem": dict(item),
            "old": old or {"value": None},
        }
        self._card_action("updateCustomFieldItem", member_id, card, when, data)
        return item

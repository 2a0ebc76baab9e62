# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Trello custom fields <-> Odoo task properties: the values in both terms.

A card's custom field values travel as one Trello key per field,
``customField:<idCustomField>``, beside ``name``, ``due``…: the three-way
merge, the synchronized snapshot and the export compare them as any other
card key. The value in Trello's terms is normalized once here:

=========  ==========================  =========================
type       Trello item                 key's value / property
=========  ==========================  =========================
text       ``{"value": {"text": s}}``  ``s`` / char
number     ``{"value": {"number": s}}``  float / float
date       ``{"value": {"date": iso}}``  ISO (ms, Z) / datetime
checkbox   ``{"value": {"checked": "true"}}``  True / boolean
list       ``{"idValue": option id}``  option id / selection
=========  ==========================  =========================

No item (or an unchecked box) is ``None``. The board binding keeps which
property holds which field (``trello_custom_field_map``, JSON): a field
made in Trello gets the property ``trello_<id>`` and its options keep their
Trello ids as selection keys; a property made in Odoo and offered to Trello
keeps its name and keys, mapped to the ids Trello gave.
"""

import json
from datetime import datetime, timezone

from odoo import fields

from .tools import format_trello_datetime, parse_trello_datetime

PREFIX = "customField:"
#: Trello type -> Odoo property type.
PROPERTY_TYPES = {
    "text": "char",
    "number": "float",
    "date": "datetime",
    "checkbox": "boolean",
    "list": "selection",
}
#: Odoo property types that can be offered as a custom field.
TRELLO_TYPES = {
    "char": "text",
    "float": "number",
    "integer": "number",
    "datetime": "date",
    "date": "date",
    "boolean": "checkbox",
    "selection": "list",
}


def key_of(field_id):
    return PREFIX + field_id


def field_id_of(key):
    return key[len(PREFIX) :] if key.startswith(PREFIX) else None


#: The key of an item's ``value``, by Trello type (a list has ``idValue``).
VALUE_KEYS = {"text": "text", "number": "number", "date": "date", "checkbox": "checked"}


def item_value(item, kind=None):
    """A card's item in Trello's normalized terms (see the module's table).

    With the field's ``kind``, an item of another type's shape (a field
    retyped through the API keeps its items) is no value: None.
    """
    value = item.get("value") or {}
    if kind == "list":
        return item.get("idValue") or None
    if kind in VALUE_KEYS and (item.get("idValue") or VALUE_KEYS[kind] not in value):
        return None
    if item.get("idValue"):
        return item["idValue"]
    if "text" in value:
        return value["text"] or None
    if "number" in value:
        try:
            return float(value["number"])
        except (TypeError, ValueError):
            return None
    if "date" in value:
        return format_trello_datetime(parse_trello_datetime(value["date"]))
    if "checked" in value:
        return True if value["checked"] == "true" else None
    return None


def card_values(card, mapping):
    """``{key: value}`` of every mapped field, or None if the card was read
    without its items (``customFieldItems=true``): nothing is known then."""
    if not isinstance(card, dict):
        return None
    if "customFieldItems" not in card:
        if not any(key_of(fid) in card for fid in mapping):
            return None
        card = {**card, "customFieldItems": []}
    values = dict.fromkeys((key_of(fid) for fid in mapping), None)
    for item in card.get("customFieldItems") or ():
        fid = item.get("idCustomField")
        if fid in mapping:
            values[key_of(fid)] = item_value(item, mapping[fid].get("type"))
    # an export's answer: the items as read before, the keys as written
    values.update({key: card[key] for key in values if key in card})
    return values


def with_values(card, mapping):
    """``card`` with its custom field keys added (a copy), when known."""
    values = card_values(card, mapping)
    return card if values is None else {**card, **values}


def item_body(kind, value):
    """The JSON body of ``PUT /cards/{id}/customField/{id}/item``."""
    if kind == "list":
        return {"idValue": value or ""}
    if value in (None, False, ""):
        return {"value": ""}
    if kind == "number":
        number = float(value)
        text = str(int(number)) if number.is_integer() else repr(number)
        return {"value": {"number": text}}
    if kind == "checkbox":
        return {"value": {"checked": "true"}}
    if kind == "date":
        return {"value": {"date": value}}
    return {"value": {"text": str(value)}}


def to_property(entry, value):
    """A Trello value as the property's value."""
    kind = entry["type"]
    if value is None:
        return False
    if kind == "list":
        return entry.get("options", {}).get(value, False)
    if kind == "date":
        date = parse_trello_datetime(value)
        return fields.Datetime.to_string(date) if date else False
    if kind == "number":
        return float(value)
    if kind == "checkbox":
        return bool(value)
    return value


def from_property(entry, value):
    """A property's value in Trello's normalized terms.

    Raises ``ValueError`` for a value the field's type cannot hold (a
    property retyped in Odoo): the export leaves that field alone.
    """
    kind = entry["type"]
    if value in (None, False, ""):
        return None
    if kind == "list":
        by_key = {key: oid for oid, key in entry.get("options", {}).items()}
        return by_key.get(value)
    if kind == "date":
        if not isinstance(value, str):
            raise ValueError(value)
        return format_trello_datetime(fields.Datetime.to_datetime(value))
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError(value)
        return float(value)
    if kind == "checkbox":
        if value is not True:
            raise ValueError(value)
        return True
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def fits(prop_type, kind):
    """Whether a property of ``prop_type`` holds a Trello field of ``kind``."""
    return TRELLO_TYPES.get(prop_type) == kind


def as_text(prop, value):
    """A property's value as a person reads it (a selection's label)."""
    if prop.get("type") == "selection":
        return dict(prop.get("selection") or []).get(value, value)
    if prop.get("type") in ("float", "integer") and not isinstance(value, bool):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    if value is True:
        return "true"
    return str(value)


def convert(prop, value, new_prop):
    """An old property's value as a value of ``new_prop`` (its type
    changed in Trello), or None when it cannot be one."""
    text = as_text(prop, value).strip()
    kind = new_prop["type"]
    if kind == "char":
        return text
    if kind == "float":
        try:
            return None if isinstance(value, bool) else float(text)
        except ValueError:
            return None
    if kind == "datetime":
        try:
            date = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        if date.tzinfo:  # else UTC already, as Odoo keeps datetimes
            date = date.astimezone(timezone.utc).replace(tzinfo=None)
        return fields.Datetime.to_string(date)
    if kind == "boolean":
        return True if text.lower() == "true" else None
    labels = {label.lower(): key for key, label in new_prop.get("selection") or []}
    return labels.get(text.lower())


def load_map(board):
    """The board binding's ``{idCustomField: entry}``."""
    return json.loads(board.trello_custom_field_map or "{}") if board else {}

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Small pure functions shared by the mappers (no Odoo state)."""

import re
import threading
from datetime import datetime, timezone

import markdown
from markdownify import markdownify

from odoo.tools import html_sanitize, is_html_empty

from odoo.addons.connector.exception import InvalidDataError

#: Trello label colours -> Odoo colour indexes (project.tags ``color``).
#: Odoo's kanban palette: 0 none, 1 red, 2 orange, 3 yellow, 4 cyan,
#: 5 purple, 6 almond, 7 teal, 8 blue, 9 raspberry, 10 green, 11 violet.
#: The ``_light`` and ``_dark`` variants map to their base colour.
#: A colourless label (``null``) becomes almond, the palette's neutral: Odoo's
#: kanban cards do not show the tags of colour 0 at all, and a label shown on
#: the card in Trello must be seen on the task too. Almond has no Trello
#: colour, so it goes back to Trello as colourless.
NEUTRAL_COLOR = 6
TRELLO_COLOR_TO_ODOO = {
    None: NEUTRAL_COLOR,
    "red": 1,
    "orange": 2,
    "yellow": 3,
    "sky": 4,
    "purple": 5,
    "lime": 7,
    "blue": 8,
    "pink": 9,
    "green": 10,
    "black": 11,
}


#: Odoo colour indexes -> Trello label colours (the table above, reversed).
ODOO_COLOR_TO_TRELLO = {
    index: color for color, index in TRELLO_COLOR_TO_ODOO.items() if color
}


def trello_color(odoo_color_index, current=None):
    """The Trello colour of an Odoo colour index.

    ``current`` (the label's colour) is kept when it already maps to that
    index: ``green_dark`` stays ``green_dark`` rather than becoming ``green``.
    """
    if current is not None and odoo_color(current) == (odoo_color_index or 0):
        return current
    return ODOO_COLOR_TO_TRELLO.get(odoo_color_index or 0)


def odoo_color(trello_color):
    """The Odoo colour index of a Trello label colour (see the table)."""
    base = (trello_color or "").removesuffix("_light").removesuffix("_dark")
    return TRELLO_COLOR_TO_ODOO.get(base or None, NEUTRAL_COLOR)


def parse_trello_datetime(value):
    """``2025-01-06T09:00:00.000Z`` -> naive UTC datetime (Odoo's convention)."""
    if not value:
        return False
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)


def format_trello_datetime(value):
    """Naive UTC datetime -> Trello's ``2025-01-06T09:00:00.000Z`` (or None)."""
    if not value:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def id_to_datetime(external_id):
    """The creation time hidden in the first 8 hex digits of a Trello id."""
    seconds = int(external_id[:8], 16)
    return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None)


#: One Markdown converter per thread: building one loads its extensions,
#: which cost more than converting a card's description; a converter is
#: reset between texts but is not safe to share between threads.
_markdown_converters = threading.local()


def _markdown_converter():
    converter = getattr(_markdown_converters, "converter", None)
    if converter is None:
        converter = markdown.Markdown(extensions=["extra", "sane_lists", "nl2br"])
        _markdown_converters.converter = converter
    return converter


def markdown_to_html(text):
    """Trello Markdown -> sanitized HTML for an Odoo Html field."""
    if not text:
        return False
    html = _markdown_converter().reset().convert(text)
    return html_sanitize(html)


#: A nested list item: indented, then a bullet or a number.
NESTED_ITEM = re.compile(r"^ +([-*+]|\d+\.) ")


def html_to_markdown(html):
    """Odoo HTML -> Trello Markdown (markdownify), '' for an empty field.

    ATX headings (``#``) and ``-`` bullets are what Trello writes itself, so
    a description written in Trello and read back is not rewritten.
    """
    if not html or is_html_empty(html):
        return ""
    text = markdownify(
        str(html), heading_style="ATX", bullets="-", escape_underscores=False
    )
    lines, in_fence = [], False
    for line in text.strip().splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        elif not in_fence and NESTED_ITEM.match(line):
            # markdownify indents a nested list by the parent's marker width
            # (2 spaces); Python-Markdown, which reads it back, needs 4.
            indent = len(line) - len(line.lstrip(" "))
            line = " " * (indent * 2) + line.lstrip(" ")
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def same_html(first, second):
    """Whether two HTML texts render the same (white space ignored)."""

    def norm(html):
        if not html or is_html_empty(html):
            return ""
        return re.sub(r"\s+", "", str(html))

    return norm(first) == norm(second)


#: Trello's limit on a text: card names and descriptions, comments, check
#: items, list, label and board names, board descriptions (characters;
#: shared/docs/trello-api.md 1.12, the emulator answers ``400 invalid value
#: for <field>`` beyond it). A board's ``limits`` count objects (checklists
#: a card, items a checklist, labels a board...), never characters.
TEXT_LIMIT = 16384
#: What ends a text shortened to fit: the full text stays in Odoo.
TRUNCATION_MARKER = "… [truncated: full text in Odoo]"


def fit_text(text, limit=TEXT_LIMIT):
    """``text`` as Trello can hold it: shortened, with a visible marker."""
    if not text or len(text) <= limit:
        return text
    return text[: limit - len(TRUNCATION_MARKER)].rstrip() + TRUNCATION_MARKER


def keep_full_text(trello_text, base_text, odoo_text):
    """Odoo's full text while Trello holds the shortened one exported.

    ``base_text`` is Trello's text last synchronized: when Trello's text
    is still that shortened form, Trello did not change it, and an import
    must not overwrite Odoo's full text with it. Otherwise Trello's text.
    """
    if (
        odoo_text
        and trello_text
        and trello_text.endswith(TRUNCATION_MARKER)
        and trello_text == base_text
    ):
        return odoo_text
    return trello_text


#: A card's set-valued keys (its labels and members) -> Trello's action
#: types adding and removing one element. The one place a set-valued key is
#: added: such a list's order means nothing (Trello keeps the order the
#: elements were added in, Odoo its own: ``dumps_synced``), the task's
#: conflict resolver merges it element by element (``_element_keys``) and
#: the task exporter sends it as deltas (``trello.list.delta``).
CARD_SET_ACTIONS = {
    "idLabels": ("addLabelToCard", "removeLabelFromCard"),
    "idMembers": ("addMemberToCard", "removeMemberFromCard"),
}
#: The card's set-valued keys (``CARD_SET_ACTIONS``).
CARD_SET_KEYS = tuple(CARD_SET_ACTIONS)


def same_trello_value(key, first, second):
    """Whether two values of a Trello field are the same.

    Id lists compare as sets, dates as instants, positions as numbers and
    empty texts as equal: the values kept on the bindings come from Trello's
    JSON, the others from Odoo.
    """
    if key in ("due", "start"):
        return parse_trello_datetime(first) == parse_trello_datetime(second)
    if isinstance(first, list | tuple) or isinstance(second, list | tuple):
        return set(first or ()) == set(second or ())
    if key == "pos":
        if first is None or second is None:
            return first == second
        # The bindings keep positions to 4 digits (``trello_pos``).
        return abs(float(first) - float(second)) < 1e-3
    if isinstance(first, bool) or isinstance(second, bool):
        return bool(first) == bool(second)
    return (first or None) == (second or None)


def trello_id(obj):
    """The id of a Trello object read in a list, or a clear error."""
    if not isinstance(obj, dict) or not obj.get("id"):
        raise InvalidDataError(f"Trello sent a malformed object: {str(obj)[:200]}")
    return obj["id"]

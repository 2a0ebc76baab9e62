# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Small pure functions shared by the mappers (no Odoo state)."""

from datetime import datetime, timezone

import markdown

from odoo.tools import html_sanitize

#: Trello label colours -> Odoo colour indexes (project.tags ``color``).
#: Odoo's kanban palette: 0 none, 1 red, 2 orange, 3 yellow, 4 cyan,
#: 5 purple, 6 almond, 7 teal, 8 blue, 9 raspberry, 10 green, 11 violet.
#: The ``_light`` and ``_dark`` variants map to their base colour.
TRELLO_COLOR_TO_ODOO = {
    None: 0,
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


def odoo_color(trello_color):
    """The Odoo colour index of a Trello label colour (see the table)."""
    base = (trello_color or "").removesuffix("_light").removesuffix("_dark")
    return TRELLO_COLOR_TO_ODOO.get(base or None, 0)


def parse_trello_datetime(value):
    """``2025-01-06T09:00:00.000Z`` -> naive UTC datetime (Odoo's convention)."""
    if not value:
        return False
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)


def id_to_datetime(external_id):
    """The creation time hidden in the first 8 hex digits of a Trello id."""
    seconds = int(external_id[:8], 16)
    return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None)


def markdown_to_html(text):
    """Trello Markdown -> sanitized HTML for an Odoo Html field."""
    if not text:
        return False
    html = markdown.markdown(text, extensions=["extra", "sane_lists", "nl2br"])
    return html_sanitize(html)

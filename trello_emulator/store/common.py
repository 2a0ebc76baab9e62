"""What every part of the store shares: constants, dates, slugs, positions.

Trello's formats live here once: its date rendering (UTC, milliseconds,
``Z``), the id and shortLink shapes, the label colours and the slug it
appends to urls.
"""

import re
from datetime import datetime, timezone

START = datetime(2025, 1, 6, 9, 0, 0, tzinfo=timezone.utc)
#: The account part of the ids of an emulator given ``account=MACHINE``
#: (tests and cassettes that name fixed ids); by default each emulator
#: draws its own.
MACHINE = "5e7a1c"
POS_STEP = 16384.0
ID_RE = re.compile(r"^[0-9a-fA-F]{24}$")
SHORTLINK_RE = re.compile(r"^[0-9A-Za-z]{8}$")
TRELLO_WEB = "https://trello.com"
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
LABEL_COLORS = "green yellow orange red purple blue sky lime pink black".split()
ALL_COLORS = frozenset(
    LABEL_COLORS
    + [c + "_dark" for c in LABEL_COLORS]
    + [c + "_light" for c in LABEL_COLORS]
)


def iso(dt):
    """Trello's date format: UTC, milliseconds, ``Z``."""
    if dt is None:
        return None
    dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def iso_seconds(seconds):
    """``iso`` of a Unix time in seconds."""
    return iso(datetime.fromtimestamp(seconds, timezone.utc))


def parse_date(value):
    """Parse an ISO date (``Z`` or offset, or a bare date) to aware UTC."""
    text = str(value).strip()
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def id_seconds(object_id):
    """Creation time (Unix seconds) embedded in the first 8 hex digits."""
    return int(object_id[:8], 16)


def slugify(name):
    """The slug Trello appends to card and board urls."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:128] or ""


def pos_number(value):
    """Render a stored float pos the way JavaScript would (16384, not 16384.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value

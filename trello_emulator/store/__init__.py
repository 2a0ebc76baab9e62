"""In-memory Trello data: objects, ids, clock and the action log.

Every mutation goes through a method of :class:`Store` so that it records the
matching Trello action (``createCard``, ``updateCard`` with ``data.old`` …):
a sync driven by ``/boards/{id}/actions`` then sees exactly what changed,
whether the change came from HTTP or from a seed.

Objects are plain dicts shaped like Trello's JSON; keys starting with ``_``
are internal and never rendered.  Dicts keep insertion order, which is also
id order because ids are monotonic, so "newest first" is ``reversed()``.

One module per Trello resource, as :mod:`..routes` is split: each holds a
mixin of that resource's mutations; :mod:`.base` holds the tables, clock,
ids, lookups, the action log and persistence, :mod:`.common` the formats.
"""

from .actions import ActionsMixin
from .attachments import AttachmentsMixin
from .base import StoreBase
from .boards import BoardsMixin
from .cards import CardsMixin
from .checklists import ChecklistsMixin
from .custom_fields import CustomFieldsMixin
from .common import (
    ALL_COLORS,
    BASE62,
    ID_RE,
    LABEL_COLORS,
    MACHINE,
    POS_STEP,
    SHORTLINK_RE,
    START,
    TRELLO_WEB,
    id_seconds,
    iso,
    iso_seconds,
    parse_date,
    pos_number,
    slugify,
)
from .labels import LabelsMixin
from .lists import ListsMixin
from .members import MembersMixin
from .webhooks import WebhooksMixin


class Store(
    MembersMixin,
    BoardsMixin,
    ListsMixin,
    LabelsMixin,
    CardsMixin,
    CustomFieldsMixin,
    ActionsMixin,
    ChecklistsMixin,
    AttachmentsMixin,
    WebhooksMixin,
    StoreBase,
):
    """All emulated Trello data plus the deterministic clock and id source.

    ``lock`` is re-entrant and guards every read and write; the HTTP layer
    holds it for the duration of a handler.
    """


__all__ = [
    "ALL_COLORS",
    "BASE62",
    "ID_RE",
    "LABEL_COLORS",
    "MACHINE",
    "POS_STEP",
    "SHORTLINK_RE",
    "START",
    "TRELLO_WEB",
    "Store",
    "id_seconds",
    "iso",
    "iso_seconds",
    "parse_date",
    "pos_number",
    "slugify",
]

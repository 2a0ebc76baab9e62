# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The incremental import's checkpoint: which board actions are stored.

Several actions may share one second (a ``moveAllCards`` writes one per
card), and ids made in one second by different Trello servers need not
sort in the order the actions were stored. A checkpoint that is a single
action id would then lose the same-second actions stored after it with a
smaller id (``since=<id>`` no longer returns them), and one that is a date
would lose or repeat those sharing its second.

So the checkpoint is the newest action stored plus the ids of the stored
actions of its last second (:data:`OVERLAP`): the next import asks Trello
for the actions since one second before the checkpoint, and skips those
already stored. Nothing is lost, nothing is applied twice. Pure functions,
no Odoo state.
"""

import json
from datetime import datetime, timedelta, timezone

#: How far before the checkpoint the next import asks again.
OVERLAP = timedelta(seconds=1)


def _parse(date):
    return datetime.fromisoformat(date.replace("Z", "+00:00"))


def _format(when):
    when = when.astimezone(timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def sort_key(action):
    """Trello's order of actions: by date, then by id."""
    return (action.get("date") or "", action["id"])


def since(last_action_id, last_action_date):
    """The ``since`` cursor of the next import: the overlap before the date.

    Without a date (a checkpoint stored before the dates were kept) the
    action id is the cursor, as it always was.
    """
    if not last_action_date:
        return last_action_id
    return _format(_parse(last_action_date) - OVERLAP)


def load_seen(text, last_action_id=None, last_action_date=None):
    """``{action id: date}`` of the stored actions of the checkpoint's window."""
    seen = json.loads(text) if text else {}
    if not seen and last_action_id:
        seen = {last_action_id: last_action_date or ""}
    return seen


def unseen(actions, seen):
    """The actions not stored yet (the overlap brings some back)."""
    return [action for action in actions if action["id"] not in seen]


def advance(seen, stored_actions, newest):
    """The seen ids to keep once ``stored_actions`` are stored.

    Only those the next import can get back matter: the actions dated
    after ``newest``'s date minus the overlap.
    """
    merged = dict(seen)
    merged.update({action["id"]: action.get("date") or "" for action in stored_actions})
    if not newest.get("date"):
        return {newest["id"]: ""}
    start = _format(_parse(newest["date"]) - OVERLAP)
    return {key: date for key, date in merged.items() if date > start}


def dump_seen(seen):
    """Stable JSON text of the seen ids, for the board binding."""
    return json.dumps(seen, sort_keys=True, separators=(",", ":"))

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A board's sync rules: which cards the connector synchronizes.

Plain data (the rule fields of ``trello.board``) read into a
:class:`SyncRules`, and one question asked of it: is a card (described by
its list's name, its labels' names, whether it is archived and when it was
made) outside the rules? The import asks it of the card as Trello sends it,
the export of the task as Odoo holds it, so both directions decide alike
and nothing here reads or writes anything.
"""

import json
from datetime import datetime, time, timezone

#: The rule fields of ``trello.board``, with the value of "no rule".
RULE_DEFAULTS = {
    "rule_lists_mode": "all",
    "rule_list_names": False,
    "rule_labels_mode": "all",
    "rule_label_names": False,
    "rule_archived": "backend",
    "rule_created_after": False,
}


def names(text):
    """The names of a rule, one a line, compared case-insensitively."""
    return frozenset(
        line.strip().casefold() for line in (text or "").splitlines() if line.strip()
    )


class SyncRules:
    """The rules of one board, ready to be asked about cards."""

    def __init__(self, values):
        self.lists_mode = values.get("rule_lists_mode") or "all"
        self.list_names = names(values.get("rule_list_names"))
        self.labels_mode = values.get("rule_labels_mode") or "all"
        self.label_names = names(values.get("rule_label_names"))
        self.archived = values.get("rule_archived") or "backend"
        after = values.get("rule_created_after")
        self.created_after = datetime.combine(after, time.min) if after else None

    @classmethod
    def of_board(cls, board):
        """The rules of a ``trello.board`` line (none when there is no line)."""
        if not board:
            return cls({})
        return cls({name: board[name] for name in RULE_DEFAULTS})

    def signature(self):
        """A text that changes when a rule changes ("" for no rule)."""
        if not self:
            return ""
        return json.dumps(
            [
                self.lists_mode,
                sorted(self.list_names),
                self.labels_mode,
                sorted(self.label_names),
                self.archived,
                self.created_after and self.created_after.isoformat(),
            ]
        )

    def __bool__(self):
        """Whether any rule leaves a card out."""
        return bool(
            self.lists_mode != "all"
            or self.labels_mode != "all"
            or self.archived != "backend"
            or self.created_after
        )

    @property
    def includes_archived(self):
        """True or False when the board decides; None: the backend's option."""
        return {"include": True, "exclude": False}.get(self.archived)

    def outside(self, list_name, label_names, closed, created):
        """The rule the card breaks (its key), or None when it is inside.

        ``created`` is a naive UTC datetime (a Trello id's time), or None
        for a task that has no card yet (made now: after any date).
        """
        list_name = (list_name or "").strip().casefold()
        if self.lists_mode == "exclude" and list_name in self.list_names:
            return "list"
        if self.lists_mode == "only" and list_name not in self.list_names:
            return "list"
        labels = {(name or "").strip().casefold() for name in label_names}
        if self.labels_mode == "any" and not labels & self.label_names:
            return "label"
        if self.labels_mode == "none" and labels & self.label_names:
            return "label"
        if closed and self.archived == "exclude":
            return "archived"
        if self.created_after and created and created < self.created_after:
            return "created"
        return None


def card_created(external_id):
    """When a card was made (naive UTC), from its id; None without one."""
    if not external_id:
        return None
    try:
        seconds = int(external_id[:8], 16)
    except ValueError:
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None)


def task_facts(record):
    """What the rules ask of a card, as Odoo holds its task.

    ``record`` is a card's binding, or a task that has no card yet (a
    project's export choosing the tasks to make cards of): no creation
    date then.
    """
    card = record if "odoo_id" in record._fields else None
    task = card.odoo_id if card else record
    return {
        "list_name": task.stage_id.name,
        "label_names": task.tag_ids.mapped("name"),
        "closed": not task.active,
        "created": card_created(card.external_id) if card else None,
    }

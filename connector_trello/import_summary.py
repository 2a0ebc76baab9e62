# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What one board import changed in Odoo, told in sentences.

The summary counts what the import *did* (tasks created, updated and
archived, comments added), not what Trello listed: a full read lists the
archived cards the backend skips and the cards already up to date, so
"12 cards" would be wrong when 11 tasks were created. The counts come from
the database, before and after the import (the transaction is repeatable
read: only this import's own writes show), so every way of reading the
cards (pages, batches, actions) is counted the same way.

Odoo has no plural forms in its Python translations: each count has its
own translatable sentence for one and for several.
"""

from odoo.tools import SQL

#: What a summary counts.
COUNT_KEYS = ("created", "updated", "archived", "comments")


def snapshot(backend, project_binding, external_ids=None):
    """The state of a board's tasks and of the backend's comments, now.

    A task's state is whether it is active and a digest of the values last
    synchronized, read by one query without the ORM cache: a snapshot of a
    board of 10,000 cards holds 10,000 short tuples, not the records.
    ``external_ids`` (Trello card ids) limits it to these cards: what one
    page of cards changed, without reading the whole board.
    """
    env = backend.env
    tasks = {}
    if project_binding:
        env["trello.project.task"].flush_model(
            ["project_binding_id", "odoo_id", "external_id", "trello_synced_values"]
        )
        env["project.task"].flush_model(["active"])
        only = SQL()
        if external_ids is not None:
            only = SQL("AND card.external_id IN %s", tuple(external_ids) or (None,))
        rows = env.execute_query(
            SQL(
                """
                SELECT card.id, task.active, md5(card.trello_synced_values)
                  FROM trello_project_task card
                  JOIN project_task task ON task.id = card.odoo_id
                 WHERE card.project_binding_id = %s %s
                """,
                project_binding.id,
                only,
            )
        )
        tasks = {binding_id: (active, digest) for binding_id, active, digest in rows}
    comments = (
        env["trello.mail.message"]
        .sudo()
        .with_context(active_test=False)
        .search_count([("backend_id", "=", backend.id)])
    )
    return {"tasks": tasks, "comments": comments}


def changes(backend, project_binding, before, external_ids=None):
    """Counts of what changed since the ``before`` snapshot (same cards)."""
    after = snapshot(backend, project_binding, external_ids)
    created = updated = archived = 0
    for binding_id, (active, synced) in after["tasks"].items():
        old = before["tasks"].get(binding_id)
        if old is None:
            created += 1
        elif old[0] and not active:
            archived += 1
        elif old[1] != synced or old[0] != active:
            updated += 1
    return {
        "created": created,
        "updated": updated,
        "archived": archived,
        "comments": max(after["comments"] - before["comments"], 0),
    }


def add(counts, more):
    """The sum of two counts (of two parts of one import)."""
    return {key: counts.get(key, 0) + more.get(key, 0) for key in COUNT_KEYS}


def count_phrases(env, counts):
    """``["11 tasks created", "1 comment added"]``: the non-zero counts."""
    _ = env._
    phrases = []
    if counts["created"]:
        phrases.append(
            _("1 task created")
            if counts["created"] == 1
            else _("%(count)s tasks created", count=counts["created"])
        )
    if counts["updated"]:
        phrases.append(
            _("1 task updated")
            if counts["updated"] == 1
            else _("%(count)s tasks updated", count=counts["updated"])
        )
    if counts["archived"]:
        phrases.append(
            _("1 task archived")
            if counts["archived"] == 1
            else _("%(count)s tasks archived", count=counts["archived"])
        )
    if counts["comments"]:
        phrases.append(
            _("1 comment added")
            if counts["comments"] == 1
            else _("%(count)s comments added", count=counts["comments"])
        )
    return phrases


class Summary(str):
    """A board import's one-line summary, carrying its ``counts``: the
    importer's own, which the board's line and the log reuse (no second
    snapshot around the importer)."""

    def __new__(cls, text, counts):
        summary = super().__new__(cls, text)
        summary.counts = counts
        return summary


def counts_of(summary):
    """The counts a summary carries; none changed for a plain sentence (an
    import that found no change, or did not run)."""
    return getattr(summary, "counts", None) or dict.fromkeys(COUNT_KEYS, 0)


def sentence(env, board_name, counts, full=False, actions=None):
    """The one-line summary of a board's import (a :class:`Summary`)."""
    return Summary(_sentence(env, board_name, counts, full, actions), counts)


def _sentence(env, board_name, counts, full, actions):
    _ = env._
    phrases = count_phrases(env, counts)
    what = ", ".join(phrases) if phrases else _("nothing changed in Odoo")
    if full:
        return _("Board %(board)s, full import: %(what)s.", board=board_name, what=what)
    read = (
        _("1 change read in Trello")
        if actions == 1
        else _("%(count)s changes read in Trello", count=actions or 0)
    )
    return _(
        "Board %(board)s: %(read)s; %(what)s.",
        board=board_name,
        read=read,
        what=what,
    )

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A task export job takes along the waiting cards of its board.

A burst of edits (a list's mass edit, a script) delays one export job per
task. Alone, each job costs a conflict read and a ``PUT``: two requests a
card. The first of them to run exports, with its own card, the cards of
the same boards whose export jobs still wait, in one ``export_records``
call whose conflict read takes the board's cards in one request (by
batches of 10 for a board of 1,000 open cards or more): about 1.01
requests a card.
The jobs taken along then find nothing to send and cost no request.

A burst of separate writes (one save after the other) gets there through
the coalescing window: an edit made while the export job of another task
of its project waits or runs waits ``EXPORT_COALESCING_SECONDS`` before its
own job may run, so that the edits of the window wait together and the
first of their jobs to run takes the others along. A lone edit goes at once.
In one write of many tasks, the others' window starts when the write is
committed: the first job has taken their cards along by then.

Only a running export job does this, on its first try, and only when its
own card has something to send; one job at a time per board (an advisory
lock per board: the others are retried, and the next one takes along what
was edited meanwhile). Concurrency with the other workers rests on the
exporter's advisory lock (one per card, shared with the imports):

* the job locks its board, then its own cards, or is retried (before any
  request, so no card is read or written for nothing);
* it takes a waiting card only if it gets its lock at once: a card another
  worker exports (or imports) meanwhile is left to that worker, and that
  card's own job, started meanwhile, finds it locked and is retried once
  this job committed: it then sends nothing (no card is sent twice);
* a card committed by another transaction since this job's snapshot is
  seen by a row lock (PostgreSQL's serialization error, caught in a
  savepoint): its values here would be stale, it is left out (or, for the
  job's own card, the job is retried at once).
"""

import hashlib
import struct
from contextlib import ExitStack, closing
from datetime import timedelta

from psycopg2 import OperationalError, errorcodes

from odoo.addons.connector.database import pg_try_advisory_lock
from odoo.addons.connector_trello import usage
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import ENQUEUED, PENDING, STARTED

from .jobs import (
    EXPORT_BATCH_CARDS,
    EXPORT_COALESCING_SECONDS,
    record_export_identity_prefix,
)

#: Seconds the export jobs of the cards a job takes along wait (then they
#: find nothing to send): a few, and some for each card the job sends
#: (about 0.1 s of Odoo a card, more under load, and the request budget).
POSTPONE_SECONDS = 5
POSTPONE_SECONDS_PER_CARD = 0.25
#: Key of ``cr.precommit.data`` (one transaction's): ``{project id: ids
#: of the tasks whose export job it delayed after the first}``
#: (``coalescing_delay``).
BURST_TASKS_KEY = "trello_export_burst_tasks"
#: Errors of a row lock that say another transaction has the row: changed
#: and committed since this transaction's snapshot, or being changed now.
BUSY_ROW_ERRORS = (errorcodes.SERIALIZATION_FAILURE, errorcodes.LOCK_NOT_AVAILABLE)


def export_lock_name(card):
    """The advisory lock of the exports and imports of ``card``'s object.

    The name ``trello.exporter._lock`` (and the importer) locks: a card a
    job takes along is one that no other job exports or imports meanwhile.
    """
    backend = card.backend_id
    return f"import({backend._name}, {backend.id}, {card._name}, {card.external_id})"


def advisory_lock_key(name):
    """The bigint connector's ``pg_try_advisory_lock`` locks for ``name``."""
    return struct.unpack("q", hashlib.sha1(str(name).encode()).digest()[:8])[0]


def coalescing_delay(task):
    """How long the export job of ``task`` waits: the coalescing window.

    ``EXPORT_COALESCING_SECONDS`` when the export job of another task of its
    project waits or runs (a burst: this edit is exported with the next
    ones, by the first of their jobs to run), None otherwise (a lone edit
    goes at once). A sub-task (a check item) goes at once.

    In one transaction (one write of many tasks: a list's mass edit), the
    first task's job of a project asks; the others wait the window, counted
    from the commit (``_window_from_commit``), not from their creation.
    """
    if task.parent_id or not task.project_id:
        return None
    env = task.env
    burst = env.cr.precommit.data.setdefault(BURST_TASKS_KEY, {})
    project = task.project_id.id
    window = timedelta(seconds=EXPORT_COALESCING_SECONDS)
    if project in burst:
        burst[project].add(task.id)
        return window
    if not burst:
        env.cr.precommit.add(lambda: _window_from_commit(env))
    burst[project] = set()
    env["project.task"].flush_model(["project_id"])
    env["queue.job"].flush_model()
    env.cr.execute(
        """
        SELECT 1
          FROM queue_job job
          JOIN project_task task ON job.identity_key = %(prefix)s || task.id
         WHERE job.state IN %(states)s
           AND job.retry = 0
           AND task.project_id = %(project)s
           AND task.id != %(task)s
         LIMIT 1
        """,
        {
            "prefix": record_export_identity_prefix(task._name),
            "states": (PENDING, ENQUEUED, STARTED),
            "project": project,
            "task": task.id,
        },
    )
    return window if env.cr.fetchone() else None


def _window_from_commit(env):
    """Start the window of the jobs a transaction delayed after the first
    of their project's (``coalescing_delay``) when it commits.

    Counted from their creation, the window had passed by the commit of a
    write that took over a second (100 tasks moved, under load): the jobs
    were all due with the first one, and three workers started beside it
    only to meet its board's lock, taking the CPU its first cards waited
    for. From the commit, the first job has taken their cards along and
    postponed them before they are due; when it does not (nothing to send
    of its own, a retry), they go one window after the commit, as before.
    A precommit callback (a flushing savepoint also runs it: the window
    then starts there, and the next jobs ask again).
    """
    burst = env.cr.precommit.data.get(BURST_TASKS_KEY) or {}
    prefix = record_export_identity_prefix("project.task")
    keys = [f"{prefix}{task_id}" for task_ids in burst.values() for task_id in task_ids]
    if not keys:
        return
    env.cr.execute(
        """
        UPDATE queue_job
           SET eta = (clock_timestamp() AT TIME ZONE 'UTC') + %(window)s
         WHERE identity_key = ANY(%(keys)s)
           AND state = %(pending)s
           AND eta < (clock_timestamp() AT TIME ZONE 'UTC') + %(window)s
           -- made by this transaction (date_created is to the second): a
           -- job a runner may be taking now is left alone
           AND date_created >= date_trunc('second', now() AT TIME ZONE 'UTC')
        """,
        {
            "window": timedelta(seconds=EXPORT_COALESCING_SECONDS),
            "keys": keys,
            "pending": PENDING,
        },
    )
    env["queue.job"].invalidate_model(["eta"])


def companions(task, cards):
    """The cards to export along with ``cards``, those of one ``task``.

    Empty unless ``task`` is exported by its own running job, on its first
    try, and its cards are in Trello with something to send. The cards
    returned are locked for this transaction.
    """
    none = task.env["trello.project.task"].sudo()
    job = running_export_job(task)
    if not job or not cards:
        return none
    if not all(
        card.external_id
        and card.project_binding_id
        and not card.trello_deleted
        and card.backend_id._allows_export()
        for card in cards
    ):
        return none  # a create or a skip: left alone
    # Asked before any lock (a stale answer is caught by the row check
    # below): a job whose card was exported along with another one's takes
    # no lock a batch would need.
    if not changed_cards(cards, limit=1):
        return none  # exported meanwhile: nothing to batch
    lock_boards(cards)
    lock_own_cards(cards)
    return lock_waiting_cards(task, cards, job)


def running_export_job(task):
    """The queue job exporting ``task`` (one task) now, on its first try.

    None outside such a job: a synchronous export, a script, an RPC caller
    (who cannot run as superuser, whatever context it sends), a job retried
    after a failure (the cards taken along might be what failed: the retry
    exports its own card alone, the others their own jobs).
    """
    uuid = task.env.context.get("job_uuid")
    if not uuid or not task.env.su or len(task) != 1:
        return None
    job = task.env["queue.job"].sudo().search([("uuid", "=", uuid)], limit=1)
    if (
        job.state != STARTED
        or job.retry
        or job.model_name != task._name
        or job.method_name != "trello_export"
        or job.identity_key != record_export_identity_prefix(task._name) + str(task.id)
    ):
        return None
    return job


def _with_exporters(cards):
    """``(card, exporter)`` for each of ``cards``: one exporter per backend,
    its work context open until the iteration ends."""
    with ExitStack() as stack:
        exporters = {}
        for card in cards.sudo():
            backend = card.backend_id
            if backend not in exporters:
                work = stack.enter_context(backend._work_on_trello(card._name))
                exporters[backend] = work.component(usage=usage.EXPORTER)
            yield card, exporters[backend]


def changed_cards(cards, limit=None):
    """The first ``limit`` of ``cards`` (all without) whose export would
    send anything, in their order (no request)."""
    changed = []
    with closing(_with_exporters(cards)) as pairs:  # closed on break too
        for card, exporter in pairs:
            if exporter.has_changes(card):
                changed.append(card.id)
                if limit is not None and len(changed) >= limit:
                    break
    return cards.browse(changed)


def lock_own_cards(cards):
    """Lock a job's own cards before anything, or have the job retried.

    Another worker exporting one of them (its job, or taking it along) holds
    it: this job waits for that one's commit, then finds nothing to send. A
    card committed since this transaction's snapshot would be exported from
    stale values: the job is retried at once.
    """
    for card in cards:
        if not pg_try_advisory_lock(card.env, export_lock_name(card)):
            raise RetryableJobError(
                "Could not acquire advisory lock", seconds=2, ignore_retry=True
            )
    if fresh_cards(cards) != cards:
        raise RetryableJobError(
            "The card was exported by another job meanwhile",
            seconds=1,
            ignore_retry=True,
        )


def board_lock_name(board):
    """The advisory lock of the batch exports of ``board``'s cards."""
    backend = board.backend_id
    return f"export_batch({backend._name}, {backend.id}, {board.external_id})"


def lock_boards(cards):
    """One job at a time takes cards of a board along, or the job is retried.

    While one job exports a batch of the board (for seconds under the
    request budget), the edits made meanwhile wait for the next batch
    instead of each job taking the few cards edited since the last one:
    the next job to run after it takes them all. Taken before the job's own
    card lock: a job retried here holds no lock, and its card can be taken
    along by the job that holds the board.
    """
    for board in cards.project_binding_id:
        if not pg_try_advisory_lock(cards.env, board_lock_name(board)):
            raise RetryableJobError(
                "Another job exports a batch of this board",
                seconds=2,
                ignore_retry=True,
            )


def lock_waiting_cards(task, cards, job):
    """The cards of the boards of ``cards`` whose export jobs wait, locked.

    At most ``EXPORT_BATCH_CARDS`` with the job's own, the longest waiting
    first; a card is taken only if its lock is free at once, its row was not
    changed since this transaction's snapshot (it was, by the batch before:
    the job was waiting for it on the board's lock) and its task was edited
    since its last synchronization (the cards the batch before sent wait
    too, for their own jobs).
    Sub-tasks (check items) and new tasks (no card yet) are left to their
    own jobs.
    """
    env = task.env
    found = env["trello.project.task"].sudo()
    room = EXPORT_BATCH_CARDS - len(cards)
    if room <= 0:
        return found
    found.flush_model()
    env["queue.job"].flush_model()
    env.cr.execute(
        """
        SELECT card.id
          FROM trello_project_task card
          JOIN project_task task ON task.id = card.odoo_id
          JOIN queue_job job ON job.identity_key = %(prefix)s || card.odoo_id
         WHERE card.project_binding_id IN %(boards)s
           AND card.backend_id IN %(backends)s
           AND card.external_id IS NOT NULL
           AND card.trello_deleted IS NOT TRUE
           AND task.parent_id IS NULL
           AND card.odoo_id != %(task)s
           AND job.state IN %(states)s
           AND job.retry = 0
           AND job.model_name = %(model)s
           AND job.method_name = 'trello_export'
           AND job.uuid != %(uuid)s
         GROUP BY card.id
         ORDER BY min(job.id), card.id
         LIMIT %(limit)s
        """,
        {
            "prefix": record_export_identity_prefix(task._name),
            "boards": tuple(cards.project_binding_id.ids),
            "backends": tuple(cards.backend_id.ids),
            "task": task.id,
            "states": (PENDING, ENQUEUED),
            "model": task._name,
            "uuid": job.uuid,
            # room, and the cards of a batch committed since the snapshot
            "limit": room + EXPORT_BATCH_CARDS,
        },
    )
    waiting = found.browse([row[0] for row in env.cr.fetchall()])
    if not waiting:
        return found
    # Locked in one statement, in order. A card locked here and left out
    # below loses nothing: its job waits for the board's lock anyway.
    env.cr.execute(
        """
        SELECT waiting.id
          FROM unnest(%s::bigint[], %s::integer[]) AS waiting(lock_key, id)
         WHERE pg_try_advisory_xact_lock(waiting.lock_key)
        """,
        (
            [advisory_lock_key(export_lock_name(card)) for card in waiting],
            waiting.ids,
        ),
    )
    # Without the cards the batch before this one sent: their jobs still
    # wait (to find nothing), and those committed once this job's snapshot
    # was taken are seen by their rows.
    locked = found.browse([row[0] for row in env.cr.fetchall()])
    taken = edited_since_sync(fresh_cards(locked))[:room]
    remember_changed(taken)
    postpone_jobs_taken_along(taken)
    return taken


def postpone_jobs_taken_along(cards):
    """Have the waiting export jobs of ``cards`` wait while this job sends
    their cards, in a transaction of its own (committed at once).

    Else each of them ran every 2 s meanwhile, met the board's lock and was
    retried: with 100 cards taken along, some 15 job runs a second that
    held the workers and the CPU this job's cards waited for (profiled
    through real jobs). They still run afterwards, and find nothing to send
    (or what was edited since); if this job fails, they export their cards
    themselves, only later. A job the runner already took is left as it is.
    """
    if not cards:
        return
    delay = POSTPONE_SECONDS + POSTPONE_SECONDS_PER_CARD * len(cards)
    keys = [
        record_export_identity_prefix(card.odoo_id._name) + str(card.odoo_id.id)
        for card in cards
    ]
    with cards.env.registry.cursor() as cr:
        cr.execute(
            """
            UPDATE queue_job
               SET eta = greatest(coalesce(eta, now() at time zone 'UTC'),
                                  now() at time zone 'UTC')
                         + make_interval(secs => %(delay)s)
             WHERE id IN (
                   SELECT id FROM queue_job
                    WHERE identity_key IN %(keys)s
                      AND state = %(pending)s
                      FOR UPDATE SKIP LOCKED)
            """,
            {"delay": delay, "keys": tuple(keys), "pending": PENDING},
        )


def edited_since_sync(cards):
    """Of ``cards``, in their order, those whose task was written since the
    card was last written (by its last export or import: no request, no
    mapping).

    A waiting card's export job comes from a write of its task: a card the
    batch before this one sent was written since (its job waits to find
    nothing). Not mapped here: the export maps each card once, and a card
    found unchanged there (written in the same transaction) sends nothing.
    """
    if not cards:
        return cards
    cards.env["project.task"].flush_model(["write_date"])
    cards.flush_model(["write_date"])
    cards.env.cr.execute(
        """
        SELECT card.id
          FROM trello_project_task card
          JOIN project_task task ON task.id = card.odoo_id
         WHERE card.id IN %s
           AND task.write_date >= card.write_date
        """,
        (tuple(cards.ids),),
    )
    edited = {row[0] for row in cards.env.cr.fetchall()}
    return cards.browse([card_id for card_id in cards.ids if card_id in edited])


def remember_changed(cards):
    """Tell the exporters the cards were found changed: the choice of the
    cards to read does not map them (``trello.exporter.read_remotes``)."""
    for card, exporter in _with_exporters(cards):
        exporter.remember_changed(card)


def fresh_cards(cards):
    """Of ``cards``, those no other transaction changed since this one's
    snapshot nor changes now, row-locked until the commit.

    PostgreSQL answers a row lock on such a row with an error (in Odoo's
    repeatable read), caught here in a savepoint: this transaction would
    otherwise export a card from values older than what another job
    already sent.
    """
    if not cards:
        return cards
    cr = cards.env.cr
    try:
        with cr.savepoint(flush=False):
            cr.execute(
                "SELECT id FROM trello_project_task WHERE id IN %s "
                "FOR NO KEY UPDATE NOWAIT",
                (tuple(cards.ids),),
                log_exceptions=False,
            )
        return cards
    except OperationalError as err:
        if err.pgcode not in BUSY_ROW_ERRORS:
            raise
    if len(cards) == 1:
        return cards.browse()
    return cards.browse([card.id for card in cards if fresh_cards(card)])

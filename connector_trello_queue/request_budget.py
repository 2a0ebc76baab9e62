# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The token's request budget, shared by every job worker of every node.

Trello allows 100 requests per token in any 10 seconds. Jobs run in many
workers, so the budget lives in PostgreSQL: table ``trello_request_budget``,
one row per token hash, holding when each request of the last 10 s was sent
(one timestamp per request). A request goes when fewer than the budget
were sent in the 10 s before it; else it waits until the oldest ones that
must leave the window have left it. Counting by fixed windows instead lets a
burst at the end of a window and another at the start of the next reach
Trello within a second.

``trello.backend._take_request_budget`` calls :func:`take` before each
request of a job (``models/trello_backend.py``).
"""

import hashlib
import logging
import time
from datetime import timedelta

_logger = logging.getLogger(__name__)

#: Trello's window for its per-token limit (100 requests per 10 s).
RATE_WINDOW_SECONDS = 10


def create_table(cr):
    """Create (or bring up to date) the budget's table.

    Written in short transactions of their own, so that every worker sees
    the others' requests at once. (Earlier versions kept a counter per fixed
    window: its columns go.)
    """
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS trello_request_budget (
            token_hash varchar PRIMARY KEY
        );
        ALTER TABLE trello_request_budget
            ADD COLUMN IF NOT EXISTS sent_at timestamptz[] NOT NULL
                DEFAULT '{}',
            DROP COLUMN IF EXISTS window_start,
            DROP COLUMN IF EXISTS used;
        """
    )


def token_hash(token):
    """The row's key: the token hashed (the table never holds the token)."""
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()


def take(registry, key, limit, cost=1):
    """Wait until the budget ``limit`` of the token ``key`` allows ``cost``
    more requests now (a batch of N routes costs N + 1); return the seconds
    waited."""
    waited = 0.0
    while True:
        pause = try_take(registry, key, limit, cost)
        if not pause:
            return waited
        _logger.debug("Trello request budget spent, waiting %.2f s", pause)
        time.sleep(pause)
        waited += pause


def try_take(registry, key, limit, cost):
    """Take ``cost`` requests from the budget if it allows them now: return
    0, or else the seconds until it may."""
    with registry.cursor() as cr:
        if not registry.in_test_mode():
            # Odoo's REPEATABLE READ fails a worker whose transaction began
            # before another worker's update of the row (could not serialize
            # access); READ COMMITTED waits for that update and reads it. (A
            # test cursor is inside the test's transaction.)
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            # Each request of a job commits here: without waiting for the
            # disk, 1 ms instead of 2 (a burst's job sends 100). A crash of
            # PostgreSQL can lose the last of these timestamps, each worth
            # 10 s: the default budget's margin (90 of Trello's 100) covers
            # them, and a 429 met anyway waits in place.
            cr.execute("SET LOCAL synchronous_commit TO OFF")
        cr.execute(
            "INSERT INTO trello_request_budget (token_hash) VALUES (%s)"
            " ON CONFLICT DO NOTHING",
            (key,),
        )
        cr.execute(
            "SELECT sent_at FROM trello_request_budget"
            " WHERE token_hash = %s FOR UPDATE",
            (key,),
        )
        sent_at = cr.fetchone()[0]
        # read once the row is ours: the workers before us have written
        cr.execute("SELECT clock_timestamp()")
        now = cr.fetchone()[0]
        window = timedelta(seconds=RATE_WINDOW_SECONDS)
        recent = sorted(t for t in sent_at if t > now - window)
        # a batch costing more than the whole budget goes alone
        over = len(recent) + cost - limit if recent else 0
        if over <= 0:
            recent += [now] * cost
        cr.execute(
            "UPDATE trello_request_budget SET sent_at = %s WHERE token_hash = %s",
            (recent, key),
        )
    if over <= 0:
        return 0.0
    # until the oldest ones that must leave the window have left it
    oldest = recent[min(over, len(recent)) - 1]
    return max((oldest + window - now).total_seconds(), 0.01)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import threading
import time
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.connector_trello import usage
from odoo.addons.connector_trello.tests.common import DEFAULT_TOKEN, TrelloCase
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import BOARD, QueueTrelloCase

SLEEP = "odoo.addons.connector_trello_queue.request_budget.time.sleep"
WINDOW = "odoo.addons.connector_trello_queue.request_budget.RATE_WINDOW_SECONDS"
TOKEN_HASH = hashlib.sha256(DEFAULT_TOKEN.encode()).hexdigest()


class BudgetSpent(Exception):
    """Raised by the patched sleep: the budget asked to wait."""


class TestRequestBudget(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.env.cr.execute("DELETE FROM trello_request_budget")

    def _used(self):
        """The requests the budget counts (those of the window at its last
        take: see ``_long_window``)."""
        self.env.cr.execute(
            "SELECT cardinality(sent_at) FROM trello_request_budget"
            " WHERE token_hash = %s",
            (TOKEN_HASH,),
        )
        row = self.env.cr.fetchone()
        return row[0] if row else 0

    def _age(self, seconds):
        """Time passing for the budget, without waiting: its past moves back."""
        self.env.cr.execute(
            "UPDATE trello_request_budget SET sent_at = ARRAY("
            "SELECT t - make_interval(secs => %s) FROM unnest(sent_at) t)",
            (seconds,),
        )

    def _long_window(self):
        """A window of an hour: every request of a test stays counted, however
        slowly the machine runs it."""
        return patch(WINDOW, 3600)

    def test_waits_when_the_window_is_spent(self):
        self.backend.request_budget = 3
        with patch(SLEEP, side_effect=lambda seconds: self._age(10)) as sleep:
            for _i in range(3):
                self.assertEqual(self.backend._take_request_budget(), 0.0)
            sleep.assert_not_called()
            waited = self.backend._take_request_budget()
        sleep.assert_called_once()
        (seconds,), _kwargs = sleep.call_args
        self.assertGreater(seconds, 0)
        self.assertLessEqual(seconds, 10)
        self.assertEqual(waited, seconds)
        self.assertEqual(self._used(), 1, "the 3 others left the window")

    def test_no_ten_seconds_hold_more_than_the_budget(self):
        """Trello counts the requests of the last 10 s, whenever they were
        sent: a budget counted by fixed windows lets a burst at the end of a
        window and another at the start of the next one through together."""
        self.backend.request_budget = 3
        take = self.backend._take_request_budget
        self.assertEqual(take(), 0.0)
        self._age(9.5)
        self.assertEqual(take(), 0.0)
        self.assertEqual(take(), 0.0)  # 3 in the last 10 s
        self._age(0.6)  # the first one is 10.1 s old: its place is free
        self.assertEqual(take(), 0.0)
        with patch(SLEEP, side_effect=BudgetSpent) as sleep:
            with self.assertRaises(BudgetSpent):
                take()  # 3 in the last 10 s: two of 0.6 s, one new
        (seconds,), _kwargs = sleep.call_args
        # until the older two are 10 s old
        self.assertAlmostEqual(seconds, 9.4, delta=0.5)

    def test_a_batch_takes_what_trello_counts(self):
        """A batch of N routes is N + 1 requests for the rate limit (each
        route is a request of its own): one taken for it would let the
        workers send up to 11 times their budget."""
        self.emulator.reset(seed="demo")
        card_ids = sorted(self.emulator.store.cards)[:12]
        backend = self.backend.with_context(trello_request_budget=True)
        with self._long_window():
            with backend._work_on_trello("trello.project.task") as work:
                cards = work.component(usage=usage.ADAPTER).read_many(card_ids)
        self.assertEqual(set(cards), set(card_ids))
        self.assertTrue(all(cards.values()))
        # two batches: 10 routes + the batch, 2 routes + the batch
        self.assertEqual(self.emulator.counters()["by_route"], {"GET /1/batch": 2})
        self.assertEqual(self._used(), 11 + 3)

    def test_a_batch_larger_than_the_budget_waits_for_an_empty_window(self):
        self.backend.request_budget = 5
        take = self.backend._take_request_budget
        self.assertEqual(take(11), 0.0, "alone in its window: it goes")
        with patch(SLEEP, side_effect=BudgetSpent):
            with self.assertRaises(BudgetSpent):
                take()

    def test_jobs_take_from_the_budget_and_direct_calls_do_not(self):
        self.emulator.reset(seed="demo")
        board = self.fetch_and_tick(BOARD)
        self.assertEqual(self._used(), 0)
        self.emulator.reset_counters()
        with self._long_window(), trap_jobs() as trap:
            self.backend.with_env(self.delaying).action_synchronize()
            trap.perform_enqueued_jobs()
        self.assertTrue(board.project_id)
        self.assertEqual(self._used(), self.request_count())
        self.assertGreater(self._used(), 0)

    def test_no_budget(self):
        self.backend.request_budget = 0
        with patch(SLEEP) as sleep:
            for _i in range(5):
                self.backend._take_request_budget()
        sleep.assert_not_called()


@tagged("post_install", "-at_install")
class TestRequestBudgetWorkers(TrelloCase):
    """Real transactions, as in job workers (no test cursor in between)."""

    def _committed(self, query, params=()):
        with self.registry.cursor() as cr:
            cr.execute(query, params)

    def test_a_worker_waiting_for_another_one_does_not_fail(self):
        """Two workers take from the budget at once: the second waits for the
        first one's transaction, then takes. Under Odoo's REPEATABLE READ it
        failed instead ("could not serialize access due to concurrent
        update"), and its job was retried as a failed try."""
        backend = self.backend
        backend.request_budget = 90
        backend.sudo().api_token  # noqa: B018 (read now: the thread uses the cache)
        self._committed(
            "DELETE FROM trello_request_budget WHERE token_hash = %s", (TOKEN_HASH,)
        )
        self.addCleanup(
            self._committed,
            "DELETE FROM trello_request_budget WHERE token_hash = %s",
            (TOKEN_HASH,),
        )
        self.assertEqual(backend._take_request_budget(), 0.0)
        outcome = {}

        def second_worker():
            try:
                outcome["waited"] = backend._take_request_budget()
            except Exception as err:  # noqa: BLE001 (the test reports it)
                outcome["error"] = err

        with self.registry.cursor() as first_worker:
            # the first worker holds the row, its request not committed yet
            first_worker.execute(
                "UPDATE trello_request_budget SET token_hash = token_hash"
                " WHERE token_hash = %s",
                (TOKEN_HASH,),
            )
            thread = threading.Thread(target=second_worker)
            thread.start()
            self._wait_for_a_lock_wait()
        thread.join(60)
        self.assertFalse(thread.is_alive())
        self.assertEqual(outcome, {"waited": 0.0})

    def _wait_for_a_lock_wait(self):
        """Until the second worker waits for the first one's row (or 30 s)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                )
                if cr.fetchone()[0]:
                    return
            time.sleep(0.05)

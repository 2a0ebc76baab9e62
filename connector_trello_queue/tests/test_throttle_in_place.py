# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A 429 keeps the work done: a job's throttled request waits and goes again.

Before, a 429 met despite the shared budget rolled the whole job back
(``RetryableJobError``) and the job started over: on a large board, the
pages it had stored were imported again. Trello refuses a throttled request
before doing anything with it, so the request is sent again in place after
the delay Trello asks, and the job goes on.
"""

import time
from unittest.mock import patch

from odoo.addons.connector_trello.client import TrelloRetryableError
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .. import jobs
from .common import BOARD, QueueTrelloCase


class TestThrottleInPlace(QueueTrelloCase):
    emulator_seed = "demo"
    # Trello's limit, shrunk: 3 requests per 2 seconds for the token
    emulator_options = {"rate_limit": True, "token_limit": 3, "window_seconds": 2}

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.env.cr.execute("DELETE FROM trello_request_budget")
        self.backend.request_budget = 0  # the budget off: Trello's 429s come
        self.board = self.fetch_and_tick(BOARD)

    def rate_limited(self):
        return self.emulator.counters().get("rate_limited", 0)

    def test_a_job_request_waits_and_goes_again(self):
        backend = self.backend.with_context(trello_request_budget=True)
        client = backend._get_client()
        for _attempt in range(8):
            self.assertTrue(client.get("members/me", fields="id")["id"])
        self.assertTrue(self.rate_limited(), "Trello said 429 on the way")

    def test_outside_a_job_the_429_is_said_at_once(self):
        client = self.backend._get_client()
        with self.assertRaises(TrelloRetryableError) as caught:
            for _attempt in range(8):
                client.get("members/me", fields="id")
        self.assertTrue(caught.exception.throttled)

    def test_an_import_job_meeting_429s_completes_in_one_run(self):
        # as before: no wait in place, the job is rolled back to retry later
        with (
            patch.object(jobs, "THROTTLE_WAIT_IN_JOB", 0),
            trap_jobs() as trap,
            self.assertRaises(RetryableJobError),
        ):
            self.backend.with_env(self.delaying).action_synchronize()
            trap.perform_enqueued_jobs()
        self.env.cr.execute("DELETE FROM queue_job")
        self.emulator.reset(seed="demo")
        time.sleep(2)  # the emulator's window passes
        self.emulator.reset_counters()
        with trap_jobs() as trap:
            self.backend.with_env(self.delaying).action_synchronize()
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()  # raises if the job asks for a retry
        self.assertEqual(self.board.project_id.name, BOARD)
        self.assertEqual(self.board.last_sync_state, "ok")
        self.assertTrue(self.rate_limited(), "Trello said 429 on the way")

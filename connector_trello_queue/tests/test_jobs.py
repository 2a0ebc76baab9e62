# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.exceptions import UserError

from odoo.addons.connector_trello.tests.common import DEFAULT_TOKEN
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .. import jobs
from ..jobs import MAX_RETRIES, board_import_identity
from .common import BOARD, IMPORT_CHANNEL, OTHER_BOARD, QueueTrelloCase


class TestSynchronizeDelays(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.boards = self.fetch_and_tick(BOARD, OTHER_BOARD)
        self.emulator.reset_counters()
        self.backend_click = self.backend.with_env(self.delaying)
        self.projects = self.delaying["trello.project.project"]

    def test_one_job_per_ticked_board_with_identity_key(self):
        with trap_jobs() as trap:
            self.backend_click.action_synchronize()
            self.backend_click.action_synchronize()  # second click: nothing more
            trap.assert_jobs_count(2)
            for board in self.boards:
                trap.assert_enqueued_job(
                    self.projects.import_board,
                    args=(self.backend, board.external_id),
                    properties={
                        "identity_key": board_import_identity(
                            self.backend, board.external_id
                        ),
                        "description": f"Import Trello board «{board.name}»",
                        "max_retries": MAX_RETRIES,
                    },
                )
            for job in trap.enqueued_jobs:
                self.assertEqual(job.channel, IMPORT_CHANNEL)
                # only records and Trello ids: no key, token or secret
                self.assertEqual(len(job.args), 2)
                self.assertNotIn(self.backend.sudo().api_token, repr(job.args))
            self.assertEqual(self.request_count(), 0)
            trap.perform_enqueued_jobs()
        for board in self.boards:
            self.assertEqual(board.project_id.name, board.name)

    def test_second_click_adds_no_job_and_notification_links_the_jobs(self):
        action = self.backend_click.action_synchronize()
        jobs = self.queued_jobs(model_name="trello.project.project")
        self.assertEqual(len(jobs), 2)
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertEqual(set(jobs.mapped("channel")), {IMPORT_CHANNEL})
        self.assertEqual(
            set(jobs.mapped("name")),
            {f"Import Trello board «{b.name}»" for b in self.boards},
        )
        params = action["params"]
        self.assertEqual(params["title"], "Synchronization queued")
        self.assertEqual(params["message"].count("%s"), 2)
        self.assertEqual(
            sorted(link["url"] for link in params["links"]),
            sorted(f"/odoo/action-queue_job.action_queue_job/{j.id}" for j in jobs),
        )
        self.backend_click.action_synchronize()
        self.assertEqual(self.queued_jobs(model_name="trello.project.project"), jobs)
        self.assertFalse(self.boards.project_id, "nothing imported in the request")

    def test_without_delay_it_stays_synchronous(self):
        action = self.backend.action_synchronize()
        self.assertEqual(action["params"]["title"], "Synchronization done")
        self.assertEqual(
            self.boards.project_id.mapped("name"), self.boards.mapped("name")
        )
        self.assertFalse(self.queued_jobs(model_name="trello.project.project"))

    def test_related_actions(self):
        board = self.boards.filtered(lambda b: b.name == BOARD)
        job = self.projects.with_delay().import_board(self.backend, board.external_id)
        action = job.db_record().open_related_action()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], f"https://trello.com/b/{board.external_id}")
        self.env["trello.project.project"].import_board(self.backend, board.external_id)
        action = job.db_record().open_related_action()
        self.assertEqual(action["url"], board.project_binding_id.trello_url)
        task = self.env["trello.project.task"].search(
            [("backend_id", "=", self.backend.id)], limit=1
        )
        job = (
            self.delaying["trello.project.task"]
            .with_delay()
            .delete_record(self.backend, task.external_id)
        )
        action = job.db_record().open_related_action()
        self.assertEqual(action["res_model"], "project.task")
        self.assertEqual(action["res_id"], task.odoo_id.id)


class TestCron(QueueTrelloCase):
    def test_cron_is_inactive_every_ten_minutes(self):
        cron = self.env.ref("connector_trello_queue.ir_cron_trello_import_boards")
        self.assertFalse(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (10, "minutes"))
        self.assertEqual(cron.code.strip(), "model._scheduler_import_boards()")

    def _backend(self, name, board_ids, **values):
        backend = self.env["trello.backend"].create(
            {
                "name": name,
                "api_url": self.emulator.api_url,
                "state": "confirmed",
                **values,
            }
        )
        for external_id in board_ids:
            self.env["trello.board"].create(
                {
                    "backend_id": backend.id,
                    "external_id": external_id,
                    "name": f"Board {external_id[-4:]}",
                    "synchronize": not external_id.endswith("0"),
                }
            )
        return backend

    def test_fan_out_over_confirmed_backends_and_ticked_boards(self):
        self.env["trello.backend"].search([]).write({"state": "draft"})
        first = self._backend("First", ["a" * 23 + "1", "a" * 23 + "2", "a" * 23 + "0"])
        second = self._backend("Second", ["b" * 23 + "1"])
        self._backend("Draft", ["c" * 23 + "1"], state="draft")
        self._backend("Refused", ["d" * 23 + "1"], sync_error="Invalid token")
        self._backend("Archived", ["e" * 23 + "1"], active=False)
        projects = self.delaying["trello.project.project"]
        with trap_jobs() as trap:
            self.delaying["trello.backend"]._scheduler_import_boards()
            self.delaying["trello.backend"]._scheduler_import_boards()
            trap.assert_jobs_count(3)
            for backend, external_id in (
                (first, "a" * 23 + "1"),
                (first, "a" * 23 + "2"),
                (second, "b" * 23 + "1"),
            ):
                trap.assert_enqueued_job(
                    projects.import_board,
                    args=(backend, external_id),
                    properties={
                        "identity_key": board_import_identity(backend, external_id)
                    },
                )
            self.assertEqual(
                {job.channel for job in trap.enqueued_jobs}, {IMPORT_CHANNEL}
            )


class TestJobErrors(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.addCleanup(self.emulator.set_faults, "")
        self.board = self.fetch_and_tick(BOARD)
        self.backend_click = self.backend.with_env(self.delaying)

    def _run_trapped_job(self, exception):
        """Run the board's job; return what it raised.

        Not ``assertRaises``: Odoo's rolls back to a savepoint, which would
        undo what the job keeps in a transaction of its own (in production)
        and in the test's transaction here.
        """
        with trap_jobs() as trap:
            self.backend_click.action_synchronize()
            trap.assert_jobs_count(1)
            try:
                trap.perform_enqueued_jobs()
            except exception as err:
                return err
        self.fail(f"the job did not raise {exception.__name__}")

    def test_unauthorized_fails_the_job_and_stops_scheduling(self):
        self.backend.api_token = "f" * 64
        message = str(self._run_trapped_job(FailedJobError))
        self.assertIn("Trello refused the token", message)
        self.assertIn("invalid token", message)
        self.assertEqual(self.backend.sync_error, message)
        self.assertFalse(self.backend._can_schedule_jobs())
        with trap_jobs() as trap:
            self.delaying["trello.backend"]._scheduler_import_boards()
            trap.assert_jobs_count(0)
        with self.assertRaisesRegex(UserError, "check the connection"):
            self.backend_click.action_synchronize()
        # the admin fixes the token and checks the connection again
        self.backend.api_token = DEFAULT_TOKEN
        self.backend.action_check_connection()
        self.assertFalse(self.backend.sync_error)
        self.assertTrue(self.backend._can_schedule_jobs())

    def test_a_failed_import_job_says_so_on_its_board_line(self):
        self.backend_click.action_synchronize()
        job = self.queued_jobs(method_name="import_board")
        self.assertEqual(len(job), 1)
        self.assertFalse(self.board.last_sync_state)
        # what queue_job stores, in a transaction of its own, when a job fails
        job.write(
            {
                "state": "failed",
                "exc_name": "odoo.addons.queue_job.exception.FailedJobError",
                "exc_message": "Trello refused the token of the backend.",
            }
        )
        self.assertEqual(self.board.last_sync_state, "failed")
        self.assertEqual(
            self.board.last_sync_result,
            "The import job failed: Trello refused the token of the backend.",
        )
        self.assertTrue(self.board.last_sync_date)

    def test_throttled_job_retries_after_the_headers_delay_without_counting(self):
        """Past the wait in place (none here), the job is retried later."""
        self.emulator.set_faults("429:1")
        with patch.object(jobs, "THROTTLE_WAIT_IN_JOB", 0):
            error = self._run_trapped_job(RetryableJobError)
        self.assertTrue(error.ignore_retry)
        self.assertEqual(error.seconds, 10)
        self.assertIn("slow down", str(error))
        self.assertFalse(self.backend.sync_error)

    def test_outage_follows_the_retry_pattern(self):
        self.emulator.set_faults("503:1")
        error = self._run_trapped_job(RetryableJobError)
        self.assertFalse(error.ignore_retry)
        self.assertIsNone(error.seconds)
        self.assertIn("Trello is unavailable", str(error))
        self.assertFalse(self.backend.sync_error)

    def test_synchronous_errors_are_unchanged(self):
        self.backend.api_token = "f" * 64
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("Trello refused the credentials", result["params"]["message"])
        self.assertFalse(self.backend.sync_error)

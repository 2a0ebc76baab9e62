# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Recovery without the job queue's internals: a wrong token stops the
synchronization, edits are made on both sides meanwhile, the admin fixes the
token and checks the connection, and both sides meet again by themselves."""

from unittest.mock import patch

from odoo.tests.common import new_test_user

from odoo.addons.connector_trello.tests.common import DEFAULT_TOKEN
from odoo.addons.queue_job.exception import FailedJobError
from odoo.addons.queue_job.job import Job

from .common import WebhookCase

#: Jobs run at most, in all: the test fails rather than loop.
MAX_RUNS = 20


class TestRecovery(WebhookCase):
    def setUp(self):
        super().setUp()
        self.env["trello.project.project"].import_board(
            self.backend, self.board.external_id
        )
        cards = self.store_cards(self.board.external_id)
        self.odoo_card, self.trello_card = cards[0], cards[1]
        self.task = self.task_of(self.odoo_card)
        self.other_task = self.task_of(self.trello_card)
        self.person = self.delaying(
            user=new_test_user(
                self.env, login="recovery_user", groups="project.group_project_user"
            )
        )

    def task_of(self, card):
        return (
            self.env["trello.project.task"]
            .search(
                [("backend_id", "=", self.backend.id), ("external_id", "=", card["id"])]
            )
            .odoo_id
        )

    def run_pending_jobs(self):
        """Run the pending jobs as the runner does; return how many failed."""
        failed = runs = 0
        while True:
            record = self.env["queue.job"].search([("state", "=", "pending")], limit=1)
            if not record:
                return failed
            runs += 1
            self.assertLessEqual(runs, MAX_RUNS, "the jobs never end")
            job = Job.load(self.env, record.uuid)
            job.set_started()
            job.store()
            try:  # no savepoint: it would undo what the job kept aside
                job.perform()
            except FailedJobError as err:
                failed += 1
                job.set_failed(exc_name=type(err).__name__, exc_message=str(err))
            else:
                job.set_done()
            job.store()
            self.env.invalidate_all()

    def test_both_sides_meet_again_once_the_token_is_confirmed(self):
        self.backend.api_token = "f" * 64  # the token was revoked
        self.task.with_env(self.person).name = "Saved while the token was wrong"
        self.env.flush_all()
        self.assertEqual(self.run_pending_jobs(), 1, "the export job failed")
        self.assertIn("Trello refused the token", self.backend.sync_error)
        self.assertEqual(self.board.last_sync_state, "stopped")
        self.assertIn("Trello refused the token", self.board.last_sync_result)

        # a colleague renames a card: its webhook is dropped while stopped
        self.as_person(
            "PUT", f"cards/{self.trello_card['id']}", name="Renamed in Trello meanwhile"
        )
        self.assertEqual(self.deliver(self.payload()).status_code, 200)
        self.assertFalse(self.board_jobs().filtered(lambda j: j.state == "pending"))

        # the admin fixes the token and checks the connection: nothing else
        self.backend.api_token = DEFAULT_TOKEN
        result = self.backend.action_check_connection()
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn(
            "Synchronization resumed: 1 failed jobs sent again, 1 boards imported",
            result["params"]["message"],
        )
        self.assertFalse(self.backend.sync_error)
        self.assertFalse(self.backend.sync_error_date)
        self.assertEqual(self.run_pending_jobs(), 0)

        card = self.emulator.store.cards[self.odoo_card["id"]]
        self.assertEqual(card["name"], "Saved while the token was wrong")
        self.assertEqual(self.other_task.name, "Renamed in Trello meanwhile")
        self.assertEqual(self.board.last_sync_state, "ok")

    def test_jobs_failed_before_the_refusal_or_of_other_backends_stay(self):
        other = self.backend.copy({"name": "Another backend"})
        self.task.with_env(self.person).name = "An edit"
        self.env.flush_all()
        earlier = self.env["queue.job"].search([("state", "=", "pending")])
        earlier.write({"state": "failed", "exc_message": "An older failure."})
        self.env.cr.execute(
            "UPDATE queue_job SET date_started = now() - interval '1 day' "
            "WHERE id = %s",
            (earlier.id,),
        )
        self.backend._record_sync_error("Trello refused the token.")
        self.assertFalse(self.backend._failed_jobs_since(self.backend.sync_error_date))
        self.assertEqual(self.backend._failed_jobs_since(False), earlier)
        self.assertFalse(other._failed_jobs_since(False))

    def test_only_the_connectors_failed_jobs_are_read(self):
        """The failed jobs of other addons stay in the database: the domain
        finds the connector's own (they were all read and filtered in
        Python, one by one)."""
        self.task.with_env(self.person).name = "An edit"
        partners = self.delaying["res.partner"]
        foreign = partners.with_delay().search_count([]).db_record()
        self.assertTrue(foreign)
        self.env.flush_all()
        self.env["queue.job"].search([("state", "=", "pending")]).write(
            {"state": "failed"}
        )
        QueueJob = type(self.env["queue.job"])
        asked = []
        trello_backend = QueueJob._trello_backend

        def spy(job):
            asked.append(job.id)
            return trello_backend(job)

        with patch.object(QueueJob, "_trello_backend", spy):
            found = self.backend._failed_jobs_since(False)
        self.assertEqual(len(found), 1)
        self.assertNotIn(foreign.id, asked)

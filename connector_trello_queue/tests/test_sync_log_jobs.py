# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The synchronization log through the queue: what started each job (the
button, the cron, a webhook, an edit) and the link to it."""

from odoo.tests.common import new_test_user

from odoo.addons.queue_job.job import Job

from .common import BOARD, WebhookCase


class TestSyncLogJobs(WebhookCase):
    def setUp(self):
        super().setUp()
        self.env["trello.project.project"].import_board(
            self.backend, self.board.external_id
        )
        self.env["trello.sync.log"].search([]).unlink()

    def run_job(self, record, fail=None):
        """Run one job as the runner does; ``fail``: it fails for good."""
        job = Job.load(self.env, record.uuid)
        job.set_started()
        job.store()
        if fail:
            job.set_failed(exc_name="FailedJobError", exc_message=fail)
        else:
            job.perform()
            job.set_done()
        job.store()
        return record

    def lines(self):
        return self.env["trello.sync.log"].search(
            [("backend_id", "=", self.backend.id)], order="id"
        )

    def start_import(self, trigger):
        """Delay the board's import the way ``trigger`` does."""
        if trigger == "button":
            self.backend.with_env(self.delaying).action_synchronize()
        elif trigger == "cron":
            self.env["trello.backend"].with_env(
                self.delaying
            )._scheduler_import_boards()
        else:
            self.assertEqual(self.deliver(self.payload()).status_code, 200)
        job = self.board_jobs().filtered(lambda j: j.state == "pending")
        self.assertEqual(len(job), 1)
        return job

    def test_each_trigger_is_logged_with_its_job(self):
        card = self.store_cards(self.board.external_id)[0]
        for trigger in ("button", "cron", "webhook"):
            with self.subTest(trigger=trigger):
                self.as_person("PUT", f"cards/{card['id']}", name=f"By {trigger}")
                job = self.run_job(self.start_import(trigger))
                line = self.lines()[-1:]
                self.assertEqual(
                    (line.direction, line.trigger, line.state),
                    ("import", trigger, "done"),
                )
                self.assertEqual(line.board_id, self.board)
                self.assertEqual(line.updated_count, 1)
                self.assertEqual(line.job_uuid, job.uuid)
                self.assertEqual(line.job_id, job)
                action = line.action_open_job()
                self.assertEqual(
                    (action["res_model"], action["res_id"]), ("queue.job", job.id)
                )
        self.assertEqual(len(self.lines()), 3)

    def test_an_import_job_failed_for_good_is_logged_with_its_sentence(self):
        job = self.start_import("cron")
        self.run_job(job, fail="Trello at the API URL is failing: try again later.")
        line = self.lines()
        self.assertEqual(len(line), 1)
        self.assertEqual((line.state, line.trigger), ("failed", "cron"))
        self.assertIn("try again later", line.summary)
        self.assertEqual(line.job_id, job)
        self.assertEqual(self.board.last_sync_state, "failed")

    def test_an_edit_is_logged_as_an_export_of_its_task(self):
        user = new_test_user(
            self.env, login="log_editor", groups="project.group_project_user"
        )
        task = (
            self.env["trello.project.task"]
            .search([("backend_id", "=", self.backend.id)], limit=1)
            .odoo_id
        )
        task.with_env(self.delaying(user=user)).name = "Renamed in Odoo"
        self.env.flush_all()
        job = self.env["queue.job"].search(
            [("method_name", "=", "trello_export"), ("state", "=", "pending")]
        )
        self.assertEqual(len(job), 1)
        self.run_job(job)
        line = self.lines()
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.direction, line.trigger, line.state), ("export", "edit", "done")
        )
        self.assertEqual(line.board_id, self.board)
        self.assertEqual((line.res_model, line.res_id), ("project.task", task.id))
        self.assertIn("Renamed in Odoo", line.summary)
        self.assertEqual(line.action_open_record()["res_id"], task.id)
        self.assertEqual(line.project_id.name, BOARD)

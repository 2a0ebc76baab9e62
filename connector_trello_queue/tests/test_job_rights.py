# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Jobs run with the connector's rights; clicks are checked first.

Before, an employee's *Synchronize* delayed an import job that ran as that
employee: its identity key (one per board, whoever asks) swallowed the
cron's and the webhooks' imports of the board while it waited, then it
failed on an access error. Repeating it blocked the board's imports.
"""

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from odoo.addons.queue_job.job import Job

from ..jobs import board_import_identity
from .common import BOARD, QueueTrelloCase


class TestJobRights(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.fetch_and_tick(BOARD)
        self.employee = new_test_user(self.env, login="jobs_employee")
        # a connector manager with no right on projects
        self.connector_manager = new_test_user(
            self.env,
            login="jobs_connector_manager",
            groups="base.group_user,connector.group_connector_manager",
        )
        self.emulator.reset_counters()

    def board_jobs(self):
        return self.queued_jobs(
            identity_key=board_import_identity(self.backend, self.board.external_id)
        )

    def test_an_employee_click_queues_nothing_and_blocks_nothing(self):
        backend = self.backend.with_env(self.delaying)
        with self.assertRaises(AccessError):
            backend.with_user(self.employee).action_synchronize()
        self.assertFalse(self.board_jobs())
        self.assertEqual(self.request_count(), 0)
        # the cron's import of the board is queued as usual
        self.env["trello.backend"].with_env(self.delaying)._scheduler_import_boards()
        self.assertEqual(len(self.board_jobs()), 1)

    def test_the_job_of_a_click_runs_as_the_connector(self):
        backend = self.backend.with_env(self.delaying)
        backend.with_user(self.connector_manager).action_synchronize()
        job_record = self.board_jobs()
        self.assertEqual(len(job_record), 1)
        self.assertEqual(job_record.user_id, self.connector_manager, "who asked")
        job = Job.load(self.env, job_record.uuid)
        self.assertTrue(job.recordset.env.su, "the job runs with su")
        job.perform()
        self.assertEqual(self.board.project_id.name, BOARD)
        self.assertTrue(self.board.project_id.task_ids)

    def test_only_project_users_changes_are_exported(self):
        self.env["trello.project.project"].import_board(
            self.backend, self.board.external_id
        )
        task = self.board.project_id.task_ids[:1]
        self.emulator.reset_counters()
        project_user = new_test_user(
            self.env, login="jobs_project_user", groups="project.group_project_user"
        )
        cases = [
            (self.employee, 0),  # Odoo lets any employee post on a visible task
            (project_user, 1),
        ]
        for user, jobs in cases:
            with self.subTest(user=user.login):
                before = self.queued_jobs(method_name="trello_export")
                task.with_env(self.delaying).with_user(user).message_post(
                    body=f"A note from {user.login}", message_type="comment"
                )
                exported = self.queued_jobs(method_name="trello_export") - before
                self.assertEqual(len(exported), jobs)
        self.assertEqual(self.request_count(), 0)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo decides first, Trello follows: deletions of synchronized records.

Before, every ``unlink()`` archived or deleted the Trello object as
superuser *before* Odoo checked the caller's right to delete and its
constraints: a refused or failed deletion still changed Trello. Now a
``trello.deletion`` is written in the unlink's transaction and sent only
once Odoo's unlink succeeded: by a job (this addon), after the commit
(connector_trello alone), or inline when jobs run inline.
"""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import EveryObjectCase


class TestDeletions(EveryObjectCase):
    def setUp(self):
        super().setUp()
        self.project_user = new_test_user(
            self.env, login="del_project_user", groups="project.group_project_user"
        )
        self.employee = new_test_user(self.env, login="del_employee")
        self.emulator.reset_counters()

    def deletions(self):
        return self.env["trello.deletion"].search(
            [("backend_id", "=", self.backend.id)]
        )

    # -- refused or failed: nothing reaches Trello -------------------------

    def test_refused_unlinks_send_nothing(self):
        label = self.store_label("Urgent")
        tag = self.label_binding(label).odoo_id
        cases = [
            (self.task, self.employee, AccessError),
            (self.task.stage_id, self.employee, AccessError),
            (self.task.stage_id, self.project_user, AccessError),
            (tag, self.employee, AccessError),
        ]
        for record, user, error in cases:
            with self.subTest(record=record, user=user.login):
                with self.assertRaises(error), self.env.cr.savepoint():
                    record.with_user(user).unlink()
                self.assertEqual(self.request_count(), 0)
                self.assertFalse(self.deletions())
        self.assertFalse(self.store.cards[self.card["id"]]["closed"])

    @mute_logger("odoo.sql_db")
    def test_a_stage_that_keeps_its_tasks_keeps_its_list(self):
        stage = self.task.stage_id
        binding = stage.trello_bind_ids
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            stage.unlink()
            self.env.flush_all()
        self.assertEqual(self.request_count(), 0)
        self.assertFalse(self.store.lists[binding.external_id]["closed"])
        self.assertFalse(self.deletions())

    def test_rolled_back_unlink_sends_nothing_after_commit(self):
        with self.env.cr.savepoint() as savepoint:
            self.task.with_context(queue_job__no_delay=False).unlink()
            savepoint.rollback()
        self.env.cr.postcommit.run()
        self.assertEqual(self.request_count(), 0)
        self.assertTrue(self.task.exists())
        self.assertFalse(self.env["queue.job"].search([]))

    # -- accepted: Trello follows, once ------------------------------------

    def test_a_delayed_deletion_is_a_job_sent_after_odoo_unlink(self):
        with trap_jobs() as trap:
            self.task.with_env(self.delaying).with_user(self.project_user).unlink()
            self.assertFalse(self.task.exists())
            self.assertEqual(self.request_count(), 0, "nothing before the job")
            (deletion,) = self.deletions()
            self.assertEqual(deletion.operation, "archive")
            self.assertEqual(deletion.name, "Card «Password reset loop»")
            self.assertEqual(deletion.state, "pending")
            trap.assert_jobs_count(1)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.args, ())
            self.assertEqual(job.recordset, deletion)
            self.assertEqual(job.channel, "root.trello.export")
            self.assertEqual(
                job.description, "Archive in Trello: Card «Password reset loop»"
            )
            trap.perform_enqueued_jobs()
        self.assertTrue(self.store.cards[self.card["id"]]["closed"])
        self.assertEqual(deletion.state, "done")
        self.assertEqual(deletion.result, "Archived in Trello.")

    def test_without_the_queue_it_is_sent_after_the_commit(self):
        bindings = self.task.trello_bind_ids
        deletions = self.env["trello.deletion"]._record(bindings)
        self.task.with_context(connector_no_export=True).unlink()
        deletions._send_after_commit()
        self.assertEqual(self.request_count(), 0, "nothing before the commit")
        self.env.flush_all()
        self.env.cr.postcommit.run()
        self.assertTrue(self.store.cards[self.card["id"]]["closed"])
        deletions.invalidate_recordset()
        self.assertEqual(deletions.state, "done")

    def test_a_failure_after_the_commit_is_kept_on_the_deletion(self):
        bindings = self.task.trello_bind_ids
        deletions = self.env["trello.deletion"]._record(bindings)
        self.emulator.set_faults("503:1.0@PUT /1/cards/*")
        try:
            deletions._send_reporting_errors()
        finally:
            self.emulator.set_faults(None)
        self.assertEqual(deletions.state, "failed")
        self.assertIn("503", deletions.result)
        self.assertFalse(self.store.cards[self.card["id"]]["closed"])
        deletions.action_send()
        self.assertEqual(deletions.state, "done")
        self.assertTrue(self.store.cards[self.card["id"]]["closed"])
        with self.assertRaises(AccessError):
            deletions.with_user(self.project_user).action_send()

    def test_a_deleted_task_is_not_imported_again(self):
        self.backend.import_archived_cards = True
        self.task.unlink()
        self.assertTrue(self.store.cards[self.card["id"]]["closed"])
        for full in (False, True):
            self.env["trello.project.project"].import_board(
                self.backend, self.board["id"], full=full
            )
            self.assertFalse(
                self.env["trello.project.task"]
                .with_context(active_test=False)
                .search([("external_id", "=", self.card["id"])]),
                "the card stays deleted in Odoo",
            )
        # reopened in Trello by someone: still not brought back
        self.as_person("PUT", f"cards/{self.card['id']}", closed="false")
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=True
        )
        self.assertFalse(
            self.env["project.task"]
            .with_context(active_test=False)
            .search([("name", "=", self.card["name"])])
        )


class TestDeletionAnswerLost(EveryObjectCase):
    """A DELETE that Trello did but whose answer was lost is done: its
    retry meets a 404 (the object is gone), which means what was asked."""

    #: Binding model -> the fault that loses the answer of its DELETE.
    CASES = {
        "trello.mail.message": "500-after",
        "trello.checkitem": "drop-after",
        "trello.ir.attachment": "truncate",
        "trello.project.tags": "503-after",
        "trello.project.task": "500-after",
    }

    def test_the_retry_of_a_deletion_whose_answer_was_lost(self):
        self.backend.delete_cards = True  # a card is deleted, not archived
        for model, fault in self.CASES.items():
            with self.subTest(model=model, fault=fault):
                binding = self.env[model].search(
                    [("backend_id", "=", self.backend.id)], limit=1
                )
                external_id = binding.external_id
                with trap_jobs() as trap:
                    binding.odoo_id.with_env(self.delaying).unlink()
                    (job,) = trap.enqueued_jobs
                self.emulator.set_faults(f"{fault}:1@DELETE /1/*")
                try:
                    with (
                        mute_logger("odoo.addons.connector_trello.client"),
                        self.assertRaises(RetryableJobError),
                        self.env.cr.savepoint(),
                    ):
                        job.perform()
                finally:
                    self.emulator.set_faults(None)
                self.assertNotIn(external_id, self.in_trello(), "the first try did it")
                job.perform()  # the retry: a 404, and nothing to do
                deletion = self.env["trello.deletion"].search(
                    [("external_id", "=", external_id)]
                )
                self.assertEqual(deletion.state, "done")
                self.assertEqual(deletion.result, "Already gone from Trello.")

    def in_trello(self):
        """The ids of the objects Trello holds."""
        store = self.store
        return {
            *store.actions,
            *store.check_items,
            *store.attachments,
            *store.labels,
            *store.cards,
        }

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.tests.common import new_test_user

from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

from ..jobs import MAX_RETRIES, record_export_identity
from .common import QueueTrelloCase

EXPORT_CHANNEL = "root.trello.export"


class ExportListenerCase(QueueTrelloCase):
    """The demo board imported; a project user edits what it brought."""

    def setUp(self):
        super().setUp()
        self.import_demo_board()
        self.project = self.board.project_id
        self.card = self.store_cards(self.board.external_id)[0]
        self.card_binding = self.env["trello.project.task"].search(
            [
                ("backend_id", "=", self.backend.id),
                ("external_id", "=", self.card["id"]),
            ]
        )
        self.task = self.card_binding.odoo_id
        self.user = new_test_user(
            self.env, login="listener_user", groups="project.group_project_user"
        )
        # a person's click: jobs are delayed, and no connector context
        self.person = self.delaying(user=self.user)
        self.manager = self.delaying(
            user=new_test_user(
                self.env,
                login="listener_manager",
                groups="project.group_project_manager",
            )
        )
        self.emulator.reset_counters()

    def assert_export_job(self, trap, record):
        """One export job of ``record``: its arguments, channel and key."""
        trap.assert_jobs_count(1)
        trap.assert_enqueued_job(
            record.trello_export,
            args=(),
            kwargs={},
            properties={
                "identity_key": record_export_identity(record),
                "max_retries": MAX_RETRIES,
            },
        )
        job = trap.enqueued_jobs[0]
        self.assertEqual(job.channel, EXPORT_CHANNEL)
        self.assertEqual(job.recordset, record)
        self.assertEqual(job.identity_key, f"trello.export:{record._name}:{record.id}")
        # the job holds the record only: no key, token or secret
        self.assertNotIn(self.backend.sudo().api_token, repr(job.args))
        self.assertNotIn(self.backend.sudo().api_key, repr(job.args))
        return job


class TestTaskListener(ExportListenerCase):
    def test_write_of_an_exported_field_delays_the_export(self):
        with trap_jobs() as trap:
            self.task.with_env(self.person).write({"name": "Renamed in Odoo"})
            job = self.assert_export_job(trap, self.task)
            self.assertEqual(job.description, "Export task «Renamed in Odoo» to Trello")
            self.assertEqual(self.request_count(), 0, "nothing sent in the write")
            trap.perform_enqueued_jobs()
        self.assertEqual(
            self.emulator.store.cards[self.card["id"]]["name"], "Renamed in Odoo"
        )

    def test_every_mapped_field_triggers_the_export(self):
        stage = self.project.type_ids - self.task.stage_id
        values = {
            "description": "<p>New text</p>",
            "stage_id": stage[:1].id,
            "date_deadline": "2030-01-02 10:00:00",
            "state": "1_done",
            "sequence": 99,
            "user_ids": [(6, 0, self.user.ids)],
        }
        for field, value in values.items():
            with self.subTest(field=field), trap_jobs() as trap:
                self.task.with_env(self.person).write({field: value})
                self.assert_export_job(trap, self.task)

    def test_field_not_exported_delays_nothing(self):
        with trap_jobs() as trap:
            self.task.with_env(self.person).write({"priority": "1", "color": 3})
            trap.assert_jobs_count(0)

    def test_connector_write_delays_nothing(self):
        with trap_jobs() as trap:
            self.task.with_env(self.person).with_context(
                connector_no_export=True
            ).write({"name": "Written by the import"})
            trap.assert_jobs_count(0)

    def test_task_of_an_unsynchronized_project_delays_nothing(self):
        project = self.env["project.project"].create({"name": "Local project"})
        task = self.env["project.task"].create(
            {"name": "Local task", "project_id": project.id}
        )
        with trap_jobs() as trap:
            task.with_env(self.person).write({"name": "Still local"})
            self.env["project.task"].with_env(self.person).create(
                {"name": "Another local task", "project_id": project.id}
            )
            trap.assert_jobs_count(0)

    def test_import_only_backend_delays_nothing(self):
        self.backend.sync_direction = "import"
        with trap_jobs() as trap:
            self.task.with_env(self.person).write({"name": "Not for Trello"})
            trap.assert_jobs_count(0)

    def test_no_delay_context_leaves_the_export_to_the_caller(self):
        """As without the queue addon: connector_trello's tests, scripts."""
        with trap_jobs() as trap:
            self.task.with_user(self.user).write({"name": "Not delayed"})
            trap.assert_jobs_count(0)

    def test_new_task_of_a_synchronized_board_becomes_a_card(self):
        with trap_jobs() as trap:
            task = (
                self.env["project.task"]
                .with_env(self.person)
                .create(
                    {
                        "name": "Made in Odoo",
                        "project_id": self.project.id,
                        "stage_id": self.task.stage_id.id,
                    }
                )
            )
            job = self.assert_export_job(trap, task)
            self.assertEqual(job.description, "Export task «Made in Odoo» to Trello")
            trap.perform_enqueued_jobs()
        card = self.env["trello.project.task"].search([("odoo_id", "=", task.id)])
        self.assertTrue(card.external_id)
        self.assertEqual(
            self.emulator.store.cards[card.external_id]["name"], "Made in Odoo"
        )

    def test_subtask_of_a_card_is_delayed(self):
        subtask = self.env["project.task"].create(
            {"name": "Sub", "parent_id": self.task.id, "project_id": self.project.id}
        )
        with trap_jobs() as trap:
            subtask.with_env(self.person).write({"state": "1_done"})
            self.assert_export_job(trap, subtask)

    def test_burst_of_writes_gives_one_pending_job_that_exports_the_last_state(self):
        task = self.task.with_env(self.person)
        for number in range(10):
            task.write({"name": f"Edit {number}"})
        task.write({"date_deadline": "2030-03-04 00:00:00"})
        jobs = self.queued_jobs(identity_key=record_export_identity(self.task))
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.state, "pending")
        self.assertEqual(jobs.channel, EXPORT_CHANNEL)
        self.assertEqual(jobs.name, "Export task «Edit 0» to Trello")
        Job.load(self.env, jobs.uuid).perform()
        card = self.emulator.store.cards[self.card["id"]]
        self.assertEqual(card["name"], "Edit 9")
        self.assertTrue(card["due"].startswith("2030-03-04"))
        # the job done, the next write delays a new one
        jobs.state = "done"
        task.write({"name": "Edit 10"})
        self.assertEqual(
            len(self.queued_jobs(identity_key=record_export_identity(self.task))), 2
        )

    def test_job_of_a_deleted_task_does_nothing(self):
        with trap_jobs() as trap:
            self.task.with_env(self.person).write({"name": "Soon deleted"})
            job = trap.enqueued_jobs[0]
        self.task.unlink()  # archives the card synchronously
        self.assertTrue(self.emulator.store.cards[self.card["id"]]["closed"])
        self.emulator.reset_counters()
        self.assertEqual(job.recordset.trello_export(), [])
        self.assertEqual(self.request_count(), 0)

    def test_related_action_opens_the_card(self):
        self.task.with_env(self.person).write({"name": "Related"})
        job = self.queued_jobs(identity_key=record_export_identity(self.task))
        action = job.open_related_action()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], self.card_binding.trello_url)


class TestStageListener(ExportListenerCase):
    def test_rename_delays_the_export(self):
        stage = self.task.stage_id
        with trap_jobs() as trap:
            stage.with_env(self.manager).write({"name": "Renamed list"})
            job = self.assert_export_job(trap, stage)
            self.assertEqual(job.description, "Export stage «Renamed list» to Trello")
            trap.perform_enqueued_jobs()
        list_id = stage.trello_bind_ids.external_id
        self.assertEqual(self.emulator.store.lists[list_id]["name"], "Renamed list")

    def test_new_stage_of_the_project_is_delayed(self):
        with trap_jobs() as trap:
            stage = (
                self.env["project.task.type"]
                .with_env(self.manager)
                .create({"name": "New list", "project_ids": [(6, 0, self.project.ids)]})
            )
            self.assert_export_job(trap, stage)

    def test_unexported_field_and_unsynchronized_stage_delay_nothing(self):
        project = self.env["project.project"].create({"name": "Local project"})
        local = self.env["project.task.type"].create(
            {"name": "Local stage", "project_ids": [(6, 0, project.ids)]}
        )
        with trap_jobs() as trap:
            self.task.stage_id.with_env(self.manager).write({"fold": True})
            local.with_env(self.manager).write({"name": "Still local"})
            self.task.stage_id.with_env(self.manager).with_context(
                connector_no_export=True
            ).write({"name": "From the import"})
            trap.assert_jobs_count(0)


class TestTagListener(ExportListenerCase):
    def setUp(self):
        super().setUp()
        self.label = self.env["trello.project.tags"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "!=", False)],
            limit=1,
        )
        self.tag = self.label.odoo_id

    def test_rename_delays_the_export(self):
        with trap_jobs() as trap:
            self.tag.with_env(self.person).write({"name": "Renamed label"})
            job = self.assert_export_job(trap, self.tag)
            self.assertEqual(job.description, "Export tag «Renamed label» to Trello")
            trap.perform_enqueued_jobs()
        self.assertEqual(
            self.emulator.store.labels[self.label.external_id]["name"], "Renamed label"
        )

    def test_new_tag_and_connector_write_delay_nothing(self):
        with trap_jobs() as trap:
            self.env["project.tags"].with_env(self.person).create({"name": "Fresh tag"})
            self.tag.with_env(self.person).with_context(connector_no_export=True).write(
                {"name": "From the import"}
            )
            trap.assert_jobs_count(0)


class TestProjectListener(ExportListenerCase):
    def test_rename_delays_the_export(self):
        with trap_jobs() as trap:
            self.project.with_env(self.manager).write({"name": "Renamed board"})
            job = self.assert_export_job(trap, self.project)
            self.assertEqual(
                job.description, "Export project «Renamed board» to Trello"
            )
            trap.perform_enqueued_jobs()
        self.assertEqual(
            self.emulator.store.boards[self.board.external_id]["name"], "Renamed board"
        )

    def test_new_project_and_unexported_field_delay_nothing(self):
        with trap_jobs() as trap:
            self.env["project.project"].with_env(self.manager).create(
                {"name": "Never exported implicitly"}
            )
            self.project.with_env(self.manager).write({"color": 4})
            trap.assert_jobs_count(0)


class TestMessageListener(ExportListenerCase):
    def test_note_on_a_synchronized_task_delays_its_comment(self):
        with trap_jobs() as trap:
            message = self.task.with_env(self.person).message_post(
                body="Posted in Odoo",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            job = self.assert_export_job(trap, message)
            self.assertEqual(
                job.description, f"Export a message on «{self.task.name}» to Trello"
            )
            trap.perform_enqueued_jobs()
        binding = message.sudo().trello_bind_ids
        self.assertTrue(binding.external_id)
        comment = self.emulator.store.actions[binding.external_id]
        self.assertEqual(comment["type"], "commentCard")
        self.assertIn("Posted in Odoo", comment["data"]["text"])

    def test_connector_notes_and_unsynchronized_tasks_delay_nothing(self):
        project = self.env["project.project"].create({"name": "Local project"})
        local = self.env["project.task"].create(
            {"name": "Local task", "project_id": project.id}
        )
        with trap_jobs() as trap:
            # the connector's own notes are written by OdooBot
            self.task.with_env(self.delaying).message_post(
                body="Trello sync conflict",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=self.env.ref("base.partner_root").id,
            )
            local.with_env(self.person).message_post(
                body="Local", message_type="comment", subtype_xmlid="mail.mt_note"
            )
            # a tracking message is not a person's comment
            self.task.with_env(self.person).message_post(
                body="Stage changed", message_type="notification"
            )
            trap.assert_jobs_count(0)


class TestAttachmentListener(ExportListenerCase):
    def attach(self, env, **values):
        return (
            self.env["ir.attachment"]
            .with_env(env)
            .create(
                dict(
                    {
                        "name": "notes.txt",
                        "datas": base64.b64encode(b"Some notes"),
                        "res_model": "project.task",
                        "res_id": self.task.id,
                    },
                    **values,
                )
            )
        )

    def test_file_attached_to_a_synchronized_task_is_uploaded(self):
        with trap_jobs() as trap:
            attachment = self.attach(self.person)
            job = self.assert_export_job(trap, attachment)
            self.assertEqual(job.description, "Export attachment «notes.txt» to Trello")
            trap.perform_enqueued_jobs()
        binding = attachment.sudo().trello_bind_ids
        self.assertTrue(binding.external_id)
        uploaded = self.emulator.store.attachments[binding.external_id]
        self.assertEqual(uploaded["name"], "notes.txt")
        self.assertIn(
            binding.external_id,
            self.emulator.store.cards[self.card["id"]]["_idAttachments"],
        )

    def test_file_linked_after_its_upload_is_delayed(self):
        pending = self.attach(self.person, res_model="mail.compose.message", res_id=0)
        with trap_jobs() as trap:
            pending.with_env(self.person).write(
                {"res_model": "project.task", "res_id": self.task.id}
            )
            self.assert_export_job(trap, pending)

    def test_other_files_delay_nothing(self):
        with trap_jobs() as trap:
            project = self.env["project.project"].create({"name": "Local project"})
            local = self.env["project.task"].create(
                {"name": "Local task", "project_id": project.id}
            )
            self.attach(self.person, res_id=local.id)
            self.attach(
                self.person(context=dict(self.person.context, connector_no_export=True))
            )
            attachment = self.attach(self.env)  # queue_job told not to delay
            attachment.with_env(self.person).write({"description": "not exported"})
            trap.assert_jobs_count(0)

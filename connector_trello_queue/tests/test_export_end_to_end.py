# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.tests.common import new_test_user

from odoo.addons.queue_job.job import Job

from ..jobs import record_export_identity
from .common import BOARD, QueueTrelloCase


class TestExportEndToEnd(QueueTrelloCase):
    """A project user edits a task; the job sends it to the live emulator."""

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.fetch_and_tick(BOARD)
        self.projects = self.env["trello.project.project"]
        self.projects.import_board(self.backend, self.board.external_id)
        self.card = self.store_cards(self.board.external_id)[0]
        self.binding = self.env["trello.project.task"].search(
            [
                ("backend_id", "=", self.backend.id),
                ("external_id", "=", self.card["id"]),
            ]
        )
        self.task = self.binding.odoo_id
        self.user = new_test_user(
            self.env, login="e2e_project_user", groups="project.group_project_user"
        )

    def spy_writes(self):
        """Patch write() of tasks and card bindings to record who is written."""
        written = []

        def spy(model):
            original = type(self.env[model]).write

            def write(records, vals):
                written.append((model, tuple(records.ids), tuple(sorted(vals))))
                return original(records, vals)

            return patch.object(type(self.env[model]), "write", write)

        return written, spy("project.task"), spy("trello.project.task")

    def test_task_edit_reaches_the_card_and_the_next_import_writes_nothing(self):
        task = self.task.with_env(self.delaying(user=self.user))
        task.write({"name": "Edited by a project user"})
        task.write({"description": "<p>With <strong>bold</strong> text</p>"})
        job_record = self.queued_jobs(identity_key=record_export_identity(self.task))
        self.assertEqual(len(job_record), 1)
        self.assertEqual(job_record.user_id, self.user)
        self.assertEqual(job_record.channel, "root.trello.export")
        card = self.emulator.store.cards[self.card["id"]]
        self.assertEqual(card["name"], self.card["name"], "nothing sent yet")

        self.emulator.reset_counters()
        Job.load(self.env, job_record.uuid).perform()
        card = self.emulator.store.cards[self.card["id"]]
        self.assertEqual(card["name"], "Edited by a project user")
        self.assertEqual(card["desc"], "With **bold** text")
        # one read (the conflict check) and one write
        self.assertEqual(self.request_count(), 2)

        written, spy_tasks, spy_bindings = self.spy_writes()
        with spy_tasks, spy_bindings:
            self.projects.import_board(self.backend, self.board.external_id)
        ours = [
            entry
            for entry in written
            if set(entry[1]) & {self.task.id, self.binding.id}
        ]
        self.assertEqual(ours, [], "the import brings nothing back")
        self.assertEqual(
            self.queued_jobs(identity_key=record_export_identity(self.task)),
            job_record,
            "and delays no export",
        )

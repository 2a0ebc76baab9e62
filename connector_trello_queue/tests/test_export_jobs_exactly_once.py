# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Export jobs under write faults: one card, check item and comment each.

A project user makes 12 tasks, then a sub-task and a note on each; their
export jobs run as the job runner does (each try in a transaction of its
own, here a savepoint rolled back on failure, and tried again) while a
fifth of Trello's writes fail, most of them after the write. Then Trello
holds exactly one card, check item and comment per Odoo record, and a full
import of the board makes nothing twice in Odoo.
"""

import logging

from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import QueueTrelloCase

_logger = logging.getLogger(__name__)

WRITE_FAULTS = (
    "truncate:6%@POST /1/*,500-after:6%@POST /1/*,drop-after:6%@POST /1/*,"
    "503:3%@POST /1/*,429:2%@POST /1/*;seed={seed}"
)
EXPORT_CHANNEL = "root.trello.export"
#: Tries of one job before the test gives up on it.
MAX_TRIES = 30


class TestExportJobsExactlyOnce(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.import_demo_board()
        self.project = self.board.project_id
        user = new_test_user(
            self.env, login="faulted_user", groups="project.group_project_user"
        )
        self.person = self.delaying(user=user)
        self.stage = (
            self.env["project.task"]
            .search([("project_id", "=", self.project.id)], limit=1)
            .stage_id
        )
        self.addCleanup(self.emulator.set_faults, None)

    def run_export_jobs(self):
        """Run every pending export job until it succeeds; return the tries."""
        tries = 0
        for record in self.env["queue.job"].search(
            [("channel", "=", EXPORT_CHANNEL), ("state", "=", "pending")]
        ):
            job = Job.load(self.env, record.uuid)
            for _try in range(MAX_TRIES):
                tries += 1
                try:
                    with (
                        mute_logger("odoo.addons.connector_trello.client"),
                        self.env.cr.savepoint(),
                    ):
                        job.perform()
                    break
                except RetryableJobError as err:
                    _logger.info("job %s failed, retried: %s", job.uuid, err)
                    self.env.invalidate_all()
            else:
                self.fail(f"job {job.description} never succeeded")
            record.state = "done"
        return tries

    def test_cards_check_items_and_comments_under_write_faults(self):
        names = [f"Job under faults {index}" for index in range(12)]
        tasks = (
            self.env["project.task"]
            .with_env(self.person)
            .create(
                [
                    {
                        "name": name,
                        "project_id": self.project.id,
                        "stage_id": self.stage.id,
                    }
                    for name in names
                ]
            )
        )
        self.emulator.set_faults(WRITE_FAULTS.format(seed=5))
        tries = self.run_export_jobs()
        for task in tasks:
            self.env["project.task"].with_env(self.person).create(
                {
                    "name": f"Sub-task of {task.name}",
                    "parent_id": task.id,
                    "project_id": self.project.id,
                }
            ).write({"state": "1_done"})
            task.with_env(self.person).message_post(
                body=f"Note on {task.name}",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        tries += self.run_export_jobs()
        self.emulator.set_faults(None)
        self.assertGreater(tries, 36, "some tries failed")

        store = self.emulator.store
        for task in tasks:
            cards = [c for c in store.cards.values() if c["name"] == task.name]
            self.assertEqual(len(cards), 1, task.name)
            items = [
                item
                for checklist in store.checklists.values()
                if checklist["idCard"] == cards[0]["id"]
                for item in checklist["checkItems"]
            ]
            self.assertEqual(
                [item["name"] for item in items], [f"Sub-task of {task.name}"]
            )
            comments = [
                action
                for action in store.actions.values()
                if action["type"] == "commentCard"
                and action["data"]["card"]["id"] == cards[0]["id"]
            ]
            self.assertEqual(len(comments), 1, task.name)
            self.assertIn(f"Note on {task.name}", comments[0]["data"]["text"])

        self.env["trello.project.project"].import_board(
            self.backend, self.board.external_id, full=True
        )
        Tasks = self.env["project.task"].with_context(active_test=False)
        for task in tasks:
            self.assertEqual(Tasks.search_count([("name", "=", task.name)]), 1)
            self.assertEqual(
                Tasks.search_count([("name", "=", f"Sub-task of {task.name}")]), 1
            )
            self.assertEqual(
                self.env["mail.message"].search_count(
                    [
                        ("model", "=", "project.task"),
                        ("res_id", "=", task.id),
                        ("body", "ilike", f"Note on {task.name}"),
                    ]
                ),
                1,
            )

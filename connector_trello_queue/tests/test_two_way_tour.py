# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The two-way path in a browser: a task edited in Odoo reaches its card.

The board is imported first (Synchronize, as the button does it without a
queue: it leaves the board line's history and the chatter summary). Then:

1. ``connector_trello_queue_task_edit_tour`` opens the project's kanban,
   the task "Dark mode", renames it, rewrites its description and saves, and
   finds the export job pending in Job Queue › Jobs;
2. the test runs that job as queue_job's runner does, and finds the card
   changed in the emulator's store and on the emulator's card page;
3. ``connector_trello_queue_backend_history_tour`` opens the backend form:
   the board line's date, status and result, the run's summary in the
   chatter, and the export job done in the jobs list.
"""

import requests

from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.job import Job

from ..jobs import record_export_identity
from .common import BOARD, QueueTrelloCase

#: The names the tours type and look for (see static/tests/tours/).
CARD = "Dark mode"
NEW_NAME = "Dark mode that follows the system"
NEW_DESCRIPTION = "Switch with the system setting."


class TestTwoWayTour(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        admin = self.env.ref("base.user_admin")
        admin.groups_id |= self.env.ref("connector.group_connector_manager")
        self.board = self.fetch_and_tick(BOARD)
        # TrelloCase's environment says queue_job__no_delay: synchronous
        self.backend.action_synchronize()
        self.project = self.board.project_id
        self.card = next(
            card
            for card in self.store_cards(self.board.external_id)
            if card["name"] == CARD
        )
        self.task = (
            self.env["trello.project.task"]
            .search(
                [
                    ("backend_id", "=", self.backend.id),
                    ("external_id", "=", self.card["id"]),
                ]
            )
            .odoo_id
        )

    def run_job(self, job_record):
        """Run a pending job as the runner does: started, performed, done."""
        job = Job.load(self.env, job_record.uuid)
        job.set_started()
        job.store()
        RunJobController._try_perform_job(self.env, job)

    def card_page(self):
        """The emulator's HTML page of the card, as a browser gets it."""
        url = f"http://{self.emulator.host}:{self.emulator.port}"
        response = requests.get(f"{url}/c/{self.card['shortLink']}", timeout=10)
        response.raise_for_status()
        return response.text

    def test_task_edited_in_the_form_reaches_the_card(self):
        self.assertEqual(self.task.name, CARD)
        self.assertNotIn(NEW_NAME, self.card_page())

        self.start_tour(
            f"/odoo/project/{self.project.id}/tasks",
            "connector_trello_queue_task_edit_tour",
            login="admin",
            timeout=180,
        )
        self.env.invalidate_all()
        self.assertEqual(self.task.name, NEW_NAME)
        job_record = self.queued_jobs(identity_key=record_export_identity(self.task))
        self.assertEqual(len(job_record), 1, "one export job for the two edits")
        self.assertEqual(job_record.state, "pending")
        self.assertEqual(job_record.user_id, self.env.ref("base.user_admin"))
        card = self.emulator.store.cards[self.card["id"]]
        self.assertEqual(card["name"], CARD, "nothing sent before the job runs")

        self.run_job(job_record)
        self.assertEqual(job_record.state, "done")
        card = self.emulator.store.cards[self.card["id"]]
        self.assertEqual(card["name"], NEW_NAME)
        self.assertEqual(card["desc"].strip(), NEW_DESCRIPTION)
        page = self.card_page()
        self.assertIn(NEW_NAME, page)
        self.assertIn(NEW_DESCRIPTION, page)

        self.assertEqual(self.board.last_sync_state, "ok")
        self.assertRegex(
            self.board.last_sync_result,
            r"^Board Website relaunch, full import: \d+ tasks created, "
            r"\d+ comments added\.$",
        )
        self.start_tour(
            f"/odoo/action-connector_trello.trello_backend_action/{self.backend.id}",
            "connector_trello_queue_backend_history_tour",
            login="admin",
            timeout=180,
        )

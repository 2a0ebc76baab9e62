# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""*Export to Trello* of a whole project runs as a chain of jobs.

The review's reproduction: a 20-task project exported under a 12-request
limit left an orphan board with 10 cards, and a second click made a second
board. Here the jobs run as queue_job's runner does (each try in a
transaction of its own, a savepoint rolled back on failure, tried again):
exactly one board, one list per stage and one card per task, whatever
failed on the way and however often the button is clicked.
"""

import logging
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import QueueTrelloCase

_logger = logging.getLogger(__name__)

EXPORT_CHANNEL = "root.trello.export"
PAGE_SIZE = (
    "odoo.addons.connector_trello_queue.models.trello_project_project."
    "PROJECT_EXPORT_PAGE_SIZE"
)
NAME = "Exported by pages"
MAX_RUNS = 40
MUTED = (
    "odoo.addons.connector_trello.client",
    "odoo.addons.connector_trello.components.trello_exporter",
)


class TestProjectExportJobs(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.addCleanup(self.emulator.set_faults, None)
        self.backend.action_check_connection()
        self.project = self.env["project.project"].create({"name": NAME})
        self.stages = self.env["project.task.type"].create(
            [
                {
                    "name": f"Stage {n}",
                    "sequence": n,
                    "project_ids": [Command.link(self.project.id)],
                }
                for n in (1, 2)
            ]
        )
        self.tasks = self.env["project.task"].create(
            [
                {
                    "name": f"Paged task {index:02d}",
                    "project_id": self.project.id,
                    "stage_id": self.stages[index % 2].id,
                    "sequence": index,
                }
                for index in range(20)
            ]
        )
        self.click = self.project.with_env(self.delaying)
        patcher = patch(PAGE_SIZE, 8, create=True)  # create: runs on main too
        patcher.start()
        self.addCleanup(patcher.stop)

    # -- helpers -------------------------------------------------------------

    def limit_requests(self, limit):
        """Trello's limit shrunk to ``limit`` requests an hour for the
        token: past it, a job's request cannot wait in place and the job is
        rolled back, to be retried."""
        limiter = self.emulator.limiter
        saved = (limiter.enabled, limiter.token_limit, limiter.window)
        limiter.enabled, limiter.token_limit, limiter.window = True, limit, 3600
        limiter.reset()

        def restore():
            limiter.enabled, limiter.token_limit, limiter.window = saved
            limiter.reset()

        self.addCleanup(restore)

    def export_jobs(self, states=None):
        domain = [("channel", "=", EXPORT_CHANNEL)]
        if states:
            domain.append(("state", "in", states))
        return self.env["queue.job"].search(domain, order="id")

    def run_jobs(self, on_retry=None, until=None):
        """Run the pending export jobs as the runner does (see
        ``run_channel_jobs``)."""
        return self.run_channel_jobs(
            EXPORT_CHANNEL, on_retry, until, max_runs=MAX_RUNS, muted=MUTED
        )

    def boards(self):
        return [b for b in self.emulator.store.boards.values() if b["name"] == NAME]

    def check_one_of_each(self):
        (board,) = self.boards()
        binding = self.project.trello_bind_ids
        self.assertEqual(binding.external_id, board["id"])
        lists = [
            x for x in self.emulator.store.lists.values() if x["idBoard"] == board["id"]
        ]
        self.assertEqual(sorted(x["name"] for x in lists), ["Stage 1", "Stage 2"])
        cards = self.store_cards(board["id"])
        self.assertEqual(
            sorted(c["name"] for c in cards), sorted(self.tasks.mapped("name"))
        )
        for task in self.tasks:
            self.assertEqual(
                self.emulator.store.cards[task.trello_bind_ids.external_id]["idList"],
                task.stage_id.trello_bind_ids.external_id,
            )
        listed = self.backend.board_ids.filtered(lambda b: b.external_id == board["id"])
        self.assertTrue(listed.synchronize, "the new board is ticked")
        self.assertEqual(self.project.trello_export_state, "done")
        self.assertEqual(
            self.project.trello_export_progress, "Trello export: 20 of 20 tasks"
        )

    def job_name(self, step):
        return f"Export project «{NAME}» to Trello: {step}"

    # -- the tests -----------------------------------------------------------

    def test_under_a_request_limit_one_board_one_list_per_stage_one_card_per_task(self):
        """The review's scenario: 12 requests, then Trello says 429 for an
        hour; once the window passed the jobs are retried."""
        self.limit_requests(12)
        self.emulator.reset_counters()
        self.click.action_trello_export_board()  # no request in the click
        self.assertEqual(self.request_count(), 0)
        self.assertEqual(
            self.export_jobs().mapped("name"), [self.job_name("board and lists")]
        )
        self.assertEqual(self.project.trello_export_state, "running")

        retried = []
        done, tries = self.run_jobs(
            on_retry=lambda: retried.append(self.emulator.limiter.reset())
        )
        self.assertEqual(
            done,
            [
                self.job_name("board and lists"),
                self.job_name("cards 1-8"),
                self.job_name("cards 9-16"),
                self.job_name("cards 17-20"),
            ],
        )
        self.assertEqual(len(retried), 1, "one page met the limit, and only it")
        self.assertEqual(tries, 5)
        counters = self.emulator.counters()
        self.assertEqual(counters["rate_limited"], 1)
        self.assertEqual(counters["total"], 24, counters["by_route"])
        routes = counters["by_route"]
        self.assertEqual(routes.get("POST /1/boards"), 1)
        self.assertEqual(routes.get("POST /1/lists"), 2)
        # the one refused (429) and 20 made: no card sent again on the retry
        self.assertEqual(routes.get("POST /1/cards"), 21, "no card sent twice")
        self.check_one_of_each()
        self.assertFalse(self.project.trello_export_error, "cleared once done")

    def test_second_click_during_and_after_the_chain(self):
        self.click.action_trello_export_board()
        self.click.action_trello_export_board()  # the board job waits
        self.assertEqual(len(self.export_jobs()), 1, "no second job")
        self.run_jobs(until=1)  # the board and lists
        self.assertEqual(len(self.boards()), 1)
        self.assertEqual(
            self.project.trello_export_progress, "Trello export: 0 of 20 tasks"
        )
        self.click.action_trello_export_board()  # the first page waits
        self.assertEqual(
            self.export_jobs(["pending"]).mapped("name"), [self.job_name("cards 1-8")]
        )
        self.run_jobs(until=1)
        self.assertEqual(
            self.project.trello_export_progress, "Trello export: 8 of 20 tasks"
        )
        self.click.action_trello_export_board()  # the second page waits
        self.assertEqual(len(self.export_jobs(["pending"])), 1)
        self.run_jobs()
        self.check_one_of_each()
        jobs = len(self.export_jobs())
        with self.assertRaises(UserError):
            self.click.action_trello_export_board()  # finished
        self.assertEqual(len(self.export_jobs()), jobs)
        self.assertEqual(len(self.boards()), 1)

    def test_a_page_failed_for_good_then_run_again_finishes(self):
        self.click.action_trello_export_board()
        self.run_jobs(until=2)  # the board, then cards 1-8
        self.emulator.set_faults("500:1@POST /1/cards")
        page = self.export_jobs(["pending"])
        self.assertEqual(page.name, self.job_name("cards 9-16"))
        job = Job.load(self.delaying, page.uuid)
        with (
            mute_logger(*MUTED),
            self.assertRaises(RetryableJobError),
            self.env.cr.savepoint(),
        ):
            job.perform()
        # the runner gives up on it (its retries spent)
        job.set_failed(exc_name="RetryableJobError", exc_message="Trello said 500")
        job.store()
        self.env.invalidate_all()
        self.assertEqual(self.project.trello_export_state, "failed")
        self.assertEqual(self.project.trello_export_error, "Trello said 500")
        self.assertEqual(page.state, "failed")
        self.assertEqual(
            self.project.trello_export_progress, "Trello export: 8 of 20 tasks"
        )
        self.emulator.set_faults(None)
        self.emulator.reset_counters()
        self.click.action_trello_export_board()  # run again
        done, _tries = self.run_jobs()
        self.assertEqual(
            done,
            [
                self.job_name("board and lists"),
                self.job_name("cards 9-16"),
                self.job_name("cards 17-20"),
            ],
        )
        routes = self.emulator.counters()["by_route"]
        self.assertNotIn("POST /1/boards", routes)
        self.assertNotIn("POST /1/lists", routes)
        self.check_one_of_each()

    def test_job_arguments_are_records_and_numbers(self):
        self.click.action_trello_export_board()
        self.run_jobs(until=1)
        page = self.export_jobs(["pending"])
        self.assertEqual(page.records, self.project.trello_bind_ids)
        self.assertEqual(page.args, [1, 8])
        self.assertEqual(page.kwargs, {})
        token = self.backend.sudo().api_token
        for job in self.export_jobs():
            self.assertNotIn(token, repr((job.args, job.kwargs, job.records)))

    def test_a_project_manager_without_connector_rights_is_refused_first(self):
        user = new_test_user(
            self.env, login="pm_no_connector", groups="project.group_project_manager"
        )
        self.emulator.reset_counters()
        with self.assertRaises(AccessError):
            self.project.with_env(self.delaying(user=user)).action_trello_export_board()
        self.assertEqual(self.request_count(), 0)
        self.assertFalse(self.project.sudo().trello_bind_ids)
        self.assertFalse(self.export_jobs())

    def test_who_may_export(self):
        """Connector managers who may write the project; anyone else is
        refused before any request, binding or job."""
        cases = (
            ("project.group_project_manager", False),
            ("base.group_user,connector.group_connector_manager", False),
            ("project.group_project_user,connector.group_connector_manager", False),
            ("project.group_project_manager,connector.group_connector_manager", True),
        )
        for index, (groups, allowed) in enumerate(cases):
            with self.subTest(groups=groups), self.env.cr.savepoint() as savepoint:
                user = new_test_user(self.env, login=f"exporter{index}", groups=groups)
                click = self.project.with_env(self.delaying(user=user))
                self.emulator.reset_counters()
                if not allowed:
                    with self.assertRaises(AccessError):
                        click.action_trello_export_board()
                    self.assertEqual(self.request_count(), 0)
                    self.assertFalse(self.project.sudo().trello_bind_ids)
                    self.assertFalse(self.export_jobs())
                    savepoint.rollback()
                    continue
                click.action_trello_export_board()
                self.assertEqual(self.export_jobs().user_id, user, "run as who asked")
                self.run_jobs()
                self.check_one_of_each()
                savepoint.rollback()

    def test_the_job_methods_are_private(self):
        binding = self.env["trello.project.project"]
        for method in ("export_board_start", "export_board_cards"):
            with self.subTest(method=method):
                self.assertTrue(
                    getattr(getattr(binding, method), "_api_private", False)
                )

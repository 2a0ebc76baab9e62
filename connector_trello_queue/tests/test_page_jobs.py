# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A large full import runs as a chain of jobs: board, card pages, final.

The board of the ``cards:2500`` seed has three card pages (1,000, 1,000 and
500 cards, newest first), 358 comments and 250 checklists.
"""

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs

from ..jobs import MAX_RETRIES, board_pages_identity_prefix
from .common import IMPORT_CHANNEL, QueueTrelloCase

BOARD = "Load 2500"
CARD_PAGES = "GET /1/boards/{id}/cards/{filter}"
#: Fields of a task compared between the paged and the synchronous import.
TASK_FIELDS = (
    "name",
    "description",
    "active",
    "sequence",
    "date_deadline",
    "trello_pos",
    "trello_synced_values",
    "trello_deleted",
)


class PageJobsCase(QueueTrelloCase):
    emulator_seed = "cards:2500"

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="cards:2500")
        self.addCleanup(self.emulator.set_faults, None)
        self.board = self.fetch_and_tick(BOARD)
        self.board_id = self.board.external_id
        self.click = self.backend.with_env(self.delaying)
        self.emulator.reset_counters()

    def binding(self, backend=None):
        return self.env["trello.project.project"].search(
            [
                ("backend_id", "=", (backend or self.backend).id),
                ("external_id", "=", self.board_id),
            ]
        )

    def task_count(self, backend=None):
        return (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search_count([("backend_id", "=", (backend or self.backend).id)])
        )

    def card_ids_newest_first(self):
        return sorted((c["id"] for c in self.store_cards(self.board_id)), reverse=True)

    def run_next(self, trap, description):
        """Perform the one job the trap holds; return it and its requests."""
        self.assertEqual([job.description for job in trap.enqueued_jobs], [description])
        (job,) = trap.enqueued_jobs
        self.emulator.reset_counters()
        trap.perform_enqueued_jobs()
        return job, self.emulator.counters()["by_route"]

    def job_name(self, step=None):
        name = f"Import Trello board «{BOARD}»"
        return f"{name}: {step}" if step else name


class TestPageJobs(PageJobsCase):
    def test_board_job_then_one_job_per_page_then_the_final_job(self):
        with trap_jobs() as trap:
            self.click.action_synchronize()
            _job, requests = self.run_next(trap, self.job_name())
            # the board read and page 1 only
            self.assertEqual(
                requests, {"GET /1/boards/{id}": 1, CARD_PAGES: 1}, requests
            )
            binding = self.binding()
            token = binding.page_import_token
            self.assertTrue(token)
            self.assertEqual(binding.page_import_page, 1)
            self.assertFalse(binding.last_action_id, "no checkpoint before the end")
            self.assertEqual(self.task_count(), 1000)
            self.assertEqual(
                self.board.last_sync_result,
                f"Board {BOARD}, full import: cards page 1 stored; the next pages "
                "are imported by the jobs that follow.",
            )

            # only page 2 waits, with what it needs and nothing secret
            (page_job,) = trap.enqueued_jobs
            prefix = board_pages_identity_prefix(self.backend, self.board_id, token)
            self.assertEqual(page_job.identity_key, f"{prefix}page:2")
            self.assertEqual(page_job.channel, IMPORT_CHANNEL)
            self.assertEqual(page_job.max_retries, MAX_RETRIES)
            backend, board_id, state = page_job.args
            self.assertEqual((backend, board_id), (self.backend, self.board_id))
            newest = self.card_ids_newest_first()
            self.assertEqual(state["token"], token)
            self.assertEqual(state["page"], 2)
            self.assertEqual(state["before"], newest[999], "page 1's oldest card")
            self.assertEqual(state["counts"]["created"], 1000)
            (checkpoint,) = state["checkpoint"]
            self.assertEqual(sorted(checkpoint), ["date", "id"])
            self.assertNotIn(self.backend.sudo().api_token, repr(page_job.args))

            for page, tasks in ((2, 2000), (3, 2500)):
                job, requests = self.run_next(trap, self.job_name(f"cards page {page}"))
                self.assertEqual(requests, {CARD_PAGES: 1}, f"page {page}")
                self.assertEqual(self.task_count(), tasks)
                self.assertEqual(binding.page_import_token, token)
                self.assertEqual(binding.page_import_page, page)
                self.assertFalse(binding.last_action_id)
            (final_job,) = trap.enqueued_jobs
            self.assertEqual(final_job.identity_key, f"{prefix}finish")
            self.assertEqual(final_job.args[2]["counts"]["created"], 2500)
            self.assertEqual(final_job.args[2]["checkpoint"], [checkpoint])

            _job, requests = self.run_next(trap, self.job_name("finish"))
            # the card ids by light pages, then the comments
            self.assertEqual(
                requests, {CARD_PAGES: 3, "GET /1/boards/{id}/actions": 1}, requests
            )
            self.assertFalse(trap.enqueued_jobs, "the chain ends")
        self.assertEqual(binding.last_action_id, checkpoint["id"])
        self.assertEqual(binding.last_action_date, checkpoint["date"])
        self.assertFalse(binding.page_import_token)
        self.assertFalse(binding.page_import_start)
        self.assertEqual(
            self.board.last_sync_result,
            f"Board {BOARD}, full import: 2500 tasks created, 358 comments added.",
        )

        # The same as a synchronous import of the same board.
        other = self.synchronous_twin()
        self.emulator.reset_counters()
        self.env["trello.project.project"].import_board(other, self.board_id)
        synchronous_requests = self.request_count()
        self.assertEqual(synchronous_requests, 5, "the board, 3 card pages, comments")
        other_binding = self.binding(other)
        self.assertEqual(other_binding.last_action_id, binding.last_action_id)
        self.assertEqual(self.snapshot(self.backend), self.snapshot(other))

        # A full import again, after a card of page 2 was deleted in Trello:
        # the final job archives its task.
        gone = self.card_ids_newest_first()[1500]
        self.as_person("DELETE", f"cards/{gone}")
        with trap_jobs() as trap:
            self.delaying["trello.project.project"].with_delay(
                description=self.job_name()
            ).import_board(self.click, self.board_id, full=True)
            self.run_next(trap, self.job_name())
            self.assertNotIn(binding.page_import_token, (False, token))
            for page in (2, 3):
                self.run_next(trap, self.job_name(f"cards page {page}"))
                self.assertEqual(binding.last_action_id, checkpoint["id"])
            self.run_next(trap, self.job_name("finish"))
        task = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("backend_id", "=", self.backend.id), ("external_id", "=", gone)])
        )
        self.assertTrue(task.trello_deleted)
        self.assertFalse(task.active)
        self.assertEqual(
            self.board.last_sync_result,
            f"Board {BOARD}, full import: 1 task archived.",
        )
        self.assertNotEqual(binding.last_action_id, checkpoint["id"])
        self.assertFalse(binding.page_import_token)

    def snapshot(self, backend):
        """The board's tasks, check items and notes, by Trello id and names."""
        self.env.flush_all()
        self.env.invalidate_all()
        tasks = {}
        bindings = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("backend_id", "=", backend.id)])
        )
        for binding in bindings:
            task = binding.odoo_id
            values = {name: binding[name] for name in TASK_FIELDS}
            values.update(
                stage=task.stage_id.name,
                tags=sorted(task.tag_ids.mapped("name")),
                users=sorted(task.user_ids.mapped("login")),
                notes=sorted(
                    task.message_ids.filtered(
                        lambda m: m.message_type == "comment"
                    ).mapped("body")
                ),
                items=sorted((item.name, item.state) for item in task.child_ids),
            )
            tasks[binding.external_id] = values
        return tasks


class TestPageJobFailure(PageJobsCase):
    def test_a_failed_page_is_retried_alone(self):
        with trap_jobs() as trap:
            self.click.action_synchronize()
            self.run_next(trap, self.job_name())
            binding = self.binding()
            token = binding.page_import_token
            (page_job,) = trap.enqueued_jobs
            # Trello fails page 2's request
            self.emulator.set_faults("500:1@/1/boards/*/cards/*")
            self.emulator.reset_counters()
            try:
                trap.perform_enqueued_jobs()
            except RetryableJobError as err:
                error = err
            else:
                self.fail("page 2 did not fail")
            self.assertIn("Trello is unavailable", str(error))
            self.assertFalse(error.ignore_retry, "an outage counts as a failed try")
            self.assertEqual(self.emulator.counters()["by_route"], {CARD_PAGES: 1})
            self.assertFalse(trap.enqueued_jobs, "nothing else is delayed")
            self.assertEqual(self.task_count(), 1000, "page 1 stays stored")
            self.assertEqual(binding.page_import_token, token)
            self.assertEqual(binding.page_import_page, 1)

            # queue_job runs the same job again: page 2 only, page 1 not re-read
            self.emulator.set_faults(None)
            self.emulator.reset_counters()
            page_job.perform()
            self.assertEqual(self.emulator.counters()["by_route"], {CARD_PAGES: 1})
            self.assertEqual(self.task_count(), 2000)
            self.assertEqual(binding.page_import_page, 2)
            self.run_next(trap, self.job_name("cards page 3"))
            self.run_next(trap, self.job_name("finish"))
        self.assertEqual(self.task_count(), 2500)
        self.assertTrue(binding.last_action_id)
        self.assertFalse(binding.page_import_token)


class TestImportDuringPageJobs(PageJobsCase):
    """Stored jobs, run as the job runner runs them."""

    def queued(self, method, **domain):
        return self.queued_jobs(method_name=method, **domain)

    def run_stored(self, record):
        """Run a stored job as the runner does; return what it raised."""
        job = Job.load(self.delaying, record.uuid)
        job.set_started()
        job.store()
        try:
            with self.env.cr.savepoint():
                job.perform()
        except RetryableJobError as err:
            self.env.invalidate_all()
            job.postpone(result=str(err), seconds=err.seconds)
            job.set_pending(reset_retry=False)
            job.store()
            return err
        job.set_done()
        job.store()
        self.env.invalidate_all()
        return None

    def test_another_import_waits_then_restarts_a_broken_chain(self):
        self.click.action_synchronize()
        board_job = self.queued("import_board")
        self.assertIsNone(self.run_stored(board_job))
        binding = self.binding()
        token = binding.page_import_token
        self.assertTrue(token)
        page_job = self.queued("import_board_page")
        self.assertEqual(page_job.state, "pending")
        self.assertEqual(page_job.name, self.job_name("cards page 2"))

        # Synchronize again (the cron or a webhook would do the same)
        self.click.action_synchronize()
        waiting = self.queued("import_board", state="pending")
        self.assertEqual(len(waiting), 1)
        self.emulator.reset_counters()
        error = self.run_stored(waiting)
        self.assertIn("is being imported by page jobs", str(error))
        self.assertEqual(error.seconds, 60)
        self.assertEqual(waiting.state, "pending")
        self.assertEqual(waiting.retry, 0, "waiting is not a failed try")
        self.assertEqual(self.request_count(), 0, "no second full import")
        self.assertEqual(binding.page_import_token, token)
        self.assertEqual(self.task_count(), 1000)
        # synchronously (queue_job__no_delay), the button says so
        result = self.backend.action_synchronize()
        self.assertIn(
            f"Board {BOARD} is being synchronized right now",
            result["params"]["message"],
        )
        self.assertEqual(self.request_count(), 0)

        # The admin cancels page 2: the chain is broken, the waiting import
        # starts the full import again (page 1 is up to date by now).
        page_job.button_cancelled()
        self.emulator.reset_counters()
        self.assertIsNone(self.run_stored(waiting))
        self.assertEqual(
            self.emulator.counters()["by_route"],
            {"GET /1/boards/{id}": 1, CARD_PAGES: 1},
        )
        new_token = binding.page_import_token
        self.assertNotIn(new_token, (False, token))
        new_page_job = self.queued("import_board_page", state="pending")
        self.assertEqual(new_page_job.args[2]["token"], new_token)

        # the cancelled job, requeued, belongs to the replaced import: a no-op
        page_job.requeue()
        self.emulator.reset_counters()
        self.assertIsNone(self.run_stored(page_job))
        self.assertEqual(self.request_count(), 0)
        self.assertIn("another import replaced", page_job.result)
        self.assertEqual(self.task_count(), 1000)
        self.assertEqual(binding.page_import_token, new_token)
        self.assertEqual(binding.page_import_page, 1)


class TestSmallBoardOneJob(QueueTrelloCase):
    def test_a_board_of_one_page_is_imported_in_one_job(self):
        self.emulator.reset(seed="demo")
        board = self.fetch_and_tick("Website relaunch")
        self.emulator.reset_counters()
        with trap_jobs() as trap:
            self.backend.with_env(self.delaying).action_synchronize()
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
            self.assertFalse(trap.enqueued_jobs, "no page job")
        in_a_job = self.emulator.counters()["by_route"]
        binding = board.project_binding_id
        self.assertTrue(binding.last_action_id)
        self.assertFalse(binding.page_import_token)
        in_a_job_summary = board.last_sync_result
        self.assertIn("Board Website relaunch, full import: ", in_a_job_summary)
        # the requests of a synchronous import of the board
        other = self.synchronous_twin()
        self.emulator.reset_counters()
        summary = self.env["trello.project.project"].import_board(
            other, board.external_id
        )
        self.assertEqual(in_a_job, self.emulator.counters()["by_route"])
        self.assertEqual(in_a_job_summary, summary)

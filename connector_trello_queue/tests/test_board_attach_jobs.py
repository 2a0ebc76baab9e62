# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A board onto an existing project, with the job runner: jobs, not the click.

The click checks, binds the board to the project (no request) and delays a
job: the lists matched and the board imported, then the project export's
card pages for the tasks without a card. Run, the jobs give what the
synchronous wizard gives; a second click makes nothing new; a card whose
answer was lost is bound on the retry, never made twice.
"""

from odoo import Command

from odoo.addons.queue_job.job import Job

from .common import BOARD, QueueTrelloCase

EXPORT_CHANNEL = "root.trello.export"
MUTED = (
    "odoo.addons.connector_trello.client",
    "odoo.addons.connector_trello.components.trello_exporter",
)


class TestBoardAttachJobs(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.addCleanup(self.emulator.set_faults, None)
        self.line = self.fetch_and_tick(BOARD)
        self.line.synchronize = False
        stages = self.env["project.task.type"].create(
            [{"name": "to do"}, {"name": "QA"}, {"name": "Doing"}]
        )
        self.to_do, self.qa, self.doing = stages
        self.project = self.env["project.project"].create(
            {"name": "Our website", "type_ids": [Command.set(stages.ids)]}
        )
        self.tasks = self.env["project.task"].create(
            [
                {"name": name, "project_id": self.project.id, "stage_id": stage.id}
                for name, stage in (("Existing A", self.to_do), ("Existing B", self.qa))
            ]
        )

    def click(self, export_tasks=True):
        action = self.line.with_env(self.delaying).action_open_attach_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_env(self.delaying)
            .with_context(**action["context"])
            .create({"project_id": self.project.id, "export_tasks": export_tasks})
        )
        wizard.action_preview()
        self.emulator.reset_counters()
        result = wizard.action_apply()
        self.assertEqual(self.request_count(), 0, "no request in the click")
        return result

    def jobs(self, states=None):
        domain = [("channel", "=", EXPORT_CHANNEL)]
        if states:
            domain.append(("state", "in", states))
        return self.env["queue.job"].search(domain, order="id")

    def run_jobs(self, on_retry=None):
        """Run the pending jobs as the runner does; the names done, the tries."""
        return self.run_channel_jobs(EXPORT_CHANNEL, on_retry, max_runs=20, muted=MUTED)

    def board_cards(self):
        board = self.line.external_id
        return [c for c in self.emulator.store.cards.values() if c["idBoard"] == board]

    def board_lists(self):
        board = self.line.external_id
        return sorted(
            x["name"]
            for x in self.emulator.store.lists.values()
            if x["idBoard"] == board
        )

    def outcome(self):
        """What the run left: tasks, cards, lists, stages, bindings."""
        tasks = (
            self.env["project.task"]
            .with_context(active_test=False)
            .search([("project_id", "=", self.project.id), ("parent_id", "=", False)])
        )
        return {
            "tasks": sorted(tasks.mapped("name")),
            "cards": sorted(c["name"] for c in self.board_cards()),
            "lists": self.board_lists(),
            "stages": sorted(self.project.type_ids.mapped("name")),
            "unbound": sorted(tasks.filtered(lambda t: not t.trello_bind_ids).ids),
        }

    def test_the_click_delays_jobs_and_the_jobs_do_the_work(self):
        cards_before = len(self.board_cards())
        self.click()
        self.assertEqual(len(self.jobs()), 1)
        self.assertEqual(self.project.trello_export_state, "running")
        self.assertEqual(len(self.board_cards()), cards_before, "nothing yet")
        done, tries = self.run_jobs()
        self.assertEqual(tries, 2)
        self.assertEqual(
            done[0], f"Synchronize board «{BOARD}» with project «Our website»"
        )
        self.assertIn("to Trello: cards 12-13", done[1])  # after 11 imported
        self.assertEqual(self.project.trello_export_state, "done")
        self.assertEqual(
            self.project.trello_export_progress, "Trello export: 13 of 13 tasks"
        )
        self.assertTrue(self.line.synchronize)
        self.assertEqual(self.line.project_binding_id.odoo_id, self.project)
        outcome = self.outcome()
        self.assertEqual(len(self.board_cards()), cards_before + 2)
        self.assertFalse(outcome["unbound"], "every task has its card")
        self.assertIn("QA", outcome["lists"])
        self.assertEqual(len([s for s in outcome["stages"] if s.lower() == "to do"]), 1)
        # what the synchronous wizard gives on the same data (TestBoardAttach)
        self.assertEqual(len(outcome["tasks"]), 13)
        self.assertLessEqual(set(outcome["tasks"]), set(outcome["cards"]))
        for name in ("To Do", "Doing", "QA", "Backlog", "Review", "Done"):
            self.assertIn(name, outcome["lists"])

    def test_second_click_makes_nothing_new(self):
        self.click()
        self.click()  # the job waits: no second one
        self.assertEqual(len(self.jobs()), 1)
        self.run_jobs()
        outcome = self.outcome()
        self.click()  # after the chain: runs again, makes nothing
        self.assertEqual(self.project.trello_export_state, "running")
        self.emulator.reset_counters()
        self.run_jobs()
        routes = self.emulator.counters()["by_route"]
        self.assertFalse([r for r in routes if r.startswith("POST")], routes)
        self.assertEqual(self.outcome(), outcome)
        self.assertEqual(self.project.trello_export_state, "done")

    def test_a_card_whose_answer_was_lost_is_not_made_twice(self):
        """The card page job fails after Trello made the card; retried, it
        binds that card (its create intent) instead of making another."""
        self.click()
        self.run_jobs_until_cards()
        self.emulator.set_faults("503-after:1.0@POST /1/cards")
        done, tries = self.run_jobs(on_retry=lambda: self.emulator.set_faults(None))
        self.assertEqual(tries, 2, "the page failed once, then went through")
        outcome = self.outcome()
        self.assertFalse(outcome["unbound"])
        names = [c["name"] for c in self.board_cards()]
        for task in self.tasks:
            self.assertEqual(names.count(task.name), 1, task.name)
        self.assertEqual(self.project.trello_export_state, "done")

    def test_an_outage_during_the_import_is_retried(self):
        """Trello unavailable while the attach job imports the board: the job
        is retried by the runner (not failed for good), then does the work."""
        self.click()
        self.emulator.set_faults("503:1.0@GET /1/boards/*")
        done, tries = self.run_jobs(on_retry=lambda: self.emulator.set_faults(None))
        self.assertEqual(tries, 3, "the attach job failed once, then the two ran")
        self.assertFalse(self.jobs(["failed"]))
        names = [c["name"] for c in self.board_cards()]
        for task in self.tasks:
            self.assertEqual(names.count(task.name), 1, task.name)
        self.assertEqual(self.project.trello_export_state, "done")

    def test_a_task_outside_the_rules_does_not_stop_the_pages(self):
        """A task in a stage the board's rules leave out gets no card, and
        the card pages still end: the export is done, not stuck."""
        self.line.write({"rule_lists_mode": "exclude", "rule_list_names": "QA"})
        self.click()
        done, tries = self.run_jobs()
        self.assertFalse(self.jobs(["failed"]))
        names = [c["name"] for c in self.board_cards()]
        self.assertEqual(names.count("Existing A"), 1)
        self.assertNotIn("Existing B", names, "its stage QA is outside the rules")
        self.assertEqual(self.project.trello_export_state, "done")

    def run_jobs_until_cards(self):
        """Run the first job only (lists and import): the card page waits."""
        record = self.jobs(["pending"])[:1]
        job = Job.load(self.delaying, record.uuid)
        job.perform()
        job.set_done()
        job.store()
        self.env.invalidate_all()
        self.assertEqual(len(self.jobs(["pending"])), 1)

    def test_option_off_exports_no_task(self):
        cards_before = len(self.board_cards())
        self.click(export_tasks=False)
        done, _tries = self.run_jobs()
        self.assertEqual(len(done), 1, "no card page")
        self.assertEqual(len(self.board_cards()), cards_before)
        self.assertFalse(self.tasks.trello_bind_ids.filtered("external_id"))
        self.assertEqual(self.project.trello_export_state, "done")

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a create costs, and two jobs creating the same object at once.

The requests a create costs on its first try and on the retry after each
kind of failure, and the create lock: a second job exporting the same new
record (a task exported twice, a tag used by two new tasks) waits for the
first, then binds what it made.
"""

from odoo import SUPERUSER_ID, Command, api
from odoo.tools import mute_logger

from odoo.addons.connector.database import pg_try_advisory_lock
from odoo.addons.queue_job.exception import RetryableJobError

from .common import DEFAULT_KEY, DEFAULT_SECRET, DEFAULT_TOKEN, TrelloCase
from .test_export_exactly_once import MUTED, ExactlyOnceCase

#: How the first try ends -> (fault, requests of the retry by method).
#: The happy path costs its POST only: the intent is written in Odoo.
RETRY_COSTS = {
    "answer lost after the write": ("drop-after:1@POST /1/cards", {"GET": 1}),
    "answer cut short": ("truncate:1@POST /1/cards", {"GET": 1}),
    "500 after the write": ("500-after:1@POST /1/cards", {"GET": 1}),
    "500 before the write": ("500:1@POST /1/cards", {"GET": 1, "POST": 1}),
    "429 (Trello did nothing)": ("429:1@POST /1/cards", {"POST": 1}),
    "later error in the job": (None, {}),
}


class TestRequestsPerCreate(ExactlyOnceCase):
    def new_task(self, name):
        return self.env["project.task"].create(
            {
                "name": name,
                "project_id": self.project.id,
                "stage_id": self.stage_named("Review").id,
            }
        )

    def test_first_try_costs_its_post_only(self):
        task = self.new_task("Happy path")
        self.emulator.reset_counters()
        task.trello_export()
        self.assertEqual(self.emulator.counters()["by_method"], {"POST": 1})

    def test_retry_costs(self):
        """A retry binds from the intent (no request), or reads the list
        once when the answer was lost; it posts only when nothing was made."""
        for label, (fault, cost) in RETRY_COSTS.items():
            with self.subTest(first_try=label):
                task = self.new_task(f"Retried after {label}")
                self.emulator.set_faults(fault)
                with mute_logger(*MUTED), self.assertRaises(RetryableJobError):
                    with self.env.cr.savepoint():
                        task.trello_export()
                        if fault is None:
                            raise RetryableJobError("a later step failed")
                self.emulator.set_faults(None)
                self.env.invalidate_all()
                self.emulator.reset_counters()
                task.trello_export()
                self.assertEqual(self.emulator.counters()["by_method"], cost)
                self.assertEqual(len(self.trello_cards(task.name)), 1)

    def test_an_edit_made_between_the_tries_is_sent(self):
        """Bound from the intent, the card gets what Odoo changed since."""
        task = self.new_task("Before the rename")
        with mute_logger(*MUTED), self.assertRaises(RetryableJobError):
            with self.env.cr.savepoint():
                task.trello_export()
                raise RetryableJobError("a later step failed")
        self.env.invalidate_all()
        task.name = "After the rename"
        task.trello_export()
        card = self.emulator.store.cards[task.trello_bind_ids.external_id]
        self.assertEqual(card["name"], "After the rename")
        self.assertFalse(self.trello_cards("Before the rename"))

    def test_a_stale_intent_is_not_bound_twice(self):
        """An intent whose object another binding holds is not bound again."""
        other = self.card_named("Rework the navigation")
        task = self.new_task("Own card")
        binding = task._trello_card_bindings()
        intents = self.env["trello.create.intent"]
        key = f"trello.project.task,{task.id},{self.board['id']}"
        intents._begin(self.backend.id, key, other["idList"], {}, 0)
        intents._complete(self.backend.id, key, {"id": other["id"]})
        task.trello_export()
        self.assertNotEqual(binding.external_id, other["id"])
        self.assertEqual(len(self.trello_cards("Own card")), 1)

    def test_second_click_on_export_to_trello_binds_the_first_board(self):
        """The first click made the board and failed later; the boards were
        fetched in between: the second click binds that board, listed once."""
        project = self.env["project.project"].create({"name": "Clicked twice"})
        with mute_logger(*MUTED), self.assertRaises(RetryableJobError):
            with self.env.cr.savepoint():
                project.action_trello_export_board()
                raise RetryableJobError("a later step failed")
        self.env.invalidate_all()
        self.backend.action_fetch_boards()
        self.emulator.reset_counters()
        project.action_trello_export_board()
        self.assertEqual(self.emulator.counters()["by_method"], {})
        boards = self.trello_boards("Clicked twice")
        self.assertEqual(len(boards), 1)
        listed = self.backend.board_ids.filtered(
            lambda b: b.external_id == boards[0]["id"]
        )
        self.assertEqual(len(listed), 1)
        self.assertTrue(listed.synchronize)


class TestExportCreateRaces(ExactlyOnceCase):
    """A second job exporting the same new record waits, then binds."""

    def setUp(self):
        super().setUp()
        self.open_second_transaction()

    def create_lock(self, model, record, parent_id):
        """The advisory lock a job creating ``record`` holds (_lock_create)."""
        return (
            f"create(trello.backend, {self.backend.id}, "
            f"{model},{record.id},{parent_id})"
        )

    def test_second_export_of_a_new_task_waits_then_binds(self):
        task = self.env["project.task"].create(
            {
                "name": "Exported by two jobs",
                "project_id": self.project.id,
                "stage_id": self.stage_named("Review").id,
            }
        )
        lock = self.create_lock("trello.project.task", task, self.board["id"])
        self.assertTrue(pg_try_advisory_lock(self.env2, lock), "the first job")
        with self.assertRaises(RetryableJobError) as cm:
            task.trello_export()
        self.assertEqual(cm.exception.seconds, 2)
        self.assertEqual(self.request_count(), 0, "nothing sent while it waits")
        self.cr2.rollback()  # the first job ends
        task.trello_export()
        task.trello_export()
        self.assertEqual(len(self.trello_cards("Exported by two jobs")), 1)

    def test_a_new_tag_of_two_new_tasks_makes_one_label(self):
        tag = self.env["project.tags"].create({"name": "Raced", "color": 3})
        tasks = self.env["project.task"].create(
            [
                {
                    "name": f"Raced {index}",
                    "project_id": self.project.id,
                    "stage_id": self.stage_named("Review").id,
                    "tag_ids": [Command.set(tag.ids)],
                }
                for index in range(2)
            ]
        )
        # The first task's job is making the label.
        lock = self.create_lock("trello.project.tags", tag, self.board["id"])
        self.assertTrue(pg_try_advisory_lock(self.env2, lock))
        with self.assertRaises(RetryableJobError):
            tasks[1].trello_export()
        self.assertNotIn(
            "POST /1/labels", self.emulator.counters()["by_route"], "no label made"
        )
        self.cr2.rollback()
        tasks[0].trello_export()
        tasks[1].trello_export()
        labels = self.trello_labels("Raced")
        self.assertEqual(len(labels), 1)
        for name in ("Raced 0", "Raced 1"):
            self.assertEqual(self.trello_cards(name)[0]["idLabels"], [labels[0]["id"]])
        self.assertEqual(len(tag.trello_bind_ids), 1)

    def test_a_binding_made_twice_retries_instead_of_failing(self):
        """The second job's binding hits the unique index (the first job
        committed after it began): a retry, not a failed job."""
        stage = self.stage_named("Review")
        with self.backend.work_on("trello.project.task") as work:
            exporter = work.component(usage="record.exporter")
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(RetryableJobError) as cm,
                exporter._retry_unique_violation(),
            ):
                self.env["trello.project.task.type"].create(
                    {
                        "backend_id": self.backend.id,
                        "odoo_id": stage.id,
                        "project_binding_id": self.binding.id,
                    }
                )
        self.assertTrue(cm.exception.ignore_retry)
        self.assertEqual(len(stage.trello_bind_ids), 1)


class TestCreateIntentAfterCommit(TrelloCase):
    """In transactions that really commit: the intent goes with the commit
    of its binding, and stays when its binding was rolled back."""

    def test_intent_is_removed_once_its_binding_commits(self):
        intents = self.env["trello.create.intent"]
        # TransactionCase's registry is not in test mode: a real transaction.
        cr = self.registry.cursor()
        env = api.Environment(cr, SUPERUSER_ID, {})
        made = {}

        @self.addCleanup
        def drop_committed_data():
            cr.rollback()
            env.invalidate_all()
            for records in reversed(list(made.values())):
                records.with_env(env).with_context(connector_no_export=True).unlink()
            cr.commit()  # pylint: disable=invalid-commit
            cr.close()

        made["trello.backend"] = env["trello.backend"].create(
            {
                "name": "Committed backend",
                "api_url": self.emulator.api_url,
                "api_key": DEFAULT_KEY,
                "api_token": DEFAULT_TOKEN,
                "api_secret": DEFAULT_SECRET,
            }
        )
        backend = made["trello.backend"]
        made["project.project"] = env["project.project"].create(
            [{"name": "Committed once"}, {"name": "Rolled back once"}]
        )
        kept, rolled_back = made["project.project"]
        made["trello.project.project"] = (
            env["trello.project.project"]
            .with_context(connector_no_export=True)
            .create(
                [
                    {"odoo_id": project.id, "backend_id": backend.id}
                    for project in (kept, rolled_back)
                ]
            )
        )
        kept_binding, rolled_back_binding = made["trello.project.project"]
        cr.commit()  # pylint: disable=invalid-commit

        kept_binding.export_record()
        with mute_logger(*MUTED), self.assertRaises(RetryableJobError):
            with cr.savepoint():
                rolled_back_binding.export_record()
                raise RetryableJobError("a later step failed")
        made["trello.board"] = env["trello.board"].search(
            [("backend_id", "=", backend.id)]
        )
        key = "trello.project.project,{},"
        self.assertTrue(intents._get(backend.id, key.format(kept.id)))
        # The job commits: the postcommit hook runs.
        cr.commit()  # pylint: disable=invalid-commit
        made["trello.board"] = env["trello.board"].search(
            [("backend_id", "=", backend.id)]
        )
        self.assertIsNone(intents._get(backend.id, key.format(kept.id)))
        intent = intents._get(backend.id, key.format(rolled_back.id))
        self.assertTrue(intent["external_id"], "kept for the retry")

        self.emulator.reset_counters()
        rolled_back_binding.export_record()
        self.assertEqual(self.request_count(), 0)
        self.assertEqual(rolled_back_binding.external_id, intent["external_id"])
        made["trello.board"] = env["trello.board"].search(
            [("backend_id", "=", backend.id)]
        )
        cr.commit()  # pylint: disable=invalid-commit
        self.assertIsNone(intents._get(backend.id, key.format(rolled_back.id)))

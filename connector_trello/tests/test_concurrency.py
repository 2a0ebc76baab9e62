# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two imports of one Trello object never create two bindings.

The importer takes a transactional advisory lock named after the object
(a concurrent import retries), and a binding insert that still races into
``unique(backend_id, external_id)`` becomes a retry too, inside a savepoint
that leaves the transaction usable.
"""

from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.tools import mute_logger

from odoo.addons.connector.components.locker import RecordLocker
from odoo.addons.connector.database import pg_try_advisory_lock
from odoo.addons.queue_job.exception import RetryableJobError

from .common import TrelloCase

CARD_MODEL = "trello.project.task"


def import_lock_name(backend, model_name, external_id):
    """The advisory lock name of ``TrelloImporter._lock``."""
    return f"import({backend._name}, {backend.id}, {model_name}, {external_id})"


class TestConcurrentImportLock(TrelloCase):
    """A second transaction holding the import lock makes the import retry."""

    def setUp(self):
        super().setUp()
        self.open_second_transaction()

    def _card_id(self, board_name, index):
        board = self.store_board(board_name)
        cards = sorted(self.store_cards(board["id"]), key=lambda c: c["id"])
        return cards[index]["id"]

    def _bindings(self, external_id):
        return (
            self.env[CARD_MODEL]
            .with_context(active_test=False)
            .search(
                [
                    ("backend_id", "=", self.backend.id),
                    ("external_id", "=", external_id),
                ]
            )
        )

    def test_locked_import_retries(self):
        # Locks taken by the test transaction last until the class ends: use
        # a card that no other test of this class imports.
        card_id = self._card_id("Website relaunch", 0)
        lock = import_lock_name(self.backend, CARD_MODEL, card_id)
        self.assertTrue(pg_try_advisory_lock(self.env2, lock))

        with self.assertRaises(RetryableJobError) as cm:
            self.env[CARD_MODEL].import_record(self.backend, card_id)
        self.assertEqual(cm.exception.seconds, 2)
        self.assertFalse(self._bindings(card_id))
        self.assertEqual(
            self.emulator.counters()["total"], 0, "locked before reading Trello"
        )

        # Once the other transaction ends, the same import goes through.
        self.cr2.rollback()
        result = self.env[CARD_MODEL].import_record(self.backend, card_id)
        self.assertEqual(result, "The card's board is not synchronized.")
        self.assertEqual(self.emulator.counters()["total"], 1)

    def test_import_holds_lock_until_commit(self):
        card_id = self._card_id("Website relaunch", 1)
        self.env[CARD_MODEL].import_record(self.backend, card_id)
        lock = import_lock_name(self.backend, CARD_MODEL, card_id)
        self.assertFalse(
            pg_try_advisory_lock(self.env2, lock),
            "the lock is held by the importing transaction until it ends",
        )
        other_card = self._card_id("Website relaunch", 2)
        self.assertTrue(
            pg_try_advisory_lock(
                self.env2, import_lock_name(self.backend, CARD_MODEL, other_card)
            ),
            "other objects are not locked",
        )


class TestUniqueViolationRetries(TrelloCase):
    """A binding inserted twice becomes a retry, not an IntegrityError."""

    board_name = "Support"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project = cls.env["project.project"].create({"name": "Race"})

    def _count_bindings(self, external_id):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM trello_project_task "
            "WHERE backend_id = %s AND external_id = %s",
            (self.backend.id, external_id),
        )
        return self.env.cr.fetchone()[0]

    def test_create_of_existing_binding_retries(self):
        external_id = "ffffffff5e7a1c00000000aa"
        self.env[CARD_MODEL].create(
            {
                "backend_id": self.backend.id,
                "external_id": external_id,
                "name": "Created by the first job",
                "project_id": self.project.id,
            }
        )
        tasks_before = self.env["project.task"].search_count([])
        with self.backend.work_on(CARD_MODEL) as work:
            importer = work.component(usage="record.importer")
            importer.external_id = external_id
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(RetryableJobError) as cm,
            ):
                importer._create(
                    {
                        "backend_id": self.backend.id,
                        "external_id": external_id,
                        "name": "Created by the second job",
                        "project_id": self.project.id,
                    }
                )
        self.assertIsInstance(cm.exception.__cause__, IntegrityError)
        self.assertTrue(cm.exception.ignore_retry)
        # The savepoint rolled back the second insert (and its task) only: the
        # test transaction goes on.
        self.assertEqual(self._count_bindings(external_id), 1)
        self.assertEqual(self.env["project.task"].search_count([]), tasks_before)
        self.env["project.task"].create(
            {"name": "After the race", "project_id": self.project.id}
        )
        self.env.flush_all()

    def test_import_racing_a_committed_binding_retries(self):
        """The second job did not see the binding (REPEATABLE READ): it retries."""
        self.fetch_and_tick(self.board_name)
        self.backend.action_synchronize()
        board = self.store_board(self.board_name)
        project_binding = self.env["trello.project.project"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", board["id"])]
        )
        binding = self.env[CARD_MODEL].search(
            [("project_binding_id", "=", project_binding.id)], limit=1
        )
        card = self.backend._get_client().get(
            f"cards/{binding.external_id}", checklists="all", attachments="true"
        )
        with self.backend.work_on(CARD_MODEL) as work:
            importer = work.component(usage="record.importer")
            # What a job whose snapshot predates the other job's commit sees.
            importer._get_binding = importer.model.browse
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(RetryableJobError) as cm,
            ):
                importer.run(
                    binding.external_id,
                    force=True,
                    data=card,
                    project_binding=project_binding,
                )
        self.assertIsInstance(cm.exception.__cause__, IntegrityError)
        self.assertEqual(self._count_bindings(binding.external_id), 1)

        # The retried job finds the binding and updates it.
        result = self.env[CARD_MODEL].import_record(
            self.backend, binding.external_id, data=card
        )
        self.assertEqual(result, "Already up-to-date.")
        self.assertEqual(self._count_bindings(binding.external_id), 1)
        self.assertTrue(binding.exists())


class TestBoardLockRetriesSoon(TrelloCase):
    """A board import that finds its board locked comes back in seconds.

    The board binding's row lock (``_lock_checkpoint``) is taken with the
    connector's record locker; without ``seconds`` queue_job postponed the
    job by its default of 10 minutes (the retry pattern starts at the 1st
    retry and a lock miss does not count as one). The concurrency suite
    (``tools/concurrency_suite.py``) met it: a webhook's import that arrived
    while another import of the board ran waited 10 minutes.
    """

    def test_locked_board_retries_in_seconds(self):
        board = self.store_board("Support")
        model = self.env["trello.project.project"]
        model.import_board(self.backend, board["id"])
        for full in (False, True):
            with (
                self.subTest(full=full),
                patch.object(RecordLocker, "lock", autospec=True, side_effect=refuse),
                self.assertRaises(RetryableJobError) as caught,
            ):
                model.import_board(self.backend, board["id"], full=full)
            self.assertIsNotNone(caught.exception.seconds)
            self.assertLessEqual(caught.exception.seconds, 5)


def refuse(locker, records, seconds=None, ignore_retry=True):
    """What ``RecordLocker.lock`` raises when ``FOR UPDATE NOWAIT`` fails."""
    raise RetryableJobError(
        "A concurrent job is already working on the same record",
        seconds=seconds,
        ignore_retry=ignore_retry,
    )

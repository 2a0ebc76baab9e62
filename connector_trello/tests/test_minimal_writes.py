# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An import writes what Trello changed, and nothing else.

Rows are counted by PostgreSQL triggers (``write_counter``): a write of the
values a row already holds counts too.
"""

import logging

from odoo.tools import mute_logger

from odoo.addons.connector.database import pg_try_advisory_lock
from odoo.addons.queue_job.exception import RetryableJobError

from .common import TrelloCase
from .write_counter import count_row_writes

_logger = logging.getLogger(__name__)

BOARD = "Load 300"


class TestSparseSequences(TrelloCase):
    """A move or an insert in Trello rewrites the moved object alone."""

    emulator_seed = "cards:300"

    def setUp(self):
        super().setUp()
        self.import_board_named(BOARD, seed="cards:300")

    def _lists(self):
        return sorted(
            (
                lst
                for lst in self.emulator.store.lists.values()
                if lst["idBoard"] == self.board["id"]
            ),
            key=lambda lst: (lst["pos"], lst["id"]),
        )

    def _cards(self, list_id):
        return sorted(
            (c for c in self.store_cards(self.board["id"]) if c["idList"] == list_id),
            key=lambda c: (c["pos"], c["id"]),
        )

    def _task_ids(self, card_ids):
        cards = self.env["trello.project.task"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "in", card_ids)]
        )
        return {card.external_id: card.odoo_id.id for card in cards}

    def _assert_odoo_order(self):
        """Each stage's tasks in Odoo's sequence order are the list's cards
        in Trello's order, and the stages are the lists in theirs."""
        stages = self.env["trello.project.task.type"].search(
            [("project_binding_id", "=", self.binding.id)]
        )
        self.assertEqual(
            stages.sorted(lambda s: (s.sequence, s.odoo_id.id)).mapped("external_id"),
            [lst["id"] for lst in self._lists()],
        )
        for lst in self._lists():
            cards = self.env["trello.project.task"].search(
                [("project_binding_id", "=", self.binding.id)]
            )
            in_list = cards.filtered(
                lambda c, lst=lst: c.stage_id.trello_bind_ids.external_id == lst["id"]
            )
            self.assertEqual(
                # project.task's order: equal numbers show the newest first
                in_list.sorted(lambda c: (c.sequence, -c.odoo_id.id)).mapped(
                    "external_id"
                ),
                [c["id"] for c in self._cards(lst["id"])],
                lst["name"],
            )

    def test_move_and_insert_write_one_row_each(self):
        first, second, third = self._lists()[:3]
        moved = self._cards(first["id"])[40]
        self.as_person("PUT", f"cards/{moved['id']}", pos="top")
        neighbours = self._cards(second["id"])[10:12]
        between = (neighbours[0]["pos"] + neighbours[1]["pos"]) / 2
        new = self.as_person(
            "POST", "cards", idList=second["id"], name="Inserted", pos=between
        )
        to_other = self._cards(third["id"])[5]
        self.as_person("PUT", f"cards/{to_other['id']}", idList=first["id"])
        self.as_person(
            "PUT", f"lists/{third['id']}", pos=(first["pos"] + second["pos"]) / 2
        )
        tasks = self.env["project.task"].search([])
        sequences = {task.id: task.sequence for task in tasks}
        with count_row_writes(self.env) as writes:
            self.backend.action_synchronize()
        self.env.invalidate_all()
        rewritten = set(writes.of("project_task")) & set(tasks.ids)
        renumbered = {t.id for t in tasks if t.sequence != sequences[t.id]}
        moved_tasks = set(self._task_ids([moved["id"], to_other["id"]]).values())
        _logger.info(
            "300-card board, a move to the top, an insert, a move to another "
            "list and a list move: %s existing tasks written (%s renumbered) "
            "and %s stages",
            len(rewritten),
            len(renumbered),
            len(set(writes.of("project_task_type"))),
        )
        # One number per move. The card moved to another list keeps its
        # pos, equal to the pos of a card of that list: one of the two is
        # renumbered (either is one write).
        self.assertLessEqual(len(renumbered), len(moved_tasks), writes)
        self.assertLessEqual(rewritten, moved_tasks | renumbered, writes)
        self.assertEqual(len(set(writes.of("project_task_type"))), 1)
        self.assertTrue(self._task_ids([new["id"]]))
        self._assert_odoo_order()


class TestFoldKept(TrelloCase):
    """A stage folded in Odoo stays folded when its list is imported again."""

    def setUp(self):
        super().setUp()
        self.import_board_named("Website relaunch")
        self.stage = self.env["trello.project.task.type"].search(
            [("backend_id", "=", self.backend.id)], limit=1
        )

    def test_fold_survives_a_list_import(self):
        self.stage.odoo_id.fold = True
        self.as_person("PUT", f"lists/{self.stage.external_id}", name="Renamed list")
        self.backend.action_synchronize()
        self.assertEqual(self.stage.name, "Renamed list")
        self.assertTrue(self.stage.fold)
        # an archive in Trello still folds it, a restore unfolds it
        self.stage.odoo_id.fold = False
        self.as_person("PUT", f"lists/{self.stage.external_id}", closed="true")
        self.backend.action_synchronize()
        self.assertTrue(self.stage.with_context(active_test=False).fold)
        self.as_person("PUT", f"lists/{self.stage.external_id}", closed="false")
        self.backend.action_synchronize()
        self.assertFalse(self.stage.fold)
        # and the user's fold of the open stage stays again
        self.stage.odoo_id.fold = True
        self.as_person("PUT", f"lists/{self.stage.external_id}", name="Again")
        self.backend.action_synchronize()
        self.assertTrue(self.stage.fold)


class TestBoardImportTakesCardLocks(TrelloCase):
    """A board import and an export of one of its cards exclude each other.

    The export holds the card's advisory lock (``trello.exporter._lock``);
    the board import takes it for each card it writes. Two cursors: the
    second one plays the export.
    """

    def setUp(self):
        super().setUp()
        self.import_board_named("Website relaunch")
        self.open_second_transaction()

    def _lock(self, env, card):
        backend = self.backend
        return pg_try_advisory_lock(
            env,
            f"import({backend._name}, {backend.id}, trello.project.task, {card})",
        )

    def _task(self, card_id):
        return self.env["trello.project.task"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", card_id)]
        )

    @mute_logger("odoo.addons.connector_trello.models.trello_backend")
    def test_import_waits_for_the_export_and_locks_what_it_writes(self):
        cards = sorted(
            (c for c in self.store_cards(self.board["id"]) if not c["closed"]),
            key=lambda c: c["id"],
        )
        exported, other, untouched = cards[:3]
        self.as_person("PUT", f"cards/{exported['id']}", name="Renamed in Trello")
        self.as_person("PUT", f"cards/{other['id']}", name="Other renamed")
        # the other transaction exports the card: it holds its lock
        self.assertTrue(self._lock(self.env2, exported["id"]))
        with self.assertRaises(RetryableJobError), self.env.cr.savepoint():
            self.env["trello.project.project"].import_board(
                self.backend, self.board["id"]
            )
        self.env.invalidate_all()
        self.assertNotEqual(self._task(exported["id"]).name, "Renamed in Trello")
        # the export ends: the import goes through, and holds the locks of
        # the cards it wrote until it commits (an export now is retried)
        self.cr2.rollback()
        self.env["trello.project.project"].import_board(self.backend, self.board["id"])
        self.assertEqual(self._task(exported["id"]).name, "Renamed in Trello")
        self.assertFalse(self._lock(self.env2, exported["id"]))
        self.assertFalse(self._lock(self.env2, other["id"]))
        self.assertTrue(self._lock(self.env2, untouched["id"]), "not written")

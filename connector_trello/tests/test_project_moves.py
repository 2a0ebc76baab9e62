# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A task moved to another project: its card follows, or is archived."""

from .common_export import TrelloExportCase

OTHER = "Support"


class TestProjectMoves(TrelloExportCase):
    def setUp(self):
        super().setUp()
        self.fetch_and_tick(OTHER)
        self.backend.board_ids.synchronize = False
        self.backend.board_ids.filtered(
            lambda b: b.name in ("Website relaunch", OTHER)
        ).synchronize = True
        self.backend.action_synchronize()
        self.other_board = self.store_board(OTHER)
        self.other = self.env["trello.project.project"].search(
            [("external_id", "=", self.other_board["id"])]
        )

    def lists_of(self, board_id):
        return {
            x["name"]
            for x in self.emulator.store.lists.values()
            if x["idBoard"] == board_id
        }

    def stage_of(self, board, name):
        return (
            self.env["trello.project.task.type"]
            .search([("project_binding_id", "=", board.id), ("name", "=", name)])
            .odoo_id
        )

    def test_moved_to_another_synchronized_project_moves_the_card(self):
        card = self.card_named("Rework the navigation")
        self.assertTrue(card["idLabels"], "the demo card has labels")
        task = self.card_binding(card["id"]).odoo_id
        lists_before = self.lists_of(self.board["id"])
        stage = self.stage_of(self.other, "In progress")
        task.write({"project_id": self.other.odoo_id.id, "stage_id": stage.id})
        task.trello_export()
        card = self.store_card(card["id"])
        self.assertEqual(card["idBoard"], self.other_board["id"])
        self.assertEqual(card["idList"], stage.trello_bind_ids.external_id)
        self.assertEqual(self.lists_of(self.board["id"]), lists_before)
        labels = self.emulator.store.labels
        self.assertTrue(
            all(
                labels[x]["idBoard"] == self.other_board["id"] for x in card["idLabels"]
            )
        )
        self.backend.action_synchronize()
        self.assertEqual(task.project_id, self.other.odoo_id)
        self.assertEqual(task.stage_id, stage)
        self.assertTrue(task.active)

    def test_moved_to_an_unsynchronized_project_archives_the_card(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        old_project, old_stage = task.project_id, task.stage_id
        lists_before = self.lists_of(self.board["id"])
        elsewhere = self.env["project.project"].create({"name": "Not in Trello"})
        task.write({"project_id": elsewhere.id})
        task.trello_export()
        self.assertTrue(self.store_card(card["id"])["closed"])
        self.assertEqual(self.lists_of(self.board["id"]), lists_before)
        self.backend.action_synchronize()
        self.assertEqual(task.project_id, elsewhere, "the import keeps the move")
        self.assertTrue(task.active)
        # moved back: the card is restored
        task.write({"project_id": old_project.id, "stage_id": old_stage.id})
        task.trello_export()
        card = self.store_card(card["id"])
        self.assertFalse(card["closed"])
        self.assertEqual(card["idBoard"], self.board["id"])

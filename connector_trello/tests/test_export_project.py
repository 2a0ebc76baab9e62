# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError

from .common import TrelloCase


class TestExportProject(TrelloCase):
    """ "Export to Trello": a project without a board becomes a new board."""

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.backend.action_check_connection()
        self.project = self.env["project.project"].create({"name": "Made in Odoo"})
        self.stages = self.env["project.task.type"].create(
            [
                {
                    "name": "Ideas",
                    "sequence": 1,
                    "project_ids": [Command.link(self.project.id)],
                },
                {
                    "name": "Shipped",
                    "sequence": 2,
                    "project_ids": [Command.link(self.project.id)],
                },
            ]
        )
        self.tasks = self.env["project.task"].create(
            [
                {
                    "name": f"Task {index}",
                    "project_id": self.project.id,
                    "stage_id": stage.id,
                    "sequence": index,
                }
                for index, stage in enumerate(list(self.stages) * 2)
            ]
        )

    def test_export_creates_the_board_lists_and_cards_then_import_is_idle(self):
        self.project.action_trello_export_board()
        binding = self.project.trello_bind_ids
        self.assertTrue(binding.external_id)
        board = self.emulator.store.boards[binding.external_id]
        self.assertEqual(board["name"], "Made in Odoo")
        lists = sorted(
            (
                x
                for x in self.emulator.store.lists.values()
                if x["idBoard"] == board["id"]
            ),
            key=lambda x: x["pos"],
        )
        self.assertEqual([x["name"] for x in lists], ["Ideas", "Shipped"])
        cards = self.store_cards(board["id"])
        self.assertEqual(
            sorted(c["name"] for c in cards), [f"Task {i}" for i in range(4)]
        )
        for task in self.tasks:
            card = self.emulator.store.cards[task.trello_bind_ids.external_id]
            self.assertEqual(card["idList"], task.stage_id.trello_bind_ids.external_id)
        listed = self.backend.board_ids.filtered(lambda b: b.external_id == board["id"])
        self.assertTrue(listed.synchronize, "the new board is ticked")

        tasks_before = self.env["project.task"].search_count([])
        stages_before = self.env["project.task.type"].search_count([])
        self.backend.action_synchronize()
        self.assertEqual(self.env["project.task"].search_count([]), tasks_before)
        self.assertEqual(self.env["project.task.type"].search_count([]), stages_before)
        self.assertEqual(self.tasks.mapped("name"), [f"Task {i}" for i in range(4)])

    def test_only_connector_managers_export_a_project(self):
        user = self.env["res.users"].create(
            {
                "name": "Project Manager",
                "login": "pm",
                "groups_id": [
                    Command.set([self.env.ref("project.group_project_manager").id])
                ],
            }
        )
        with self.assertRaises(AccessError):
            self.project.with_user(user).action_trello_export_board()
        self.assertFalse(self.project.trello_bind_ids)

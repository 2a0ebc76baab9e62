# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A board onto an existing project: the wizard's preview and run."""

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user

from .common import TrelloCase

BOARD = "Website relaunch"


class TestBoardAttach(TrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.store_board(BOARD)
        self.backend.action_check_connection()
        self.backend.action_fetch_boards()
        self.line = self.backend.board_ids.filtered(lambda b: b.name == BOARD)
        stages = self.env["project.task.type"].create(
            [{"name": "to do"}, {"name": "QA"}, {"name": "Doing"}]
        )
        self.to_do, self.qa, self.doing = stages
        self.project = self.env["project.project"].create(
            {"name": "Our website", "type_ids": [(6, 0, stages.ids)]}
        )
        self.tasks = self.env["project.task"].create(
            [
                {
                    "name": "Existing A",
                    "project_id": self.project.id,
                    "stage_id": self.to_do.id,
                },
                {
                    "name": "Existing B",
                    "project_id": self.project.id,
                    "stage_id": self.qa.id,
                },
            ]
        )

    def wizard(self, export_tasks=True, line=None):
        line = line or self.line
        action = line.action_open_attach_wizard()
        return (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"project_id": self.project.id, "export_tasks": export_tasks})
        )

    def board_lists(self):
        return {
            lst["name"]: lst
            for lst in self.emulator.store.lists.values()
            if lst["idBoard"] == self.board["id"]
        }

    def board_cards(self):
        return [
            c
            for c in self.emulator.store.cards.values()
            if c["idBoard"] == self.board["id"]
        ]

    def project_tasks(self):
        return (
            self.env["project.task"]
            .with_context(active_test=False)
            .search([("project_id", "=", self.project.id), ("parent_id", "=", False)])
        )

    def test_preview_says_what_is_matched_and_made(self):
        wizard = self.wizard()
        self.emulator.reset_counters()
        wizard.action_preview()
        self.assertEqual(self.request_count(), 1)  # the board, nested
        plan = {(line.operation, line.name) for line in wizard.line_ids}
        self.assertEqual(
            plan,
            {
                ("match", "To Do"),
                ("match", "Doing"),
                ("new_stage", "Backlog"),
                ("new_stage", "Review"),
                ("new_stage", "Done"),
                ("new_list", "QA"),
                ("new_card", "Existing A"),
                ("new_card", "Existing B"),
            },
        )
        # nothing made yet
        self.assertFalse(self.line.project_binding_id)
        self.assertNotIn("QA", self.board_lists())

    def test_run_matches_stages_creates_the_rest_and_exports_tasks(self):
        cards_before = len(self.board_cards())
        wizard = self.wizard()
        wizard.action_preview()
        wizard.action_apply()
        binding = self.line.project_binding_id
        self.assertEqual(binding.odoo_id, self.project)
        # the board's name wins, and the lists' (no conflict, no note)
        self.assertEqual(self.project.name, BOARD)
        self.assertEqual(self.board["name"], BOARD)
        self.assertEqual(self.to_do.name, "To Do")
        self.assertFalse(
            self.project.message_ids.filtered(
                lambda m: "conflict" in (m.body or "").lower()
            )
        )
        self.assertTrue(self.line.synchronize)
        lists = self.board_lists()
        stage_of = {
            b.external_id: b.odoo_id
            for b in self.env["trello.project.task.type"].search(
                [("project_binding_id", "=", binding.id)]
            )
        }
        # matched: no second "To Do" stage; new ones on either side
        self.assertEqual(stage_of[lists["To Do"]["id"]], self.to_do)
        self.assertEqual(stage_of[lists["Doing"]["id"]], self.doing)
        self.assertEqual(stage_of[lists["QA"]["id"]], self.qa)
        self.assertEqual(
            sorted(self.project.type_ids.mapped("name"))[:3],
            ["Backlog", "Doing", "Done"],
        )
        self.assertEqual(
            len(self.project.type_ids.filtered(lambda s: s.name.lower() == "to do")), 1
        )
        # the existing tasks are cards now, in their stages' lists
        for task, list_name in zip(self.tasks, ("To Do", "QA"), strict=True):
            card = self.emulator.store.cards[task.trello_bind_ids.external_id]
            self.assertEqual(card["idList"], lists[list_name]["id"])
            self.assertEqual(card["name"], task.name)
        self.assertEqual(len(self.board_cards()), cards_before + 2)
        # every card one task, every task one card
        tasks = self.project_tasks()
        cards = {t.trello_bind_ids.external_id for t in tasks if t.trello_bind_ids}
        self.assertEqual(len(cards), len(tasks.filtered("trello_bind_ids")))

    def test_run_twice_makes_nothing_new(self):
        wizard = self.wizard()
        wizard.action_preview()
        wizard.action_apply()
        tasks, cards = len(self.project_tasks()), len(self.board_cards())
        lists = len(self.board_lists())
        stages = len(self.project.type_ids)
        again = self.wizard()
        again.action_preview()
        self.assertFalse(
            again.line_ids.filtered(lambda line: line.operation != "match")
        )
        again.action_apply()
        self.backend.action_synchronize()
        self.assertEqual(len(self.project_tasks()), tasks)
        self.assertEqual(len(self.board_cards()), cards)
        self.assertEqual(len(self.board_lists()), lists)
        self.assertEqual(len(self.project.type_ids), stages)

    def test_option_off_leaves_the_tasks_in_odoo(self):
        cards_before = len(self.board_cards())
        wizard = self.wizard(export_tasks=False)
        wizard.action_preview()
        self.assertFalse(
            wizard.line_ids.filtered(lambda line: line.operation == "new_card")
        )
        wizard.action_apply()
        self.assertEqual(len(self.board_cards()), cards_before)
        self.assertFalse(self.tasks.trello_bind_ids.filtered("external_id"))
        self.assertTrue(all(self.tasks.mapped("active")))

    def test_a_project_of_another_board_is_refused(self):
        wizard = self.wizard()
        wizard.action_preview()
        wizard.action_apply()
        other = self.backend.board_ids.filtered(lambda b: b.name == "Support")
        wizard = self.wizard(line=other)
        with self.assertRaises(UserError) as caught:
            wizard.action_preview()
        self.assertIn("already synchronized", str(caught.exception))

    def test_only_connector_managers_run_it(self):
        project_manager = new_test_user(
            self.env, login="pm_attach", groups="project.group_project_manager"
        )
        user = new_test_user(self.env, login="u_attach", groups="base.group_user")
        wizard = self.wizard()
        self.emulator.reset_counters()
        for person in (project_manager, user):
            with self.subTest(person.login):
                with self.assertRaises(AccessError):
                    self.line.with_user(person).action_open_attach_wizard()
                with self.assertRaises(AccessError):
                    self.env["trello.board.attach.wizard"].with_user(person).create(
                        {"board_id": self.line.id, "project_id": self.project.id}
                    )
                for method in ("action_preview", "action_apply"):
                    with self.assertRaises(AccessError):
                        getattr(wizard.with_user(person), method)()
        self.assertEqual(self.request_count(), 0)
        self.assertFalse(self.line.project_binding_id)

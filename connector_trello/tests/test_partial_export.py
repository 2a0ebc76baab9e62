# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partial export: a field Trello refuses is left out, never the whole card."""

from unittest.mock import patch

from odoo import Command

from ..client import TrelloRequestError
from ..components.trello_adapter import TrelloAdapter
from .common import TrelloCase
from .common_export import TrelloExportCase


class TestPartialExport(TrelloExportCase):
    def leave_board(self, username):
        """``username`` is no longer a member of the board (in Trello)."""
        member_id = self.member(username).external_id
        self.board["memberships"] = [
            m for m in self.board["memberships"] if m["idMember"] != member_id
        ]
        return member_id

    def refusal_notes(self, task):
        return task.message_ids.filtered(lambda m: "Trello refused" in (m.body or ""))

    def test_member_not_on_the_board_is_left_out_the_rest_exported(self):
        carol = self.map_member("carol")
        carol_id = self.leave_board("carol")
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        task.write(
            {"name": "Navigation, reworked", "user_ids": [Command.link(carol.id)]}
        )
        task.trello_export()
        card = self.store_card(card["id"])
        self.assertEqual(card["name"], "Navigation, reworked")
        self.assertNotIn(carol_id, card["idMembers"])
        self.assertIn(carol, task.user_ids, "the assignee stays in Odoo")
        notes = self.refusal_notes(task)
        self.assertEqual(len(notes), 1)
        self.assertIn("carol user", notes.body)
        # the next export and import send nothing, note nothing, write nothing
        self.emulator.reset_counters()
        task.trello_export()
        self.assertEqual(self.request_count(), 0)
        self.sync_writes_nothing(task)
        self.assertIn(carol, task.user_ids)
        self.assertEqual(len(self.refusal_notes(task)), 1)

    def test_member_not_on_the_board_is_added_with_the_option(self):
        self.backend.add_missing_members = True
        carol = self.map_member("carol")
        carol_id = self.leave_board("carol")
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        task.user_ids = [Command.link(carol.id)]
        task.trello_export()
        self.assertTrue(self.emulator.store.is_board_member(self.board, carol_id))
        self.assertIn(carol_id, self.store_card(card["id"])["idMembers"])
        self.assertFalse(self.refusal_notes(task))

    def test_new_task_with_a_member_not_on_the_board_gets_its_card(self):
        carol = self.map_member("carol")
        carol_id = self.leave_board("carol")
        task = self.env["project.task"].create(
            {
                "name": "Brand new",
                "project_id": self.project.id,
                "stage_id": self.stage_named("To Do").id,
                "user_ids": [Command.link(carol.id)],
            }
        )
        task.trello_export()
        card = self.card_named("Brand new")
        self.assertNotIn(carol_id, card["idMembers"])
        self.assertEqual(len(self.refusal_notes(task)), 1)


class TestPartialProjectExport(TrelloCase):
    """*Export to Trello* of a project never fails on one task."""

    def test_project_with_a_task_of_a_member_not_on_the_new_board(self):
        self.emulator.reset(seed="demo")
        self.backend.action_check_connection()
        carol = next(
            m for m in self.emulator.store.members.values() if m["username"] == "carol"
        )
        user = self.env["res.users"].create({"name": "Carol", "login": "carol-l"})
        self.env["trello.member"].create(
            {
                "backend_id": self.backend.id,
                "external_id": carol["id"],
                "username": "carol",
                "user_id": user.id,
                "match_method": "manual",
            }
        )
        project = self.env["project.project"].create({"name": "Made in Odoo"})
        stage = self.env["project.task.type"].create(
            {"name": "Ideas", "project_ids": [Command.link(project.id)]}
        )
        tasks = self.env["project.task"].create(
            [
                {
                    "name": name,
                    "project_id": project.id,
                    "stage_id": stage.id,
                    "user_ids": users,
                }
                for name, users in (
                    ("Carol's", [Command.link(user.id)]),
                    ("Nobody's", []),
                )
            ]
        )
        project.action_trello_export_board()
        board_id = project.trello_bind_ids.external_id
        self.assertEqual(
            sorted(c["name"] for c in self.store_cards(board_id)),
            ["Carol's", "Nobody's"],
        )
        self.assertTrue(all(t.trello_bind_ids.external_id for t in tasks))
        self.assertIn("Trello refused", tasks[0].message_ids.mapped("body")[0] or "")

    def test_a_task_trello_refuses_whole_does_not_stop_the_project(self):
        self.emulator.reset(seed="demo")
        self.backend.action_check_connection()
        project = self.env["project.project"].create({"name": "Made in Odoo"})
        stage = self.env["project.task.type"].create(
            {"name": "Ideas", "project_ids": [Command.link(project.id)]}
        )
        tasks = self.env["project.task"].create(
            [
                {"name": name, "project_id": project.id, "stage_id": stage.id}
                for name in ("Refused", "Accepted")
            ]
        )
        create = TrelloAdapter.create

        def refuse_one(adapter, values):
            if values.get("name") == "Refused":
                raise TrelloRequestError("400 invalid value for idList", status=400)
            return create(adapter, values)

        with patch.object(TrelloAdapter, "create", refuse_one):
            project.action_trello_export_board()
        board_id = project.trello_bind_ids.external_id
        self.assertEqual([c["name"] for c in self.store_cards(board_id)], ["Accepted"])
        self.assertFalse(tasks[0].trello_bind_ids.external_id)
        self.assertIn("Trello refused", tasks[0].message_ids.mapped("body")[0])

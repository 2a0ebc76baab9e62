# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An assignee Trello cannot show is kept by the import.

A user that no Trello member maps to is not sent to the card (the export
sends mapped users only); the import then took the card's members for the
whole list and unassigned them: a task created in Odoo, assigned to its
creator, lost its assignee at the next full import (found by the export
fault-injection test).
"""

from odoo import Command
from odoo.tests.common import new_test_user

from .hardening_common import SupportBoardCase


class TestUnshownAssignees(SupportBoardCase):
    def test_an_unmapped_assignee_stays_through_imports(self):
        card = self.store_cards(self.board["id"])[0]
        alice = self.emulator.member_id
        checklist = self.store.create_checklist(alice, card, "Steps")
        item = self.store.create_check_item(alice, checklist, "A step")
        self.backend.action_synchronize()
        task = self.task_of(card)
        sub_task = (
            self.env["trello.checkitem"]
            .search([("external_id", "=", item["id"])])
            .odoo_id
        )
        nobody = new_test_user(self.env, login="not_in_trello", name="Not in Trello")
        (task | sub_task).user_ids = [Command.link(nobody.id)]
        imports = {
            "a full import": lambda: None,
            "a change of the card in Trello": lambda: self.as_person(
                "PUT", f"cards/{card['id']}", name="Renamed in Trello"
            ),
            "a change of the check item in Trello": lambda: self.as_person(
                "PUT", f"cards/{card['id']}/checkItem/{item['id']}", name="Renamed"
            ),
        }
        for label, change in imports.items():
            with self.subTest(label):
                change()
                self.env["trello.project.project"].import_board(
                    self.backend, self.board["id"], full=label == "a full import"
                )
                self.assertIn(nobody, task.user_ids)
                self.assertIn(nobody, sub_task.user_ids)
        self.assertEqual(task.name, "Renamed in Trello")
        self.assertEqual(sub_task.name, "Renamed")

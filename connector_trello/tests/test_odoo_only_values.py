# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Values Trello cannot hold are never touched by an import (issue 17).

Before, an Odoo assignee with no Trello member was removed the next time
the card changed in Trello, with no note; a sub-task's assignee and
deadline, which the export did not send, were wiped the same way by any
change to its check item. An import now applies what Trello changed, and
leaves what only Odoo can hold; the export sends a sub-task's deadline and
one assignee (an item holds one member), the others stay in Odoo.
"""

from odoo import fields

from .common_export import TrelloExportCase


class TestOdooOnlyValues(TrelloExportCase):
    def setUp(self):
        super().setUp()
        # a user no Trello member maps to
        self.odoo_only = self.env["res.users"].create(
            {"name": "Odoo-only assignee", "login": "odoo-only-assignee"}
        )

    def import_board(self, full):
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=full
        )

    def test_an_assignee_without_a_member_survives_trello_changes(self):
        alice = self.map_member("alice")
        card = self.card_named("Rework the navigation")
        for full in (False, True):
            with self.subTest(full=full):
                task = self.card_binding(card["id"]).odoo_id
                task.user_ids = self.odoo_only | alice
                task.trello_export()
                self.as_person(
                    "PUT", f"cards/{card['id']}", name=f"Renamed (full={full})"
                )
                self.import_board(full)
                self.assertEqual(task.name, f"Renamed (full={full})")
                self.assertIn(self.odoo_only, task.user_ids)
                self.assertIn(alice, task.user_ids)

    def test_a_member_removed_in_trello_leaves_the_odoo_only_assignee(self):
        alice = self.map_member("alice")
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        task.user_ids = self.odoo_only | alice
        task.trello_export()
        self.as_person("PUT", f"cards/{card['id']}", idMembers="")
        self.import_board(False)
        self.assertEqual(task.user_ids, self.odoo_only)

    def test_a_sub_task_keeps_its_odoo_assignee_and_deadline(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        sub_task = task.child_ids.filtered(lambda t: t.name == "Products")
        self.assertTrue(sub_task)
        deadline = fields.Datetime.to_datetime("2026-12-24 10:00:00")
        sub_task.write({"user_ids": self.odoo_only.ids, "date_deadline": deadline})
        item_id = sub_task.trello_checkitem_bind_ids.external_id
        self.as_person(
            "PUT", f"cards/{card['id']}/checkItem/{item_id}", name="Products page"
        )
        for full in (False, True):
            with self.subTest(full=full):
                self.import_board(full)
                self.assertEqual(sub_task.name, "Products page")
                self.assertEqual(sub_task.user_ids, self.odoo_only)
                self.assertEqual(sub_task.date_deadline, deadline)

    def test_a_trello_change_of_the_item_member_still_arrives(self):
        """Only what Trello did not change is left alone."""
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        sub_task = task.child_ids.filtered(lambda t: t.name == "Pricing")
        bob = self.map_member("bob")
        item_id = sub_task.trello_checkitem_bind_ids.external_id
        self.as_person(
            "PUT",
            f"cards/{card['id']}/checkItem/{item_id}",
            idMember=self.member("bob").external_id,
        )
        self.import_board(False)
        self.assertEqual(sub_task.user_ids, bob)

    def item(self, item_id):
        store = self.emulator.store
        checklist = store.checklists[store.check_items[item_id]]
        return next(i for i in checklist["checkItems"] if i["id"] == item_id)

    def test_a_sub_task_assignee_and_deadline_reach_its_check_item(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        sub_task = task.child_ids.filtered(lambda t: t.name == "Products")
        alice = self.map_member("alice")
        deadline = fields.Datetime.to_datetime("2026-12-24 10:00:00")
        sub_task.write({"user_ids": alice.ids, "date_deadline": deadline})
        sub_task.trello_export()
        item = self.item(sub_task.trello_checkitem_bind_ids.external_id)
        self.assertEqual(item["idMember"], self.member("alice").external_id)
        self.assertEqual(item["due"], "2026-12-24T10:00:00.000Z")
        # and a new sub-task is made with them
        new = self.env["project.task"].create(
            {
                "name": "Contact page",
                "parent_id": task.id,
                "project_id": self.project.id,
                "user_ids": alice.ids,
                "date_deadline": deadline,
            }
        )
        new.trello_export()
        item = self.item(new.trello_checkitem_bind_ids.external_id)
        self.assertEqual(item["idMember"], self.member("alice").external_id)
        self.assertEqual(item["due"], "2026-12-24T10:00:00.000Z")

    def test_assignees_an_item_cannot_hold_stay_when_trello_changes_its_member(self):
        """A check item holds one member: the sub-task's other assignees
        (mapped or not) are left by an import that changes that member."""
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        sub_task = task.child_ids.filtered(lambda t: t.name == "Products")
        alice, bob, carol = (self.map_member(u) for u in ("alice", "bob", "carol"))
        sub_task.user_ids = alice | bob | self.odoo_only
        sub_task.trello_export()
        item_id = sub_task.trello_checkitem_bind_ids.external_id
        held = self.item(item_id)["idMember"]
        held_user = self.backend.member_ids.filtered(
            lambda m: m.external_id == held
        ).user_id
        self.assertIn(held_user, alice | bob)
        self.as_person(
            "PUT",
            f"cards/{card['id']}/checkItem/{item_id}",
            idMember=self.member("carol").external_id,
        )
        self.import_board(False)
        self.assertEqual(
            sub_task.user_ids, (alice | bob | self.odoo_only | carol) - held_user
        )
        # the export after it has nothing to send
        self.emulator.reset_counters()
        sub_task.trello_export()
        self.assertEqual(self.emulator.counters()["by_method"].get("PUT", 0), 0)

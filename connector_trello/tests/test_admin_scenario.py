# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 20's "Done when", by the forms alone.

An admin syncs two lists of a busy board (the ``cards:N`` seed: 6 lists,
five custom fields, one of each type) into a project that already exists:
the board line's rules form says "only these lists", the attach wizard's
form picks the project, previews, runs. Only the two lists' cards become
tasks, in that project, their custom fields as task properties and their
start and due dates as the planned start and deadline; a second run makes
no duplicate.
"""

from datetime import datetime, timezone

from lxml import etree

from odoo.tests import Form

from .common import TrelloCase

LISTS = ("Ready", "Review")
START = datetime(2025, 1, 20, 8, 30, tzinfo=timezone.utc)


class TestAdminScenario(TrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="cards:120")
        self.board = self.store_board("Load 120")
        lists = {
            x["id"]: x["name"]
            for x in self.emulator.store.lists.values()
            if x["idBoard"] == self.board["id"]
        }
        self.cards = [
            c
            for c in self.emulator.store.cards.values()
            if c["idBoard"] == self.board["id"]
        ]
        self.kept = [c for c in self.cards if lists[c["idList"]] in LISTS]
        for card in self.kept[::3]:  # a start date on some of them
            card["start"] = START.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            )
        self.project = self.env["project.project"].create(
            {
                "name": "Existing project",
                "type_ids": [(0, 0, {"name": "ready"})],
            }
        )

    def assert_in_view(self, view, *buttons):
        arch = etree.tostring(
            self.env.ref(view)._get_combined_arch(), encoding="unicode"
        )
        for button in buttons:
            self.assertIn(f'name="{button}"', arch, f"{button} in {view}")

    def run_by_the_forms(self):
        """What the admin clicks: backend form (fetch), the board line's rules
        form, the line's attach button, the wizard's preview and run."""
        self.assert_in_view(
            "connector_trello.trello_backend_view_form",
            "action_fetch_boards",
            "action_open_rules",
            "action_open_attach_wizard",
        )
        self.backend.action_check_connection()
        self.backend.action_fetch_boards()
        line = self.backend.board_ids.filtered(lambda b: b.name == "Load 120")
        action = line.action_open_rules()
        with Form(line, view=action["views"][0][0]) as rules:
            rules.rule_lists_mode = "only"
            rules.rule_list_names = "\n".join(LISTS)
        self.assert_in_view(
            "connector_trello.trello_board_attach_wizard_view_form",
            "action_preview",
            "action_apply",
        )
        action = line.action_open_attach_wizard()
        model = self.env[action["res_model"]].with_context(**action["context"])
        with Form(model) as form:
            form.project_id = self.project
        wizard = form.record
        wizard.action_preview()
        wizard.action_apply()
        return line

    def test_two_lists_of_a_busy_board_into_an_existing_project(self):
        line = self.run_by_the_forms()
        self.assertTrue(line.synchronize)
        self.assertEqual(line.project_binding_id.odoo_id, self.project)
        tasks = self.env["project.task"].search(
            [("project_id", "=", self.project.id), ("parent_id", "=", False)]
        )
        by_card = {t.trello_bind_ids.external_id: t for t in tasks}
        self.assertEqual(set(by_card), {c["id"] for c in self.kept})
        self.assertEqual(len(tasks), len(self.kept))
        self.assertEqual(
            self.env["project.task"].search_count(
                [("trello_bind_ids.external_id", "in", [c["id"] for c in self.cards])]
            ),
            len(self.kept),
            "no card of the other lists became a task anywhere",
        )
        # the custom fields are the project's task properties
        definition = {
            d["string"]: d["type"] for d in self.project.task_properties_definition
        }
        for name in ("Priority", "Points", "Team", "Blocked", "Go-live"):
            self.assertIn(name, definition)
        with_values = 0
        for card in self.kept:
            task = by_card[card["id"]]
            values = dict(task.task_properties or {})  # name: value
            if card.get("_customFieldItems"):
                with_values += 1
                self.assertTrue(
                    any(v not in (False, None, "") for v in values.values())
                )
            if card.get("start"):
                self.assertEqual(task.planned_date_begin, START.replace(tzinfo=None))
            if card.get("due"):
                due = datetime.fromisoformat(card["due"].replace("Z", "+00:00"))
                self.assertEqual(task.date_deadline, due.replace(tzinfo=None))
        self.assertTrue(with_values, "some of the cards carry custom fields")
        self.assertTrue(tasks.filtered("planned_date_begin"))
        # a second run: nothing new
        self.run_by_the_forms()
        self.backend.action_synchronize()
        again = self.env["project.task"].search_count(
            [("project_id", "=", self.project.id), ("parent_id", "=", False)]
        )
        self.assertEqual(again, len(self.kept))

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sync rules per board: each rule x import and export x entering and
leaving the rules, on the card "Cookie banner" (list Backlog, label
Frontend, open, made on 2025-01-06), and who may edit the rules."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from .common_export import TrelloExportCase

CARD = "Cookie banner"

#: rule -> the board's rules (the card inside them); how Trello takes the
#: card out of them and back (``PUT /cards/{id}`` parameters; "list:X" and
#: "labels:X,Y" name the board's lists and labels); how Odoo takes its task
#: out and back; ``rules_out``: rules that leave it out by themselves.
CASES = {
    "lists_excluded": {
        "rules": {"rule_lists_mode": "exclude", "rule_list_names": "Review\nDONE"},
        "trello_out": {"idList": "list:Done"},
        "trello_in": {"idList": "list:Backlog"},
        "odoo_out": {"stage": "Review"},
        "odoo_in": {"stage": "Backlog"},
    },
    "only_lists": {
        "rules": {"rule_lists_mode": "only", "rule_list_names": "backlog\n To Do "},
        "trello_out": {"idList": "list:Doing"},
        "trello_in": {"idList": "list:To Do"},
        "odoo_out": {"stage": "Doing"},
        "odoo_in": {"stage": "To Do"},
    },
    "any_label": {
        "rules": {"rule_labels_mode": "any", "rule_label_names": "frontend\nSEO"},
        "trello_out": {"idLabels": "labels:Bug"},
        "trello_in": {"idLabels": "labels:Bug,SEO"},
        "odoo_out": {"tags": ["Bug"]},
        "odoo_in": {"tags": ["Bug", "SEO"]},
    },
    "no_label": {
        "rules": {"rule_labels_mode": "none", "rule_label_names": "BUG"},
        "trello_out": {"idLabels": "labels:Frontend,Bug"},
        "trello_in": {"idLabels": "labels:Frontend"},
        "odoo_out": {"tags": ["Frontend", "Bug"]},
        "odoo_in": {"tags": ["Frontend"]},
    },
    "archived_left_out": {
        "rules": {"rule_archived": "exclude"},
        "trello_out": {"closed": "true"},
        "trello_in": {"closed": "false"},
        "odoo_out": {"active": False},
        "odoo_in": {"active": True},
    },
    "created_after": {
        "rules": {"rule_created_after": "2025-01-06"},
        "rules_out": {"rule_created_after": "2025-01-07"},
    },
}

EXCLUDE_BACKLOG = {"rule_lists_mode": "exclude", "rule_list_names": "Backlog"}


class TestSyncRules(TrelloExportCase):
    """The table's cases are made into test methods below the class."""

    def setUp(self):
        super().setUp()
        self.line = self.backend.board_ids.filtered(
            lambda b: b.external_id == self.board["id"]
        )
        self.card = self.card_named(CARD)
        self.binding_of_card = self.card_binding(self.card["id"])
        self.task = self.binding_of_card.odoo_id

    def sync(self):
        self.backend.action_synchronize()
        self.assertEqual(self.line.last_sync_state, "ok", self.line.last_sync_result)

    def label_ids(self, names):
        return [
            label["id"]
            for name in names.split(",")
            for label in self.emulator.store.labels.values()
            if label["idBoard"] == self.board["id"] and label["name"] == name
        ]

    def change_in_trello(self, params):
        values = {}
        for key, value in params.items():
            if value.startswith("list:"):
                value = self.list_named(value[5:])["id"]
            elif value.startswith("labels:"):
                value = ",".join(self.label_ids(value[7:]))
            values[key] = value
        self.as_person("PUT", f"cards/{self.card['id']}", **values)

    def change_in_odoo(self, odoo_values):
        values = {}
        if "stage" in odoo_values:
            values["stage_id"] = self.stage_named(odoo_values["stage"]).id
        if "tags" in odoo_values:
            tags = self.env["project.tags"].search(
                [("name", "in", odoo_values["tags"])]
            )
            values["tag_ids"] = [Command.set(tags.ids)]
        if "active" in odoo_values:
            values["active"] = odoo_values["active"]
        self.task.write(values)

    def leave_in_trello(self, case, leaving="archive"):
        self.line.write(dict(case["rules"], rule_leaving=leaving))
        self.sync()  # inside: nothing changes
        self.assertFalse(self.binding_of_card.trello_rules_state)
        self.assertTrue(self.task.active)
        if "rules_out" in case:
            self.line.write(case["rules_out"])
        else:
            self.change_in_trello(case["trello_out"])
        self.sync()

    def enter_in_trello(self, case):
        if "rules_out" in case:
            self.line.write(case["rules"])
        else:
            self.change_in_trello(case["trello_in"])
        self.sync()

    # -- import: the table's tests ------------------------------------------

    def check_import_leaving(self, case):
        """The task of a card leaving the rules is archived, never deleted,
        and a rename in Trello meanwhile is not imported."""
        self.leave_in_trello(case)
        binding = self.card_binding(self.card["id"])
        self.assertEqual(binding, self.binding_of_card)
        self.assertEqual(binding.trello_rules_state, "out_trello")
        self.assertFalse(binding.odoo_id.active)
        self.as_person("PUT", f"cards/{self.card['id']}", name="Cookies!")
        self.sync()
        self.assertEqual(self.task.name, CARD)

    def check_import_leaving_kept(self, case):
        """With the option, the task of a card leaving the rules is kept."""
        self.leave_in_trello(case, leaving="keep")
        self.assertEqual(self.binding_of_card.trello_rules_state, "out_trello")
        self.assertTrue(self.task.active)

    def check_import_entering(self, case):
        """Back inside, the task is active again, with Trello's values."""
        self.leave_in_trello(case)
        self.assertEqual(self.binding_of_card.trello_rules_state, "out_trello")
        self.as_person("PUT", f"cards/{self.card['id']}", name="Cookies!")
        self.enter_in_trello(case)
        self.assertFalse(self.binding_of_card.trello_rules_state)
        self.assertTrue(self.task.active)
        self.assertEqual(self.task.name, "Cookies!")

    # -- export: the table's tests ------------------------------------------

    def leave_in_odoo(self, case):
        self.line.write(case["rules"])
        if "rules_out" in case:
            self.line.write(case["rules_out"])
        else:
            self.change_in_odoo(case["odoo_out"])
        self.task.name = "Renamed in Odoo"
        self.emulator.reset_counters()
        self.task.trello_export()

    def check_export_leaving(self, case):
        """A task leaving the rules in Odoo: nothing of it is written."""
        before = dict(self.store_card(self.card["id"]))
        self.leave_in_odoo(case)
        card = self.store_card(self.card["id"])
        for key in ("name", "idList", "idLabels", "closed"):
            self.assertEqual(card[key], before[key], key)
        self.assertEqual(self.binding_of_card.trello_rules_state, "out_odoo")
        if "rules_out" not in case:
            # the card is inside in Trello: an import leaves the task alone
            self.sync()
            self.assertEqual(self.task.name, "Renamed in Odoo")
            self.assertEqual(self.binding_of_card.trello_rules_state, "out_odoo")

    def check_export_entering(self, case):
        """Back inside in Odoo, the task is written to its card again."""
        self.leave_in_odoo(case)
        self.assertEqual(self.binding_of_card.trello_rules_state, "out_odoo")
        if "rules_out" in case:
            self.line.write(case["rules"])
        else:
            self.change_in_odoo(case["odoo_in"])
        self.task.trello_export()
        self.assertFalse(self.binding_of_card.trello_rules_state)
        self.assertEqual(self.store_card(self.card["id"])["name"], "Renamed in Odoo")

    # -- the rest ------------------------------------------------------------

    def test_new_card_outside_is_not_imported_until_inside(self):
        backlog = self.list_named("Backlog")
        self.line.write(EXCLUDE_BACKLOG)
        self.sync()
        new = self.as_person("POST", "cards", idList=backlog["id"], name="Outside")
        self.sync()
        self.assertFalse(self.card_binding(new["id"]))
        self.line.write({"rule_lists_mode": "all"})
        self.sync()
        self.assertEqual(self.card_binding(new["id"]).name, "Outside")

    def test_a_rule_change_costs_one_full_read(self):
        """No request per card: the rules filter what the pages hold."""
        self.emulator.reset_counters()
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=True
        )
        full = self.request_count()
        self.line.write(CASES["no_label"]["rules"])
        self.emulator.reset_counters()
        self.sync()
        self.assertEqual(self.request_count(), full)
        self.emulator.reset_counters()
        self.sync()  # the rules applied: incremental again
        self.assertLess(self.request_count(), full)

    def test_task_created_outside_gets_no_card_until_inside(self):
        self.line.write(CASES["lists_excluded"]["rules"])
        task = self.env["project.task"].create(
            {
                "name": "Made in Odoo",
                "project_id": self.project.id,
                "stage_id": self.stage_named("Review").id,
            }
        )
        self.emulator.reset_counters()
        task.trello_export()
        self.assertEqual(self.request_count(), 0)
        self.assertFalse(task.trello_bind_ids.external_id)
        task.stage_id = self.stage_named("To Do")
        task.trello_export()
        card = self.store_card(task.trello_bind_ids.external_id)
        self.assertEqual(card["idList"], self.list_named("To Do")["id"])

    def test_a_subtask_of_a_card_outside_is_not_exported(self):
        self.line.write(EXCLUDE_BACKLOG)
        self.sync()
        self.emulator.reset_counters()
        sub = self.env["project.task"].create(
            {
                "name": "A sub-task",
                "parent_id": self.task.id,
                "project_id": self.project.id,
            }
        )
        sub.trello_export()
        self.assertEqual(self.request_count(), 0)

    # -- who may edit the rules ---------------------------------------------

    def test_only_connector_managers_edit_rules(self):
        project_manager = new_test_user(
            self.env, login="pm_rules", groups="project.group_project_manager"
        )
        user = new_test_user(self.env, login="user_rules", groups="base.group_user")
        for person in (project_manager, user):
            line = self.line.with_user(person)
            with self.subTest(person.login):
                with self.assertRaises(AccessError):
                    line.write({"rule_lists_mode": "only", "rule_list_names": "X"})
                with self.assertRaises(AccessError):
                    line.action_open_rules()
                with self.assertRaises(AccessError):
                    line.action_save_rules()
        manager = new_test_user(
            self.env, login="cm_rules", groups="connector.group_connector_manager"
        )
        self.line.with_user(manager).write({"rule_labels_mode": "none"})
        self.assertEqual(self.line.rule_labels_mode, "none")
        action = self.line.with_user(manager).action_open_rules()
        self.assertEqual(action["res_id"], self.line.id)


def _make_test(check, case):
    def test(self):
        getattr(self, check)(case)

    return test


for _name, _case in CASES.items():
    for _check in (
        "check_import_leaving",
        "check_import_leaving_kept",
        "check_import_entering",
        "check_export_leaving",
        "check_export_entering",
    ):
        setattr(
            TestSyncRules,
            f"test_{_name}_{_check.removeprefix('check_')}",
            _make_test(_check, _case),
        )

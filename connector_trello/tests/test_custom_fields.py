# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Trello custom fields <-> task properties (issue 20).

The demo board "Website relaunch" has one custom field of each type
(Priority: list, Estimate (h): number, Owner team: text, Signed off:
checkbox, Go-live: date) with values on three cards.
"""

from datetime import datetime

from odoo.exceptions import UserError

from .. import custom_fields as cf
from .common_export import TrelloExportCase

# Trello value, as the item is set in Trello -> the property's value in Odoo
EACH_TYPE = [
    ("Owner team", {"text": "Mobile"}, None, "Mobile"),
    ("Estimate (h)", {"number": "7.25"}, None, 7.25),
    ("Go-live", {"date": "2025-03-01T14:30:00.000Z"}, None, "2025-03-01 14:30:00"),
    ("Signed off", {"checked": "true"}, None, True),
    ("Priority", None, "Low", "Low"),
]


class CustomFieldsCase(TrelloExportCase):
    """The demo board's custom fields, and their values on both sides."""

    def field(self, name):
        store = self.emulator.store
        return next(
            f for f in store.board_custom_fields(self.board["id"]) if f["name"] == name
        )

    def prop(self, name):
        """The property definition of the field ``name``."""
        entry = cf.load_map(self.binding)[self.field(name)["id"]]
        return next(
            p
            for p in self.project.task_properties_definition
            if p["name"] == entry["property"]
        )

    def value(self, task, name):
        task.invalidate_recordset(["task_properties"])
        return (task.task_properties or {}).get(self.prop(name)["name"])

    def option(self, name, text):
        return next(
            o["id"] for o in self.field(name)["options"] if o["value"]["text"] == text
        )

    def option_key(self, name, text):
        labels = {label: key for key, label in self.prop(name)["selection"]}
        return labels[text]

    def set_in_trello(self, card_name, name, value, id_value=None):
        store = self.emulator.store
        with store.lock:
            store.set_custom_field_item(
                self.emulator.other_member_id,
                store.cards[self.card_named(card_name)["id"]],
                self.field(name),
                value,
                id_value,
            )

    def trello_item(self, card_name, name):
        items = self.card_named(card_name).get("_customFieldItems") or {}
        item = items.get(self.field(name)["id"])
        if not item:
            return None
        return item.get("idValue") or item["value"]

    def conflict_notes(self, task):
        return self.env["mail.message"].search(
            [
                ("model", "=", "project.task"),
                ("res_id", "=", task.id),
                ("body", "ilike", "Trello sync conflict"),
            ]
        )

    def set_in_odoo(self, task, name, value):
        values = dict(task.task_properties or {})
        values[self.prop(name)["name"]] = value
        task.task_properties = values


class TestCustomFields(CustomFieldsCase):
    # -- import ------------------------------------------------------------

    def test_import_makes_properties_and_values(self):
        definition = {p["string"]: p for p in self.project.task_properties_definition}
        self.assertEqual(
            {name: definition[name]["type"] for name in definition},
            {
                "Priority": "selection",
                "Estimate (h)": "float",
                "Owner team": "char",
                "Signed off": "boolean",
                "Go-live": "datetime",
            },
        )
        self.assertEqual(
            [label for _key, label in definition["Priority"]["selection"]],
            ["High", "Medium", "Low"],
        )
        hero = self.task_named("New hero banner")
        self.assertEqual(self.value(hero, "Owner team"), "Web")
        self.assertEqual(self.value(hero, "Estimate (h)"), 12.5)
        self.assertEqual(
            self.value(hero, "Priority"), self.option_key("Priority", "High")
        )
        self.assertFalse(self.value(hero, "Signed off"))
        nav = self.task_named("Rework the navigation")
        self.assertEqual(self.value(nav, "Go-live"), "2025-02-03 08:00:00")
        bug = self.task_named("Contact form does nothing on Safari")
        self.assertIs(self.value(bug, "Signed off"), True)
        # imported again: nothing written
        self.sync_writes_nothing(hero)

    def test_each_type_from_trello(self):
        task = self.task_named("Dark mode")
        for name, value, option, expected in EACH_TYPE:
            with self.subTest(name=name):
                id_value = self.option(name, option) if option else None
                self.set_in_trello("Dark mode", name, value, id_value)

                self.backend.action_synchronize()
                if option:
                    expected = self.option_key(name, option)
                self.assertEqual(self.value(task, name), expected)
        # emptied in Trello: emptied in Odoo
        self.set_in_trello("Dark mode", "Owner team", "", None)
        self.backend.action_synchronize()
        self.assertFalse(self.value(task, "Owner team"))

    def test_each_type_to_trello(self):
        task = self.task_named("Dark mode")
        for name, value, option, odoo_value in EACH_TYPE:
            with self.subTest(name=name):
                if option:
                    odoo_value = self.option_key(name, option)
                self.set_in_odoo(task, name, odoo_value)
                self.emulator.reset_counters()

                task.trello_export()
                expected = self.option(name, option) if option else value
                self.assertEqual(self.trello_item("Dark mode", name), expected)
                # the conflict read and one PUT of the item: the card itself
                # is not written
                self.assertEqual(self.request_count(), 2)
                self.assertEqual(task.trello_export(), ["Nothing to export."])
        self.set_in_odoo(task, "Owner team", False)
        task.trello_export()
        self.assertIsNone(self.trello_item("Dark mode", "Owner team"))
        self.sync_writes_nothing(task)

    def test_definition_changes_follow_the_board(self):
        store = self.emulator.store
        with store.lock:
            store.update_custom_field(
                self.emulator.member_id, self.field("Owner team"), {"name": "Team"}
            )
            store.add_custom_field_option(
                self.emulator.member_id, self.field("Priority"), "Urgent"
            )
            store.create_custom_field(
                self.emulator.member_id, self.board["id"], "Budget", "number"
            )
        property_names = [p["name"] for p in self.project.task_properties_definition]
        self.backend.action_synchronize()
        self.project.invalidate_recordset()
        self.assertEqual(self.prop("Team")["string"], "Team")
        self.assertEqual(
            [label for _key, label in self.prop("Priority")["selection"]],
            ["High", "Medium", "Low", "Urgent"],
        )
        self.assertEqual(self.prop("Budget")["type"], "float")
        # renamed, not replaced: the same properties, one more
        self.assertEqual(
            [p["name"] for p in self.project.task_properties_definition][:-1],
            property_names,
        )
        hero = self.task_named("New hero banner")
        self.assertEqual(self.value(hero, "Team"), "Web")
        self.set_in_trello(
            "New hero banner", "Priority", None, self.option("Priority", "Urgent")
        )
        self.backend.action_synchronize()
        self.assertEqual(
            self.value(hero, "Priority"), self.option_key("Priority", "Urgent")
        )

    def test_conflict_goes_to_the_policy_with_a_note(self):
        for policy in ("trello", "odoo"):
            with self.subTest(policy=policy):
                self.backend.conflict_policy = policy
                kept = f"{policy}: from {policy}"
                task = self.task_named("New hero banner")
                self.set_in_odoo(task, "Owner team", f"{policy}: from odoo")
                self.set_in_trello(
                    "New hero banner", "Owner team", {"text": f"{policy}: from trello"}
                )
                before = len(self.conflict_notes(task))
                task.trello_export()
                self.backend.action_synchronize()
                self.assertEqual(self.value(task, "Owner team"), kept)
                self.assertEqual(
                    self.trello_item("New hero banner", "Owner team"), {"text": kept}
                )
                notes = self.conflict_notes(task)
                self.assertEqual(len(notes), before + 1)
                self.assertIn("Owner team", notes[0].body)
                # both sides agree again: a third round changes nothing
                self.sync_writes_nothing(task)

    def test_one_side_each_is_merged(self):
        """Trello changed one field, Odoo another: both kept, no note."""
        task = self.task_named("New hero banner")
        self.set_in_odoo(task, "Estimate (h)", 40.0)
        self.set_in_trello("New hero banner", "Owner team", {"text": "Platform"})
        self.backend.action_synchronize()
        task.trello_export()
        self.assertEqual(self.value(task, "Owner team"), "Platform")
        self.assertEqual(self.value(task, "Estimate (h)"), 40.0)
        self.assertEqual(
            self.trello_item("New hero banner", "Estimate (h)"), {"number": "40"}
        )
        self.assertFalse(self.notes(task))

    def test_fifty_custom_fields_on_one_card(self):
        store = self.emulator.store
        with store.lock:
            for field in list(store.board_custom_fields(self.board["id"])):
                store.delete_custom_field(self.emulator.member_id, field)
            card = store.cards[self.card_named("Dark mode")["id"]]
            for n in range(50):
                field = store.create_custom_field(
                    self.emulator.member_id, self.board["id"], f"Field {n}", "text"
                )
                store.set_custom_field_item(
                    self.emulator.member_id, card, field, {"text": f"value {n}"}, None
                )
        self.emulator.reset_counters()
        self.backend.action_synchronize()
        task = self.task_named("Dark mode")
        for n in range(50):
            self.assertEqual(self.value(task, f"Field {n}"), f"value {n}")
        # incremental: the board read again (new fields), the card by /batch
        self.assertLessEqual(self.request_count(), 4)
        self.set_in_odoo(task, "Field 7", "changed")
        task.trello_export()
        self.assertEqual(self.trello_item("Dark mode", "Field 7"), {"text": "changed"})
        self.assertEqual(self.trello_item("Dark mode", "Field 8"), {"text": "value 8"})

    def test_offer_a_property_made_in_odoo(self):
        definition = list(self.project.task_properties_definition)
        definition.append(
            {
                "name": "risk",
                "string": "Risk",
                "type": "selection",
                "selection": [["lo", "Low risk"], ["hi", "High risk"]],
            }
        )
        self.project.task_properties_definition = definition
        task = self.task_named("Dark mode")
        task.task_properties = {**(task.task_properties or {}), "risk": "hi"}
        # a property added in Odoo is not sent implicitly
        task.trello_export()
        self.assertEqual(
            [
                f["name"]
                for f in self.emulator.store.board_custom_fields(self.board["id"])
            ],
            ["Priority", "Estimate (h)", "Owner team", "Signed off", "Go-live"],
        )
        self.project.action_trello_offer_properties()
        risk = self.field("Risk")
        self.assertEqual(risk["type"], "list")
        self.assertEqual(
            [o["value"]["text"] for o in risk["options"]], ["Low risk", "High risk"]
        )
        task.trello_export()
        self.assertEqual(
            self.trello_item("Dark mode", "Risk"), self.option("Risk", "High risk")
        )
        # the property keeps its name and keys in Odoo
        self.assertEqual(self.prop("Risk")["name"], "risk")
        self.assertEqual(self.value(task, "Risk"), "hi")
        with self.assertRaises(UserError):
            self.project.action_trello_offer_properties()

    def test_offer_after_a_lost_answer_makes_no_second_field(self):
        """A click whose ``POST /customFields`` answer was lost (the field
        made in Trello, Odoo rolled back): the next click binds that field
        instead of making another, its options included."""
        task = self.task_named("Dark mode")
        for number, fault in enumerate(("truncate", "500-after", "drop-after")):
            with self.subTest(fault=fault):
                name = f"Risk {number}"
                definition = list(self.project.task_properties_definition)
                definition.append(
                    {
                        "name": f"risk{number}",
                        "string": name,
                        "type": "selection",
                        "selection": [["lo", "Low risk"], ["hi", "High risk"]],
                    }
                )
                self.project.task_properties_definition = definition
                self.emulator.set_faults(f"{fault}:1@POST /1/customFields")
                try:
                    with self.assertRaises(Exception), self.env.cr.savepoint():  # noqa: B017
                        self.project.action_trello_offer_properties()
                finally:
                    self.emulator.set_faults(None)
                self.env.invalidate_all()
                self.project.action_trello_offer_properties()
                fields = self.emulator.store.board_custom_fields(self.board["id"])
                names = [field["name"] for field in fields]
                self.assertEqual(names.count(name), 1, names)
                task.task_properties = {
                    **(task.task_properties or {}),
                    f"risk{number}": "hi",
                }
                task.trello_export()
                self.assertEqual(
                    self.trello_item("Dark mode", name), self.option(name, "High risk")
                )

    def test_offer_needs_write_access_to_the_project(self):
        user = self.env["res.users"].create(
            {
                "name": "Portal-ish",
                "login": "cf-no-rights",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        self.emulator.reset_counters()
        with self.assertRaises(Exception):  # noqa: B017 (AccessError)
            self.project.with_user(user).action_trello_offer_properties()
        self.assertEqual(self.request_count(), 0)

    def test_datetime_property_is_the_same_instant(self):
        task = self.task_named("Dark mode")
        self.set_in_odoo(task, "Go-live", "2025-05-01 14:30:00")
        task.with_context(tz="Asia/Tokyo").trello_export()
        self.assertEqual(
            self.trello_item("Dark mode", "Go-live"),
            {"date": "2025-05-01T14:30:00.000Z"},
        )
        self.assertEqual(
            cf.to_property({"type": "date"}, "2025-05-01T14:30:00.000Z"),
            datetime(2025, 5, 1, 14, 30).strftime("%Y-%m-%d %H:%M:%S"),
        )

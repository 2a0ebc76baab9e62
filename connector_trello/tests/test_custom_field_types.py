# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A custom field whose type no longer matches its task property (issue 20).

Trello's UI cannot change a field's type, but a field can be deleted and a
same-named one of another type made, and the API or a Power-Up can leave a
field of a new type with items of the old shape. The property follows
Trello (one property, of the new type); each task's value is converted when
it can be, and posted in the task's chatter when it cannot; no export
writes a value of the wrong type.
"""

from .. import custom_fields as cf
from .test_custom_fields import CustomFieldsCase

# field, card, its value before, new type (options), the value after in Odoo
# (an option's label for a list; None: it cannot convert, a note keeps it),
# and the item Trello holds after the export
TYPE_CHANGES = [
    (
        "Owner team",
        "New hero banner",
        "Web",
        "list",
        ("Mobile", "Web"),
        "Web",
        "option",
    ),
    ("Estimate (h)", "New hero banner", "12.5", "text", (), "12.5", {"text": "12.5"}),
    (
        "Go-live",
        "Rework the navigation",
        "2025-02-03 08:00:00",
        "number",
        (),
        None,
        None,
    ),
    (
        "Signed off",
        "Contact form does nothing on Safari",
        "true",
        "text",
        (),
        "true",
        {"text": "true"},
    ),
    ("Priority", "New hero banner", "High", "number", (), None, None),
]
ODOO_TYPES = {"text": "char", "number": "float", "list": "selection"}


class TestCustomFieldTypes(CustomFieldsCase):
    def props_labelled(self, label):
        return [
            p for p in self.project.task_properties_definition if p["string"] == label
        ]

    def type_notes(self, task):
        return task.message_ids.filtered(
            lambda m: "could not be converted" in (m.body or "")
        )

    def custom_field_puts(self):
        return sum(
            count
            for route, count in self.emulator.counters()["by_route"].items()
            if route.startswith("PUT") and "customField" in route
        )

    def change_types(self, recreate):
        """Each field of the table to its new type: deleted and made again
        (``recreate``), or retyped in place with its items left as they
        were (what the API lets a Power-Up leave behind)."""
        store = self.emulator.store
        member = self.emulator.member_id
        with store.lock:
            for name, _card, _before, kind, options, _after, _item in TYPE_CHANGES:
                field = self.field(name)
                if recreate:
                    store.delete_custom_field(member, field)
                    store.create_custom_field(
                        member, self.board["id"], name, kind, options
                    )
                    continue
                field["type"] = kind
                field.pop("options", None)
                if kind == "list":
                    field["options"] = []
                    for text in options:
                        store.add_custom_field_option(member, field, text)

    def check_type_changes(self, recreate):
        tasks = {row[1]: self.task_named(row[1]) for row in TYPE_CHANGES}
        before_notes = {name: len(self.type_notes(t)) for name, t in tasks.items()}
        self.change_types(recreate)

        self.backend.action_synchronize()
        self.project.invalidate_recordset()
        for task in tasks.values():
            task.trello_export()
        notes = {name: self.type_notes(t) for name, t in tasks.items()}
        for name, card, before, kind, _options, after, item in TYPE_CHANGES:
            with self.subTest(field=name, recreate=recreate):
                # one property, of the new type, still bound to the field
                self.assertEqual(
                    [p["type"] for p in self.props_labelled(name)], [ODOO_TYPES[kind]]
                )
                value = self.value(tasks[card], name)
                if kind == "list" and after:
                    after = self.option_key(name, after)
                    item = self.option(name, "Web")
                self.assertEqual(value or None, after)
                if after is None:
                    # not silently lost: the task's chatter has it
                    self.assertTrue(
                        any(before in n.body and name in n.body for n in notes[card])
                    )
                    continue
                self.assertEqual(self.trello_item(card, name), item)
        # the other values of the seed: "Medium" (a Priority) on the
        # navigation card cannot be a number either; the bug's estimate 3 is
        # the text "3"
        expected = {
            "New hero banner": 1,
            "Rework the navigation": 2,
            "Contact form does nothing on Safari": 0,
        }
        bug = tasks["Contact form does nothing on Safari"]
        self.assertEqual(self.value(bug, "Estimate (h)"), "3")
        self.assertEqual(
            {card: len(notes[card]) - before_notes[card] for card in tasks}, expected
        )
        # both sides agree: nothing more is written, no note is added again
        self.emulator.reset_counters()
        self.backend.action_synchronize()
        for task in tasks.values():
            self.assertEqual(task.trello_export(), ["Nothing to export."])
        self.assertEqual(self.custom_field_puts(), 0)
        self.assertEqual({c: self.type_notes(t) for c, t in tasks.items()}, notes)

    def test_field_made_again_with_another_type(self):
        self.check_type_changes(recreate=True)

    def test_field_retyped_in_place(self):
        self.check_type_changes(recreate=False)

    def test_a_value_of_the_wrong_type_is_never_exported(self):
        """A property whose type was changed in Odoo: the export leaves the
        field alone rather than send Trello what its type refuses."""
        task = self.task_named("New hero banner")
        definition = [dict(p) for p in self.project.task_properties_definition]
        estimate = self.prop("Estimate (h)")["name"]
        for prop in definition:
            if prop["name"] == estimate:
                prop["type"] = "char"
        self.project.task_properties_definition = definition
        task.task_properties = {**(task.task_properties or {}), estimate: "a lot"}
        self.emulator.reset_counters()
        task.trello_export()
        self.assertEqual(self.custom_field_puts(), 0)
        self.assertEqual(
            self.trello_item("New hero banner", "Estimate (h)"), {"number": "12.5"}
        )

    def test_deleted_field_keeps_its_property_unbound(self):
        hero = self.task_named("New hero banner")
        prop = self.prop("Owner team")
        store = self.emulator.store
        with store.lock:
            store.delete_custom_field(self.emulator.member_id, self.field("Owner team"))
        self.backend.action_synchronize()
        self.project.invalidate_recordset()
        # kept, with its values: Odoo's data, removable in one click
        self.assertEqual(self.props_labelled("Owner team"), [prop])
        hero.invalidate_recordset(["task_properties"])
        self.assertEqual(hero.task_properties[prop["name"]], "Web")
        # unbound: no export writes to a field Trello no longer has
        self.assertNotIn(
            prop["name"], {e["property"] for e in cf.load_map(self.binding).values()}
        )
        hero.task_properties = {**hero.task_properties, prop["name"]: "Platform"}
        self.emulator.reset_counters()
        hero.trello_export()
        self.assertEqual(self.custom_field_puts(), 0)
        self.assertEqual(self.emulator.counters()["by_method"].get("PUT", 0), 0)

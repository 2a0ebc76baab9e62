# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Enumerated mappings, value by value, both ways (issue 17).

Each of Odoo's tag colours (``project.tags`` ``color`` 0-11) to its Trello
label colour and back; each task state with each ``dueComplete``, under
both settings of *Due complete closes the task*; each sub-task state with
each check item state. The expected values are written out here, not
computed with the connector's own tables. ``04_waiting_normal`` is left
out: Odoo computes it from a task's dependencies, nobody sets it.
"""

from .common_export import TrelloExportCase

DONE, CANCELLED = "1_done", "1_canceled"
OPEN, CHANGES, APPROVED = "01_in_progress", "02_changes_requested", "03_approved"
STATES = (OPEN, CHANGES, APPROVED, DONE, CANCELLED)

#: Odoo colour index -> the colour of its label in Trello. 0 (no colour)
#: and 6 (almond, which Trello lacks) are colourless labels.
COLOUR_EXPORT = {
    0: None,
    1: "red",
    2: "orange",
    3: "yellow",
    4: "sky",
    5: "purple",
    6: None,
    7: "lime",
    8: "blue",
    9: "pink",
    10: "green",
    11: "black",
}
#: Trello label colour -> the tag's Odoo colour index (a colourless label
#: is almond: Odoo's kanban cards hide the tags of colour 0).
COLOUR_IMPORT = dict(
    [(None, 6), ("red", 1), ("orange", 2), ("yellow", 3), ("sky", 4)]
    + [("purple", 5), ("lime", 7), ("blue", 8), ("pink", 9), ("green", 10)]
    + [("black", 11), ("green_dark", 10), ("sky_light", 4)]
)

#: (closes the task, Odoo state, due complete badge) -> Trello's dueComplete.
DUE_EXPORT = {
    (True, OPEN, False): False,
    (True, CHANGES, False): False,
    (True, APPROVED, False): False,
    (True, DONE, False): True,
    (True, CANCELLED, False): False,
    (False, OPEN, False): False,
    (False, OPEN, True): True,
    (False, CHANGES, True): True,
    (False, APPROVED, False): False,
    (False, DONE, False): False,
    (False, DONE, True): True,
    (False, CANCELLED, True): True,
}
#: (closes the task, Odoo state before, dueComplete set in Trello)
#: -> (Odoo state after, due complete badge after).
DUE_IMPORT = {
    (True, OPEN, True): (DONE, True),
    (True, OPEN, False): (OPEN, False),
    (True, CHANGES, True): (DONE, True),
    (True, CHANGES, False): (CHANGES, False),
    (True, APPROVED, True): (DONE, True),
    (True, APPROVED, False): (APPROVED, False),
    (True, DONE, True): (DONE, True),
    (True, DONE, False): (OPEN, False),
    (True, CANCELLED, True): (DONE, True),
    (True, CANCELLED, False): (CANCELLED, False),
    (False, OPEN, True): (OPEN, True),
    (False, OPEN, False): (OPEN, False),
    (False, CHANGES, True): (CHANGES, True),
    (False, CHANGES, False): (CHANGES, False),
    (False, APPROVED, True): (APPROVED, True),
    (False, APPROVED, False): (APPROVED, False),
    (False, DONE, True): (DONE, True),
    (False, DONE, False): (DONE, False),
    (False, CANCELLED, True): (CANCELLED, True),
    (False, CANCELLED, False): (CANCELLED, False),
}
#: Sub-task state -> check item state, and back from each item state.
ITEM_EXPORT = {
    OPEN: "incomplete",
    CHANGES: "incomplete",
    APPROVED: "incomplete",
    DONE: "complete",
    CANCELLED: "incomplete",
}
#: (sub-task state before, item state set in Trello) -> sub-task state after.
ITEM_IMPORT = {
    (OPEN, "complete"): DONE,
    (OPEN, "incomplete"): OPEN,
    (CHANGES, "complete"): DONE,
    (CHANGES, "incomplete"): CHANGES,
    (APPROVED, "complete"): DONE,
    (APPROVED, "incomplete"): APPROVED,
    (DONE, "complete"): DONE,
    (DONE, "incomplete"): OPEN,
    (CANCELLED, "complete"): DONE,
    (CANCELLED, "incomplete"): CANCELLED,
}


class TestEnumeratedMappings(TrelloExportCase):
    def setUp(self):
        super().setUp()
        self.card = self.card_named("Rework the navigation")
        self.task = self.card_binding(self.card["id"]).odoo_id
        self.sub_task = self.task.child_ids.filtered(lambda s: s.name == "Products")
        self.item_id = self.sub_task.trello_checkitem_bind_ids.external_id
        self.label = self.env["trello.project.tags"].search(
            [("project_binding_id", "=", self.binding.id), ("name", "=", "Backend")]
        )

    def import_board(self):
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=True
        )
        self.env.invalidate_all()

    def touch_card(self, number):
        """A change in Trello that makes the next import read the card."""
        self.as_person("PUT", f"cards/{self.card['id']}", desc=f"Touched {number}")

    def item(self):
        store = self.emulator.store
        checklist = store.checklists[store.check_items[self.item_id]]
        return next(i for i in checklist["checkItems"] if i["id"] == self.item_id)

    # -- tag colours -------------------------------------------------------

    def test_each_odoo_colour_to_trello_and_kept(self):
        self.assertEqual(len(COLOUR_EXPORT), 12)
        tag = self.label.odoo_id
        label = self.emulator.store.labels[self.label.external_id]
        for index, colour in COLOUR_EXPORT.items():
            with self.subTest(odoo_colour=index):
                tag.color = index
                tag.trello_export()
                self.assertEqual(label["color"], colour, "the label's colour")
                self.touch_card(index)
                self.import_board()
                self.assertEqual(tag.color, index, "Odoo keeps its colour")

    def test_each_odoo_colour_on_a_new_label(self):
        tags = self.env["project.tags"].create(
            [{"name": f"Colour {index}", "color": index} for index in COLOUR_EXPORT]
        )
        self.task.tag_ids |= tags
        self.task.trello_export()
        self.import_board()
        for tag in tags:
            index = int(tag.name.split()[1])
            with self.subTest(odoo_colour=index):
                label = self.emulator.store.labels[tag.trello_bind_ids.external_id]
                self.assertEqual(label["color"], COLOUR_EXPORT[index])
                self.assertEqual(tag.color, index, "Odoo keeps its colour")

    def test_each_trello_colour_to_odoo_and_back(self):
        tag = self.label.odoo_id
        label = self.emulator.store.labels[self.label.external_id]
        for colour, index in COLOUR_IMPORT.items():
            with self.subTest(trello_colour=colour):
                self.as_person("PUT", f"labels/{label['id']}", color=colour or "null")
                self.import_board()
                self.assertEqual(tag.color, index, "the tag's colour")
                self.emulator.reset_counters()
                tag.trello_export()
                self.assertEqual(label["color"], colour, "the label is left")
                self.assertEqual(self.emulator.counters()["by_method"].get("PUT", 0), 0)

    # -- task state and dueComplete ---------------------------------------

    def test_each_state_and_badge_exported(self):
        card = self.store_card(self.card["id"])
        for (closes, state, badge), due_complete in DUE_EXPORT.items():
            with self.subTest(closes=closes, state=state, badge=badge):
                self.backend.due_complete_closes_task = closes
                self.task.write({"state": state, "trello_due_complete": badge})
                self.task.trello_export()
                self.assertEqual(card["dueComplete"], due_complete)

    def test_each_state_and_due_complete_imported(self):
        self.assertEqual(len(DUE_IMPORT), 2 * len(STATES) * 2)
        for number, ((closes, before, due_complete), after) in enumerate(
            DUE_IMPORT.items()
        ):
            with self.subTest(closes=closes, before=before, due=due_complete):
                self.backend.due_complete_closes_task = closes
                self.task.write(
                    {"state": before, "trello_due_complete": not due_complete}
                )
                self.task.trello_export()
                self.as_person(
                    "PUT",
                    f"cards/{self.card['id']}",
                    dueComplete=str(due_complete).lower(),
                )
                self.touch_card(number)
                self.import_board()
                self.assertEqual(
                    (self.task.state, self.task.trello_due_complete), after
                )

    # -- sub-task state and check item state -------------------------------

    def test_each_sub_task_state_exported(self):
        for state, item_state in ITEM_EXPORT.items():
            with self.subTest(state=state):
                self.sub_task.state = state
                self.sub_task.trello_export()
                self.assertEqual(self.item()["state"], item_state)

    def test_each_item_state_imported(self):
        for number, ((before, item_state), after) in enumerate(ITEM_IMPORT.items()):
            with self.subTest(before=before, item=item_state):
                self.sub_task.state = before
                self.sub_task.trello_export()
                self.as_person(
                    "PUT",
                    f"cards/{self.card['id']}/checkItem/{self.item_id}",
                    state=item_state,
                )
                self.touch_card(number)
                self.import_board()
                self.assertEqual(self.sub_task.state, after)

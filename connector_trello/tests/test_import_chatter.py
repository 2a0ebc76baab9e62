# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What an import changes on a task is in its chatter: one note per import.

Table-driven: each field a person changes in Trello (as bob, with his own
token) × each import path (the card alone, the board's incremental import
from its actions, the board's full import). The note lists Odoo's tracking
values, is signed by bob's user when the import read bob's actions (the
incremental one), by OdooBot otherwise, and reaches no follower.
"""

from odoo.tests import new_test_user

from .common import TrelloCase

BOARD = "Website relaunch"
CARD = "New hero banner"  # Doing; alice and bob; Frontend, Design; a due date

#: Each change: (name, Trello values as bob sends them, the tracked field,
#: its value before and after as Odoo's tracking value shows them).
CHANGES = [
    ("rename", {"name": "Hero banner v2"}, "name", CARD, "Hero banner v2"),
    ("stage", {"idList": "@Review"}, "stage_id", "Doing", "Review"),
    (
        "assignee_add",
        {"idMembers": "@alice,bob,carol"},
        "user_ids",
        "Bob",
        "Bob, Carol",
    ),
    ("assignee_remove", {"idMembers": "@alice"}, "user_ids", "Bob", ""),
    (
        "deadline",
        {"due": "2025-02-03T10:00:00.000Z"},
        "date_deadline",
        "2025-01-20 17:00:00",
        "2025-02-03 10:00:00",
    ),
    (
        "tags",
        {"idLabels": "@Frontend,Design,SEO"},
        "tag_ids",
        "Design, Frontend",
        "Design, Frontend, SEO",
    ),
]
PATHS = ("single", "incremental", "full")


class TestImportChatter(TrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.store_board(BOARD)
        self.fetch_and_tick(BOARD)
        self.backend.action_synchronize()
        self.user_bob = new_test_user(self.env, "bob_chatter", name="Bob")
        self.user_carol = new_test_user(self.env, "carol_chatter", name="Carol")
        members = self.env["trello.member"].search(
            [("backend_id", "=", self.backend.id)]
        )
        self.members = {m.username: m for m in members}
        self.members["bob"].write(
            {"user_id": self.user_bob.id, "match_method": "manual"}
        )
        self.members["carol"].write(
            {"user_id": self.user_carol.id, "match_method": "manual"}
        )
        self.card = next(
            c for c in self.store_cards(self.board["id"]) if c["name"] == CARD
        )
        self.import_path("full")  # bob becomes an assignee: the start of each case
        self.task = self.binding(self.card["id"]).odoo_id
        self.follower = self.env["res.partner"].create(
            {"name": "Follower", "email": "follower@example.com"}
        )
        self.task.message_subscribe(partner_ids=self.follower.ids)
        self.last_message = self.env["mail.message"].search(
            [], order="id desc", limit=1
        )
        self.follower_mails = self.follower_notified()

    def follower_notified(self):
        """The follower's notifications and mails (an e-mail or inbox)."""
        follower = self.follower
        return self.env["mail.notification"].search_count(
            [("res_partner_id", "=", follower.id)]
        ) + self.env["mail.mail"].search_count([("recipient_ids", "in", follower.ids)])

    def binding(self, card_id):
        return self.env["trello.project.task"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", card_id)]
        )

    def trello_values(self, values):
        """``@`` values name lists, members or labels of the board."""
        store = self.emulator.store
        out = {}
        for key, value in values.items():
            if isinstance(value, str) and value.startswith("@"):
                names = value[1:].split(",")
                if key == "idList":
                    value = next(
                        lst["id"]
                        for lst in store.lists.values()
                        if lst["idBoard"] == self.board["id"]
                        and lst["name"] == names[0]
                    )
                elif key == "idMembers":
                    by_name = {m["username"]: m["id"] for m in store.members.values()}
                    value = ",".join(by_name[n] for n in names)
                else:
                    by_name = {
                        label["name"]: label["id"]
                        for label in store.labels.values()
                        if label["idBoard"] == self.board["id"]
                    }
                    value = ",".join(by_name[n] for n in names)
            out[key] = value
        return out

    def import_path(self, path):
        if path == "single":
            self.env["trello.project.task"].import_record(self.backend, self.card["id"])
        elif path == "incremental":
            self.backend.action_synchronize()
        else:
            self.env["trello.project.project"].import_board(
                self.backend, self.board["id"], full=True
            )

    def new_notes(self):
        return self.env["mail.message"].search(
            [
                ("id", ">", self.last_message.id),
                ("model", "=", "project.task"),
                # Odoo's "You have been assigned" too: an import sends none
                ("res_id", "=", self.task.id),
            ]
        )

    @staticmethod
    def tracked(message):
        """``{field: (old, new)}`` as the chatter shows them."""
        shown = {}
        for value in message.tracking_value_ids:
            name = value.field_id.name
            if value.field_id.ttype == "datetime":
                old, new = value.old_value_datetime, value.new_value_datetime
                shown[name] = (str(old or ""), str(new or ""))
            else:
                shown[name] = (value.old_value_char or "", value.new_value_char or "")
        return shown

    def test_each_change_on_each_path_is_one_note(self):
        bob_partner = self.user_bob.partner_id
        odoobot = self.env.ref("base.partner_root")
        for path in PATHS:
            for name, values, field, old, new in CHANGES:
                with self.subTest(path=path, change=name):
                    self.reset_card()
                    self.as_person(
                        "PUT", f"cards/{self.card['id']}", **self.trello_values(values)
                    )
                    self.import_path(path)
                    notes = self.new_notes()
                    self.assertEqual(len(notes), 1, notes.mapped("body"))
                    self.assertEqual(self.tracked(notes), {field: (old, new)})
                    self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
                    self.assertEqual(notes.message_type, "notification")
                    if path == "incremental":
                        self.assertEqual(notes.author_id, bob_partner)
                        self.assertEqual(notes.body, "<p>Changed in Trello</p>")
                        self.assertEqual(
                            notes.sudo().trello_changed_by_ids, self.members["bob"]
                        )
                    else:
                        self.assertEqual(notes.author_id, odoobot)
                        self.assertEqual(notes.body, "<p>Changed in Trello</p>")
                    self.assertFalse(notes.notification_ids)
                    self.assertFalse(notes.partner_ids)
                    self.assertEqual(self.follower_notified(), self.follower_mails)
                    self.last_message = notes

    def reset_card(self):
        """Put the card back as the case starts, and import it (no note)."""
        self.as_person(
            "PUT",
            f"cards/{self.card['id']}",
            **self.trello_values(
                {
                    "name": CARD,
                    "idList": "@Doing",
                    "idMembers": "@alice,bob",
                    "due": "2025-01-20T17:00:00.000Z",
                    "idLabels": "@Frontend,Design",
                }
            ),
        )
        self.import_path("full")
        self.last_message = self.env["mail.message"].search(
            [], order="id desc", limit=1
        )

    def test_unmapped_member_is_named(self):
        self.members["bob"].write({"user_id": False, "match_method": False})
        self.as_person("PUT", f"cards/{self.card['id']}", name="Renamed by Bob")
        self.import_path("incremental")
        notes = self.new_notes()
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(notes.body, "<p>Changed in Trello by Bob Lee</p>")
        self.assertEqual(self.tracked(notes), {"name": (CARD, "Renamed by Bob")})
        # erased: the note no longer names him
        self.members["bob"].action_erase_personal_data()
        self.assertEqual(notes.body, "<p>Changed in Trello by Erased Trello member</p>")

    def test_several_changes_one_note_per_import(self):
        card = f"cards/{self.card['id']}"
        self.as_person("PUT", card, name="Hero banner v3")
        self.as_person("PUT", card, **self.trello_values({"idList": "@Review"}))
        self.as_person("PUT", card, **self.trello_values({"idLabels": "@SEO"}))
        self.import_path("incremental")
        notes = self.new_notes()
        self.assertEqual(len(notes), 1)
        self.assertEqual(
            self.tracked(notes),
            {
                "name": (CARD, "Hero banner v3"),
                "stage_id": ("Doing", "Review"),
                "tag_ids": ("Design, Frontend", "SEO"),
            },
        )

    def test_no_note_when_nothing_changed(self):
        """Each path notes a change once; read again unchanged: no note."""
        for path in PATHS:
            with self.subTest(path=path):
                self.as_person(
                    "PUT", f"cards/{self.card['id']}", name=f"Renamed ({path})"
                )
                self.import_path(path)
                self.assertEqual(len(self.new_notes()), 1)
                self.last_message = self.new_notes()
                for again in PATHS:
                    self.import_path(again)
                    self.assertFalse(self.new_notes(), again)
        # a change of no tracked field (the description) brings none
        self.as_person("PUT", f"cards/{self.card['id']}", desc="Other words")
        self.import_path("incremental")
        self.assertFalse(self.new_notes())

    def test_no_note_for_the_echo_of_an_export(self):
        self.task.with_context(tracking_disable=True).name = "Renamed in Odoo"
        self.task.trello_export()
        self.assertEqual(self.store_card_name(), "Renamed in Odoo")
        self.last_message = self.env["mail.message"].search(
            [], order="id desc", limit=1
        )
        for path in PATHS:
            with self.subTest(path=path):
                self.import_path(path)
                self.assertFalse(self.new_notes())
        # what bob changes after the echo is noted
        self.as_person("PUT", f"cards/{self.card['id']}", name="Renamed by Bob")
        self.import_path("incremental")
        self.assertEqual(
            self.tracked(self.new_notes()),
            {"name": ("Renamed in Odoo", "Renamed by Bob")},
        )

    def test_created_tasks_get_no_note(self):
        """Created and renamed in one import: no note; renamed later: one."""
        done = self.trello_values({"idList": "@Done"})["idList"]
        created = self.as_person("POST", "cards", idList=done, name="New in Trello")
        self.as_person("PUT", f"cards/{created['id']}", name="New in Trello (2)")
        self.import_path("incremental")
        task = self.binding(created["id"]).odoo_id
        self.assertEqual(task.name, "New in Trello (2)")
        domain = [("model", "=", "project.task"), ("res_id", "=", task.id)]
        self.assertFalse(self.env["mail.message"].search(domain))
        self.as_person("PUT", f"cards/{created['id']}", name="New in Trello (3)")
        self.import_path("incremental")
        notes = self.env["mail.message"].search(domain)
        self.assertEqual(
            self.tracked(notes), {"name": ("New in Trello (2)", "New in Trello (3)")}
        )

    def store_card_name(self):
        return self.emulator.store.cards[self.card["id"]]["name"]

    def test_check_item_done_and_board_renamed(self):
        """A sub-task (a check item) and a project (a board) get notes too."""
        checklist = next(
            c
            for c in self.emulator.store.checklists.values()
            if c["idCard"] == self.card["id"]
        )
        item = next(i for i in checklist["checkItems"] if i["state"] != "complete")
        self.as_person(
            "PUT", f"cards/{self.card['id']}/checkItem/{item['id']}", state="complete"
        )
        self.as_person("PUT", f"boards/{self.board['id']}", name="Website 2025")
        self.import_path("incremental")
        sub_task = (
            self.env["trello.checkitem"]
            .search([("external_id", "=", item["id"])])
            .odoo_id
        )
        project = self.task.project_id
        for record, expected in (
            (sub_task, {"state": ("In Progress", "Done")}),
            (project, {"name": (BOARD, "Website 2025")}),
        ):
            with self.subTest(record=record._name):
                notes = self.env["mail.message"].search(
                    [
                        ("id", ">", self.last_message.id),
                        ("model", "=", record._name),
                        ("res_id", "=", record.id),
                    ]
                )
                self.assertEqual(len(notes), 1)
                self.assertEqual(self.tracked(notes), expected)
                self.assertEqual(notes.author_id, self.user_bob.partner_id)

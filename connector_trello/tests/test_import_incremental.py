# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import TrelloCase

BOARD = "Website relaunch"


class TestImportIncremental(TrelloCase):
    """Changes made in Trello by a person reach Odoo through board actions.

    These tests change the emulator on loopback (as the second member, with
    their own token), so the emulator is re-seeded before each test.
    """

    def setUp(self):
        super().setUp()
        self.import_board_named(BOARD)
        self.emulator.reset_counters()

    def test_no_change_costs_one_request_and_writes_nothing(self):
        checkpoint = self.binding.last_action_id
        # The backend's chatter keeps the run's summary (its history); the
        # synchronized records get no message.
        synced = [("model", "!=", "trello.backend")]
        messages = self.env["mail.message"].search_count(synced)
        self.backend.action_synchronize()
        self.assertEqual(self.request_count(), 1)
        self.assertEqual(self.binding.last_action_id, checkpoint)
        self.assertEqual(self.env["mail.message"].search_count(synced), messages)

    def test_changes_in_trello_reach_odoo(self):
        open_cards = [c for c in self.store_cards(self.board["id"]) if not c["closed"]]
        renamed, moved, archived, deleted = open_cards[:4]
        done = self.list_named("Done")
        self.as_person("PUT", f"cards/{renamed['id']}", name="Renamed in Trello")
        self.as_person("PUT", f"cards/{moved['id']}", idList=done["id"])
        self.as_person("PUT", f"cards/{archived['id']}", closed="true")
        self.as_person("DELETE", f"cards/{deleted['id']}")
        comment = self.as_person(
            "POST", f"cards/{renamed['id']}/actions/comments", text="Looks **good**"
        )
        created = self.as_person(
            "POST", "cards", idList=done["id"], name="Created in Trello"
        )
        new_list = self.as_person(
            "POST", f"boards/{self.board['id']}/lists", name="QA", pos="bottom"
        )
        checklist = next(
            c
            for c in self.emulator.store.checklists.values()
            if c["idBoard"] == self.board["id"] and c["checkItems"]
        )
        item = next(i for i in checklist["checkItems"] if i["state"] != "complete")
        self.as_person(
            "PUT",
            f"cards/{checklist['idCard']}/checkItem/{item['id']}",
            state="complete",
        )
        self.emulator.reset_counters()

        self.backend.action_synchronize()

        # The actions page, one board read (a list was created) and one batch
        # of changed cards: the cost follows the changes, not the board.
        self.assertLessEqual(self.request_count(), 3)
        self.assertEqual(self.card_binding(renamed["id"]).name, "Renamed in Trello")
        self.assertEqual(self.card_binding(moved["id"]).stage_id.name, "Done")
        in_done = sorted(
            (
                c
                for c in self.store_cards(self.board["id"])
                if c["idList"] == done["id"] and not c["closed"]
            ),
            key=lambda card: (card["pos"], card["id"]),
        )
        done_tasks = self.env["trello.project.task"].search(
            [
                ("project_binding_id", "=", self.binding.id),
                ("stage_id.name", "=", "Done"),
            ]
        )
        self.assertEqual(
            done_tasks.sorted("sequence").mapped("external_id"),
            [c["id"] for c in in_done],
        )
        archived_task = self.card_binding(archived["id"])
        self.assertFalse(archived_task.active)
        self.assertFalse(archived_task.trello_deleted)
        deleted_task = self.card_binding(deleted["id"])
        self.assertTrue(deleted_task.exists(), "nothing is unlinked")
        self.assertFalse(deleted_task.active)
        self.assertTrue(deleted_task.trello_deleted)
        created_task = self.card_binding(created["id"])
        self.assertEqual(created_task.name, "Created in Trello")
        self.assertEqual(created_task.project_id, self.binding.odoo_id)
        stage = self.env["trello.project.task.type"].search(
            [("external_id", "=", new_list["id"])]
        )
        self.assertEqual(stage.project_ids, self.binding.odoo_id)
        self.assertEqual(
            stage.sequence,
            max(
                self.env["trello.project.task.type"]
                .search([("project_binding_id", "=", self.binding.id)])
                .mapped("sequence")
            ),
        )
        note = self.env["trello.mail.message"].search(
            [("external_id", "=", comment["id"])]
        )
        self.assertEqual(note.res_id, self.card_binding(renamed["id"]).odoo_id.id)
        self.assertIn("<strong>good</strong>", note.body)
        self.assertEqual(note.trello_member_id.username, "bob")
        subtask = self.env["trello.checkitem"].search(
            [("external_id", "=", item["id"])]
        )
        self.assertEqual(subtask.state, "1_done")
        newest = max(
            (a for a in self.emulator.store.actions.values()),
            key=lambda action: action["id"],
        )
        self.assertEqual(self.binding.last_action_id, newest["id"])

        # Again: nothing new, one request, no duplicate comment.
        self.emulator.reset_counters()
        self.backend.action_synchronize()
        self.assertEqual(self.request_count(), 1)
        self.assertEqual(
            self.env["trello.mail.message"].search_count(
                [("external_id", "=", comment["id"])]
            ),
            1,
        )

    def test_edited_and_deleted_comments(self):
        card = next(c for c in self.store_cards(self.board["id"]) if not c["closed"])
        comment = self.as_person(
            "POST", f"cards/{card['id']}/actions/comments", text="First words"
        )
        self.backend.action_synchronize()
        note = self.env["trello.mail.message"].search(
            [("external_id", "=", comment["id"])]
        )
        self.assertIn("First words", note.body)
        self.as_person("PUT", f"actions/{comment['id']}", text="Second thoughts")
        self.backend.action_synchronize()
        self.assertIn("Second thoughts", note.body)
        self.assertEqual(
            self.env["trello.mail.message"].search_count(
                [("external_id", "=", comment["id"])]
            ),
            1,
        )
        self.as_person("DELETE", f"actions/{comment['id']}")
        self.backend.action_synchronize()
        self.assertTrue(note.trello_deleted)

    def test_deleted_label_leaves_the_tasks_of_its_board(self):
        label = next(
            label
            for label in self.emulator.store.labels.values()
            if label["idBoard"] == self.board["id"]
            and any(
                label["id"] in c["idLabels"] for c in self.store_cards(self.board["id"])
            )
        )
        binding = self.env["trello.project.tags"].search(
            [("external_id", "=", label["id"])]
        )
        tasks = self.env["project.task"].search(
            [("tag_ids", "in", binding.odoo_id.ids)]
        )
        self.assertTrue(tasks)
        self.as_person("DELETE", f"labels/{label['id']}")
        self.backend.action_synchronize()
        self.assertTrue(binding.trello_deleted)
        self.assertTrue(binding.odoo_id.exists(), "tags are shared: never unlinked")
        self.assertFalse(tasks.filtered(lambda t: binding.odoo_id in t.tag_ids))

    def test_mapping_a_member_later_assigns_their_cards(self):
        bob = self.backend.member_ids.filtered(lambda m: m.username == "bob")
        self.assertFalse(bob.user_id, "no Odoo user matches bob in this test")
        bob_cards = [
            c["id"]
            for c in self.store_cards(self.board["id"])
            if bob.external_id in c["idMembers"]
        ]
        self.assertTrue(bob_cards, "the demo seed assigns cards to bob")
        user = self.env["res.users"].create({"name": "Robert", "login": "robert"})
        bob.user_id = user
        self.assertEqual(bob.match_method, "manual")
        for card_id in bob_cards:
            self.assertIn(user, self.card_binding(card_id).user_ids)
        self.assertEqual(self.request_count(), 0, "no request to Trello")
        other = self.env["res.users"].create({"name": "Other", "login": "other"})
        bob.user_id = other
        for card_id in bob_cards:
            self.assertNotIn(user, self.card_binding(card_id).user_ids)
            self.assertIn(other, self.card_binding(card_id).user_ids)

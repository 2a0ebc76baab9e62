# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Texts over Trello's limits are shortened, marked, and kept whole in Odoo."""

from markupsafe import Markup

from ..tools import TEXT_LIMIT, TRUNCATION_MARKER
from .common_export import TrelloExportCase

LONG_NAME = "A very long name " * 1100  # 18,700 characters
LONG_WORDS = "word " * 43200  # 216,000 characters


class TestTextLimits(TrelloExportCase):
    def assert_shortened(self, text):
        self.assertLessEqual(len(text), TEXT_LIMIT)
        self.assertTrue(text.endswith(TRUNCATION_MARKER), text[-60:])

    def test_long_name_and_description_are_shortened_and_kept_in_odoo(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        description = Markup("<p>%s</p>") % LONG_WORDS.strip()
        task.write({"name": LONG_NAME, "description": description})
        task.trello_export()
        card = self.store_card(card["id"])
        self.assert_shortened(card["name"])
        self.assert_shortened(card["desc"])
        self.assertTrue(LONG_NAME.startswith(card["name"][: TEXT_LIMIT - 100]))
        # the import keeps Odoo's full texts, and writes nothing
        self.sync_writes_nothing(task)
        self.assertEqual(task.name, LONG_NAME)
        self.assertEqual(len(task.description), len(description))
        # and the export after it sends nothing
        self.emulator.reset_counters()
        task.trello_export()
        self.assertEqual(self.request_count(), 0)

    def test_a_change_in_trello_still_reaches_odoo(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        task.name = LONG_NAME
        task.trello_export()
        self.as_person("PUT", f"cards/{card['id']}", name="Short again")
        self.backend.action_synchronize()
        self.assertEqual(task.name, "Short again")

    def test_long_check_item_and_comment(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        sub_task = self.env["project.task"].create(
            {"name": LONG_NAME, "parent_id": task.id, "project_id": self.project.id}
        )
        sub_task.trello_export()
        binding = sub_task.trello_checkitem_bind_ids
        checklist = self.emulator.store.checklists[binding.checklist_external_id]
        item = next(
            i for i in checklist["checkItems"] if i["id"] == binding.external_id
        )
        self.assert_shortened(item["name"])
        admin = self.env.ref("base.user_admin")
        message = (
            task.with_user(admin)
            .message_post(
                body=Markup("<p>%s</p>") % LONG_WORDS.strip(),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            .sudo()
        )
        message.trello_export()
        comment = self.emulator.store.actions[message.trello_bind_ids.external_id]
        self.assert_shortened(comment["data"]["text"])
        self.backend.action_synchronize()
        self.assertEqual(sub_task.name, LONG_NAME)
        self.assertIn(LONG_WORDS.strip()[-50:], message.body)


class TestNameLimits(TrelloExportCase):
    """Names and descriptions of boards, lists and labels over Trello's
    limit: shortened in Trello, whole in Odoo, an import leaves them."""

    def setUp(self):
        super().setUp()
        self.stage = self.stage_named("Review")
        self.tag = (
            self.env["trello.project.tags"]
            .search(
                [("project_binding_id", "=", self.binding.id), ("name", "=", "Backend")]
            )
            .odoo_id
        )

    def cases(self):
        """(what, Odoo record, field, Odoo value, Trello text getter, the
        Trello route and parameter that change it there)."""
        store = self.emulator.store
        board_id = self.board["id"]
        list_id = self.stage.trello_bind_ids.external_id
        label_id = self.tag.trello_bind_ids.external_id
        long_html = Markup("<p>%s</p>") % LONG_WORDS.strip()
        return [
            (
                "board name",
                self.project,
                "name",
                LONG_NAME,
                lambda: store.boards[board_id]["name"],
                (f"boards/{board_id}", "name"),
            ),
            (
                "board description",
                self.project,
                "description",
                long_html,
                lambda: store.boards[board_id]["desc"],
                (f"boards/{board_id}", "desc"),
            ),
            (
                "list name",
                self.stage,
                "name",
                LONG_NAME,
                lambda: store.lists[list_id]["name"],
                (f"lists/{list_id}", "name"),
            ),
            (
                "label name",
                self.tag,
                "name",
                LONG_NAME + " label",
                lambda: store.labels[label_id]["name"],
                (f"labels/{label_id}", "name"),
            ),
        ]

    def import_board(self):
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=True
        )
        self.env.invalidate_all()

    def test_shortened_in_trello_whole_in_odoo(self):
        for what, record, field, value, trello_text, __ in self.cases():
            with self.subTest(what=what):
                record.write({field: value})
                record.trello_export()
                text = trello_text()
                self.assertLessEqual(len(text), TEXT_LIMIT)
                self.assertTrue(text.endswith(TRUNCATION_MARKER), text[-60:])
                # a change in Trello makes the board be read again
                card = self.card_named("Rework the navigation")
                self.as_person("PUT", f"cards/{card['id']}", desc=f"Read {what}")
                self.import_board()
                self.env.flush_all()
                self.assertEqual(len(record[field]), len(value), "kept whole")

    def test_a_change_in_trello_still_reaches_odoo(self):
        for what, record, field, value, __, (path, key) in self.cases():
            with self.subTest(what=what):
                record.write({field: value})
                record.trello_export()
                self.as_person("PUT", path, **{key: f"Short {what}"})
                self.import_board()
                self.assertIn(f"Short {what}", record[field])

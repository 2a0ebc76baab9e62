# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A text shortened for Trello is attached whole to its card, as Markdown.

Issue 17: over Trello's limit a text is shortened with a visible marker,
kept whole in Odoo, "and attached to the card as a Markdown file". One file
per text, whatever happens: an export again replaces it, a lost answer does
not make two, and the import neither makes it an Odoo attachment nor cuts
Odoo's text.
"""

from markupsafe import Markup

from ..tools import TEXT_LIMIT, TRUNCATION_MARKER
from .test_export_exactly_once import AFTER_WRITE_FAULTS, ExactlyOnceCase

LONG_WORDS = "word " * 4000  # 20,000 characters
OTHER_WORDS = "other " * 3000  # 18,000 characters
ROUTE = "/1/cards/*/attachments"


class TestFullTextFiles(ExactlyOnceCase):
    def setUp(self):
        super().setUp()
        self.card = self.card_named("Rework the navigation")
        self.task = self.card_binding(self.card["id"]).odoo_id

    def md_files(self, card_id=None):
        """The Markdown files of the card in Trello."""
        card_id = card_id or self.card["id"]
        return [
            attachment
            for attachment in self.emulator.store.attachments.values()
            if attachment.get("_idCard") == card_id
            and attachment["name"].endswith(".md")
        ]

    def odoo_md_attachments(self):
        return self.count(
            "ir.attachment",
            [
                ("res_model", "=", "project.task"),
                ("res_id", "in", (self.task | self.task.child_ids).ids),
                ("name", "=like", "%.md"),
            ],
        )

    def describe(self, words):
        self.task.description = Markup("<p>%s</p>") % words.strip()

    def assert_one_file(self, words):
        files = self.md_files()
        self.assertEqual(len(files), 1, [f["name"] for f in files])
        self.assertEqual(files[0]["_content"].decode(), words.strip())
        return files[0]

    def test_long_description_is_attached_once_and_replaced(self):
        self.describe(LONG_WORDS)
        self.task.trello_export()
        card = self.store_card(self.card["id"])
        self.assertTrue(card["desc"].endswith(TRUNCATION_MARKER))
        first = self.assert_one_file(LONG_WORDS)
        # the import: no Odoo attachment, Odoo's text whole, nothing written
        self.sync_writes_nothing(self.task)
        self.full_import()
        self.assertEqual(self.odoo_md_attachments(), 0)
        self.assertIn(LONG_WORDS.strip()[-40:], self.task.description)
        # an export with nothing new sends nothing
        self.emulator.reset_counters()
        self.task.trello_export()
        self.assertEqual(self.request_count(), 0)
        # a new long text replaces the file
        self.describe(OTHER_WORDS)
        self.task.trello_export()
        second = self.assert_one_file(OTHER_WORDS)
        self.assertNotEqual(first["id"], second["id"])
        self.full_import()
        self.assertEqual(self.odoo_md_attachments(), 0)
        # a text short again: the file goes
        self.task.description = Markup("<p>Short again</p>")
        self.task.trello_export()
        self.assertEqual(self.md_files(), [])

    def test_a_change_past_the_limit_only_replaces_the_file(self):
        """The shortened text is the same: the card is not written, the
        file is replaced."""
        self.describe(LONG_WORDS)
        self.task.trello_export()
        self.describe(LONG_WORDS + "tail")
        self.task.trello_export()
        self.assert_one_file(LONG_WORDS + "tail")

    def test_a_lost_answer_makes_one_file_and_no_odoo_attachment(self):
        for number, (label, fault) in enumerate(AFTER_WRITE_FAULTS.items()):
            with self.subTest(fault=label):
                words = f"fault{number} " * 2500
                self.describe(words)

                def export():
                    # on the retry, an import first: it meets the file the
                    # first try made, not bound yet
                    self.full_import()
                    self.task.trello_export()

                runs = self.run_until_done(
                    export,
                    first_fault=fault and fault.format(route=ROUTE),
                    later_error=fault is None,
                )
                self.assertEqual(runs, 2, "the first try failed, the second passed")
                self.assert_one_file(words)
                self.full_import()
                self.assertEqual(self.odoo_md_attachments(), 0)

    def test_long_check_item_and_comment_are_attached(self):
        sub_task = self.env["project.task"].create(
            {
                "name": LONG_WORDS.strip(),
                "parent_id": self.task.id,
                "project_id": self.project.id,
            }
        )
        sub_task.trello_export()
        admin = self.env.ref("base.user_admin")
        message = (
            self.task.with_user(admin)
            .message_post(
                body=Markup("<p>%s</p>") % OTHER_WORDS.strip(),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            .sudo()
        )
        message.trello_export()
        contents = sorted(f["_content"].decode() for f in self.md_files())
        self.assertEqual(len(contents), 2)
        self.assertEqual(contents[1], LONG_WORDS.strip())
        self.assertTrue(contents[0].endswith(OTHER_WORDS.strip()))
        self.assertGreater(len(contents[0]), TEXT_LIMIT)
        self.full_import()
        self.assertEqual(self.odoo_md_attachments(), 0)
        self.assertEqual(sub_task.name, LONG_WORDS.strip())
        # exported again: nothing sent, still two files
        self.emulator.reset_counters()
        sub_task.trello_export()
        message.trello_export()
        self.assertEqual(self.request_count(), 0)
        self.assertEqual(len(self.md_files()), 2)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The connector's notes on a record's chatter: one form, whoever's
synchronization posts them (``chatter.post_connector_note``)."""

from unittest.mock import patch

from markupsafe import Markup

from odoo.tests import new_test_user
from odoo.tools import html2plaintext

from .. import chatter
from ..chatter import post_connector_note
from ..client import TrelloClient
from .hardening_common import SupportBoardCase

ACME = "ACME cannot download invoice"


class TestConnectorNotes(SupportBoardCase):
    def setUp(self):
        super().setUp()
        self.card = self.store_card(ACME)
        self.alice = self.emulator.member_id
        self.manager = new_test_user(
            self.env,
            login="sync-manager",
            groups="connector.group_connector_manager,project.group_project_manager",
        )

    def upload(self, file_name):
        return self.store.add_attachment(
            self.alice,
            self.card,
            content=b"Text\n",
            mime_type="text/plain",
            file_name=file_name,
        )

    def assert_connector_note(self, record, paragraphs):
        """One note of the connector on ``record``: OdooBot's, an internal
        note, one paragraph each, and no follower added."""
        text = " ".join(paragraphs)
        notes = record.message_ids.filtered(
            lambda m: " ".join(html2plaintext(m.body or "").split()) == text
        )
        self.assertEqual(len(notes), 1, self.texts(record.message_ids))
        self.assertEqual(
            (notes.author_id, notes.subtype_id, notes.message_type, notes.body),
            (
                self.env.ref("base.partner_root"),
                self.env.ref("mail.mt_note"),
                "comment",
                Markup("").join(Markup("<p>%s</p>") % p for p in paragraphs),
            ),
        )
        self.assertNotIn(self.manager.partner_id, record.message_partner_ids)

    def test_an_import_run_by_a_manager_posts_the_connector_notes(self):
        """The notes of an import are the connector's, not signed by the
        manager whose synchronization (or job) posts them: a file deleted
        in Trello, a file gone before its download."""
        deleted = self.upload("invoice.txt")
        self.backend.action_synchronize()
        task = self.task_of(self.card)
        self.store.delete_attachment(self.alice, self.card, deleted)
        gone = self.upload("minutes.txt")
        download = TrelloClient.download
        store, card = self.store, self.card

        def download_after_deletion(client, url, max_bytes=None, **kwargs):
            if gone["id"] in url and gone["id"] in store.attachments:
                store.delete_attachment(self.alice, card, gone)
            return download(client, url, max_bytes, **kwargs)

        with patch.object(TrelloClient, "download", download_after_deletion):
            self.backend.with_user(self.manager).action_synchronize()
        task.invalidate_recordset()
        for text in (
            "The attachment invoice.txt was deleted in Trello.",
            "The file minutes.txt of the Trello card could not be downloaded: "
            "Trello no longer has it. It was skipped.",
        ):
            with self.subTest(text):
                self.assert_connector_note(task, [text])

    def test_a_text_a_list_of_texts_or_markup(self):
        """A text is escaped into a paragraph, a list gives one paragraph
        each, Markup is posted as it is."""
        project = self.env["project.project"].create({"name": "Notes"})
        task = self.env["project.task"].create(
            {"name": "Notes", "project_id": project.id}
        )
        post_connector_note(task, "Kept <b>as text</b>")
        post_connector_note(task, ["One.", "Two."])
        message = post_connector_note(task, Markup("<p>As <b>HTML</b></p>"))
        self.assert_connector_note(task, ["Kept <b>as text</b>"])
        self.assert_connector_note(task, ["One.", "Two."])
        self.assertEqual(message.body, Markup("<p>As <b>HTML</b></p>"))

    def test_a_record_without_a_chatter_gets_a_log_line(self):
        country = self.env.ref("base.be")
        with patch.object(chatter._logger, "info") as info:
            self.assertIsNone(post_connector_note(country, ["One.", "Two."]))
        info.assert_called_once_with("%s: %s", country, "One. Two.")

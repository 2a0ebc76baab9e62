# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the user sees of a comment or an attachment deleted in Trello."""

from .hardening_common import SupportBoardCase

ACME = "ACME cannot download invoice"
COMMENT = "I am looking into it."


class TestDeletedInTrello(SupportBoardCase):
    def setUp(self):
        super().setUp()
        self.card = self.store_card(ACME)
        self.alice = self.emulator.member_id

    def test_a_deleted_comment_leaves_the_chatter(self):
        self.backend.action_synchronize()
        task = self.task_of(self.card)
        self.assertIn(COMMENT, self.texts(task.message_ids))
        comment = next(
            action
            for action in self.store.actions.values()
            if action["type"] == "commentCard" and action["data"]["text"] == COMMENT
        )
        self.store.delete_comment(self.alice, comment)
        self.backend.action_synchronize()
        task.invalidate_recordset()
        texts = self.texts(task.message_ids)
        self.assertNotIn(COMMENT, texts)
        self.assertIn("This comment was deleted in Trello.", texts)
        binding = self.env["trello.mail.message"].search(
            [("external_id", "=", comment["id"])]
        )
        self.assertFalse(binding.trello_text, "the deleted text is not kept")

    def test_a_deleted_attachment_leaves_the_task(self):
        upload = self.store.add_attachment(
            self.alice,
            self.card,
            content=b"Invoice\n",
            mime_type="text/plain",
            file_name="invoice.txt",
        )
        link = self.store.add_attachment(
            self.alice, self.card, url="https://example.com/acme", name="ACME site"
        )
        self.backend.action_synchronize()
        task = self.task_of(self.card)
        self.assertEqual(
            sorted(self.task_attachments(task).mapped("name")),
            ["ACME site", "invoice.txt"],
        )
        self.store.delete_attachment(self.alice, self.card, upload)
        self.store.delete_attachment(self.alice, self.card, link)
        self.backend.action_synchronize()
        self.assertFalse(self.task_attachments(task))
        self.assertFalse(
            self.env["trello.ir.attachment"].search(
                [("external_id", "in", [upload["id"], link["id"]])]
            )
        )
        texts = self.texts(task.message_ids)
        self.assertIn("The attachment invoice.txt was deleted in Trello.", texts)
        self.assertIn("The attachment ACME site was deleted in Trello.", texts)

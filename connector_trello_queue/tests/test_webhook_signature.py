# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import BaseCase

from ..controllers.webhook import board_id_of, signature_is_valid, webhook_signature

# The worked example of docs/trello-api.md §1.9 (Trello's documented scheme)
SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
CALLBACK = "https://odoo.example.com/trello/webhook"
BODY = b'{"action":{"type":"commentCard"},"model":{"id":"5abbe4b7ddc1b351ef961414"}}'
BODY_UTF8 = '{"action":{"data":{"text":"café – ok"}}}'.encode()


class TestWebhookSignature(BaseCase):
    def test_worked_examples(self):
        self.assertEqual(
            webhook_signature(SECRET, BODY, CALLBACK), "ua9mYh0lZlbyLTdEZqzSDLVMfk0="
        )
        self.assertEqual(
            webhook_signature(SECRET, BODY_UTF8, CALLBACK),
            "EMHubc6zU8GleHQhip3+/wXm2TU=",
        )

    def test_verification(self):
        good = "ua9mYh0lZlbyLTdEZqzSDLVMfk0="
        self.assertTrue(signature_is_valid(SECRET, BODY, {CALLBACK}, good))
        self.assertTrue(
            signature_is_valid(
                SECRET, BODY, {"https://old.example.com/x", CALLBACK}, good
            )
        )
        # another body, URL or secret, or no signature at all
        self.assertFalse(signature_is_valid(SECRET, BODY + b" ", {CALLBACK}, good))
        self.assertFalse(signature_is_valid(SECRET, BODY, {CALLBACK + "/"}, good))
        self.assertFalse(signature_is_valid(SECRET[::-1], BODY, {CALLBACK}, good))
        self.assertFalse(signature_is_valid(SECRET, BODY, {CALLBACK}, ""))
        self.assertFalse(signature_is_valid("", BODY, {CALLBACK}, good))
        self.assertFalse(signature_is_valid(SECRET, BODY, {CALLBACK}, "é" * 28))

    def test_no_secret_verifies_nothing(self):
        """A cleared secret refuses even what the empty key signs."""
        for secret in ("", False, None):
            with self.subTest(secret=secret):
                signed = webhook_signature(secret or "", BODY, CALLBACK)
                self.assertFalse(signature_is_valid(secret, BODY, {CALLBACK}, signed))

    def test_board_id_of(self):
        board = "5abbe4b7ddc1b351ef961414"
        self.assertEqual(
            board_id_of({"action": {"data": {"board": {"id": board}}}, "model": {}}),
            board,
        )
        self.assertEqual(board_id_of({"action": {}, "model": {"id": board}}), board)
        for payload in (
            [],
            "x",
            {"action": {"data": {"board": {"id": "../../etc"}}}},
            {"model": {"id": 12}},
            {},
        ):
            with self.subTest(payload=payload):
                self.assertIsNone(board_id_of(payload))

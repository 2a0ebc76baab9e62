# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A board's webhook is registered once, whatever failed after the POST.

Trello keeps one webhook per token, model and callback URL: a second ``POST``
answers 400 "A webhook with that callback, model, and token already exists".
A first registration whose answer was lost (or whose transaction was rolled
back after the ``POST``) must not leave the board unregistered with that
error on the next click: the next click binds the webhook Trello made.
"""

from odoo.tools import mute_logger

from .common import BOARD, QueueTrelloCase

ROUTE = "/1/webhooks"
#: How the first click fails after Trello made the webhook (None: the
#: registration goes through, then the click's transaction is rolled back).
FIRST_TRY = {
    "answer cut short": f"truncate:1@POST {ROUTE}",
    "500 after the write": f"500-after:1@POST {ROUTE}",
    "503 after the write": f"503-after:1@POST {ROUTE}",
    "connection dropped after the write": f"drop-after:1@POST {ROUTE}",
    "later error in the transaction": None,
}


class LaterError(Exception):
    """What rolls the first click back after Trello made the webhook."""


class TestWebhookExactlyOnce(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.fetch_and_tick(BOARD)
        self.backend.webhook_base_url = self.base_url()
        self.callback_url = self.backend._webhook_callback_url()

    def board_hooks(self):
        return [
            hook
            for hook in self.emulator.store.webhooks.values()
            if hook["idModel"] == self.board.external_id
        ]

    def assert_bound_once(self, action):
        hooks = self.board_hooks()
        self.assertEqual(len(hooks), 1, "one webhook in Trello")
        self.assertEqual(action["params"]["title"], "Webhooks registered")
        self.assertEqual(self.board.webhook_external_id, hooks[0]["id"])
        self.assertEqual(self.board.webhook_callback_url, self.callback_url)
        self.assertFalse(self.board.webhook_error)
        self.assertEqual(self.board.webhook_state, "active")

    def first_click(self, fault):
        """Register with ``fault`` striking after Trello made the webhook."""
        with mute_logger("odoo.addons.connector_trello.client"):
            if fault:
                self.emulator.set_faults(fault)
                try:
                    action = self.backend.action_register_webhooks()
                finally:
                    self.emulator.set_faults(None)
                # the title names the backend (the error sentences' work)
                self.assertTrue(
                    action["params"]["title"].startswith("Cannot register the webhooks")
                )
                return
            with self.assertRaises(LaterError), self.env.cr.savepoint():
                self.backend.action_register_webhooks()
                self.env.flush_all()
                raise LaterError()
        self.env.invalidate_all()

    def test_retry_binds_the_webhook_the_first_try_made(self):
        for case, fault in FIRST_TRY.items():
            with self.subTest(case=case):
                self.emulator.store.webhooks.clear()
                self.board.write(
                    {
                        "webhook_external_id": False,
                        "webhook_callback_url": False,
                        "webhook_error": False,
                    }
                )
                self.forget_create_intents()
                self.first_click(fault)
                self.assertEqual(len(self.board_hooks()), 1, "Trello made it")
                self.assertFalse(self.board.webhook_external_id)
                self.emulator.reset_counters()
                self.assert_bound_once(self.backend.action_register_webhooks())
                # the retry posted nothing: it read the token's webhooks
                # once, or none when the first try had Trello's answer
                counters = self.emulator.counters()
                expected = {"GET /1/tokens/{token}/webhooks": 1} if fault else {}
                self.assertEqual(counters["by_route"], expected)

    def test_existing_webhook_is_bound(self):
        """Trello has the webhook already (made by an earlier database, or an
        intent lost with its database): its 400 binds it."""
        hook = self.emulator.store.create_webhook(
            self.emulator.token, self.board.external_id, self.callback_url
        )
        self.assert_bound_once(self.backend.action_register_webhooks())
        self.assertEqual(self.board.webhook_external_id, hook["id"])

    def test_other_webhooks_of_the_token_are_left_alone(self):
        """Another board's webhook, or this board's at another address, is
        not taken for this one."""
        other_board = next(
            b
            for b in self.emulator.store.boards.values()
            if b["id"] != self.board.external_id
        )
        elsewhere = "http://127.0.0.1:9/connector_trello/webhook/other"
        self.emulator.store.create_webhook(
            self.emulator.token, other_board["id"], self.callback_url
        )
        self.emulator.store.create_webhook(
            self.emulator.token, self.board.external_id, elsewhere
        )
        self.first_click(f"truncate:1@POST {ROUTE}")
        self.assert_bound_once_at_url()

    def assert_bound_once_at_url(self):
        action = self.backend.action_register_webhooks()
        self.assertEqual(action["params"]["title"], "Webhooks registered")
        hooks = [h for h in self.board_hooks() if h["callbackURL"] == self.callback_url]
        self.assertEqual(len(hooks), 1)
        self.assertEqual(self.board.webhook_external_id, hooks[0]["id"])

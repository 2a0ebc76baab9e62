# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.addons.connector_trello.tests.common import DEFAULT_SECRET

from ..controllers.webhook import MAX_BODY_BYTES, webhook_signature
from ..jobs import board_import_identity
from .common import BOARD, IMPORT_CHANNEL, OTHER_BOARD, QueueTrelloCase


class TestWebhookController(QueueTrelloCase):
    """What Odoo answers to each kind of delivery, and what it delays."""

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.fetch_and_tick(BOARD)
        self.emulator.reset_counters()
        self.path = f"/connector_trello/webhook/{self.backend.id}"
        self.callback_url = self.base_url() + self.path
        # registered as action_register_webhooks would (tested end to end)
        self.board.write(
            {
                "webhook_external_id": "f" * 24,
                "webhook_callback_url": self.callback_url,
            }
        )

    def payload(self, board_id=None):
        board_id = board_id or self.board.external_id
        return json.dumps(
            {
                "action": {
                    "id": "6" * 24,
                    "type": "updateCard",
                    "data": {
                        "board": {"id": board_id, "name": "whatever it says"},
                        "card": {"id": "7" * 24, "name": "Renamed"},
                    },
                },
                "model": {"id": board_id},
            }
        ).encode()

    def deliver(self, body, signature=None, url=None, path=None, sign=True):
        headers = {"Content-Type": "application/json"}
        if sign:
            headers["X-Trello-Webhook"] = signature or webhook_signature(
                DEFAULT_SECRET, body, url or self.callback_url
            )
        return self.url_open(path or self.path, data=body, headers=headers)

    def board_jobs(self):
        return self.queued_jobs(
            identity_key=board_import_identity(self.backend, self.board.external_id)
        )

    def test_head_check(self):
        self.assertEqual(self.url_open(self.path, head=True).status_code, 200)
        self.assertEqual(
            self.url_open("/connector_trello/webhook/999999", head=True).status_code,
            404,
        )

    def test_valid_delivery_delays_one_board_import(self):
        response = self.deliver(self.payload())
        self.assertEqual(response.status_code, 200)
        job = self.board_jobs()
        self.assertEqual(len(job), 1)
        self.assertEqual(job.state, "pending")
        self.assertEqual(job.channel, IMPORT_CHANNEL)
        self.assertEqual(job.method_name, "import_board")
        self.assertEqual(job.args, [self.backend, self.board.external_id])
        self.assertEqual(job.name, f"Import Trello board «{BOARD}»")
        self.assertEqual(self.request_count(), 0, "Odoo did not call Trello")

    def test_burst_gives_one_pending_job(self):
        body = self.payload()
        for _i in range(50):
            self.assertEqual(self.deliver(body).status_code, 200)
        self.assertEqual(len(self.board_jobs()), 1)
        self.assertEqual(len(self.queued_jobs(model_name="trello.project.project")), 1)

    def test_forged_missing_and_stale_signatures(self):
        body = self.payload()
        forged = webhook_signature(DEFAULT_SECRET, body + b" ", self.callback_url)
        self.assertEqual(self.deliver(body, signature=forged).status_code, 403)
        other_secret = webhook_signature("x" * 64, body, self.callback_url)
        self.assertEqual(self.deliver(body, signature=other_secret).status_code, 403)
        self.assertEqual(self.deliver(body, sign=False).status_code, 403)
        # signed for the URL of a previous registration (another base URL)
        stale = "http://old.example.com" + self.path
        self.assertEqual(self.deliver(body, url=stale).status_code, 403)
        self.assertFalse(self.board_jobs())

    def test_unknown_archived_and_unregistered_backends(self):
        body = self.payload()
        self.assertEqual(
            self.deliver(body, path="/connector_trello/webhook/999999").status_code,
            404,
        )
        self.backend.active = False
        self.assertEqual(self.deliver(body).status_code, 410)
        self.assertEqual(self.url_open(self.path, head=True).status_code, 410)
        self.backend.active = True
        self.board.webhook_external_id = False
        self.assertEqual(self.deliver(body).status_code, 410)
        self.assertFalse(self.board_jobs())

    def test_malformed_and_oversized_bodies(self):
        self.assertEqual(self.deliver(b"{not json").status_code, 400)
        self.assertEqual(self.deliver(b'{"action": 1}').status_code, 400)
        self.assertEqual(self.deliver(self.payload("../etc/passwd")).status_code, 400)
        big = json.dumps(
            {"model": {"id": self.board.external_id}, "pad": "x" * MAX_BODY_BYTES}
        )
        self.assertEqual(self.deliver(big.encode()).status_code, 400)
        self.assertFalse(self.board_jobs())

    def test_unticked_board_and_refused_token_delay_nothing(self):
        other = self.store_board(OTHER_BOARD)
        self.assertEqual(self.deliver(self.payload(other["id"])).status_code, 200)
        self.backend.sync_error = "Trello refused the token."
        self.assertEqual(self.deliver(self.payload()).status_code, 200)
        self.assertFalse(self.queued_jobs(model_name="trello.project.project"))

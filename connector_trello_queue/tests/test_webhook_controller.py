# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import secrets
from contextlib import contextmanager

from odoo.addons.connector_trello.tests.common import DEFAULT_SECRET

from ..controllers.webhook import MAX_BODY_BYTES, webhook_signature
from .common import BOARD, IMPORT_CHANNEL, OTHER_BOARD, WebhookCase

ROUTE = "/connector_trello/webhook/"


@contextmanager
def changed(record, **values):
    """``record`` written with ``values`` for the block, then restored."""
    old = {name: record[name] for name in values}
    record.write(values)
    try:
        yield
    finally:
        record.write(old)


class TestWebhookController(WebhookCase):
    """What Odoo answers to each kind of delivery, and what it delays."""

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

    def signature(self, how, body):
        """The X-Trello-Webhook header of a delivery signed as ``how`` says."""
        url, key = self.callback_url, DEFAULT_SECRET
        if how == "none":
            return None
        if how == "forged":  # for another body
            body += b" "
        elif how == "other secret":
            key = "x" * 64
        elif how == "empty key":
            key = ""
        elif how == "stale URL":  # a previous registration's base URL
            url = "http://old.example.com" + self.path
        return webhook_signature(key, body, url)

    def answers(self, path, how):
        """The answers to HEAD and to a delivery signed as ``how``."""
        body = self.payload()
        headers = {"Content-Type": "application/json"}
        signature = self.signature(how, body)
        if signature is not None:
            headers["X-Trello-Webhook"] = signature
        head = self.url_open(path, head=True)
        post = self.url_open(path, data=body, headers=headers)
        return head, post

    def test_answers(self):
        """Who gets what: only the URL's holder learns more than 410."""
        unknown = ROUTE + secrets.token_urlsafe(32)
        by_id = ROUTE + str(self.backend.id)  # the URL of earlier versions
        backend, board = self.backend, self.board
        no_secret = {"api_secret": False}
        # case, path, (record, values written for the case), signed how,
        # HEAD's status, the delivery's status
        cases = [
            ("unknown token", unknown, None, "valid", 410, 410),
            ("backend id", by_id, None, "valid", 410, 410),
            ("no such backend id", ROUTE + "999999", None, "valid", 410, 410),
            ("archived", self.path, (backend, {"active": False}), "valid", 410, 410),
            (
                "archived, unsigned",
                self.path,
                (backend, {"active": False}),
                "none",
                410,
                410,
            ),
            (
                "no webhook registered",
                self.path,
                (board, {"webhook_external_id": False}),
                "valid",
                200,
                410,
            ),
            ("forged", self.path, None, "forged", 200, 403),
            ("other secret", self.path, None, "other secret", 200, 403),
            ("no signature", self.path, None, "none", 200, 403),
            ("stale URL", self.path, None, "stale URL", 200, 403),
            (
                "secret cleared, empty key",
                self.path,
                (backend, no_secret),
                "empty key",
                200,
                403,
            ),
            (
                "secret cleared, former key",
                self.path,
                (backend, no_secret),
                "valid",
                200,
                403,
            ),
            (
                "secret cleared, unsigned",
                self.path,
                (backend, no_secret),
                "none",
                200,
                403,
            ),
        ]
        for case, path, change, how, head_status, post_status in cases:
            record, values = change or (backend, {})
            with self.subTest(case=case), changed(record, **values):
                head, post = self.answers(path, how)
                self.assertEqual(head.status_code, head_status)
                self.assertEqual(post.status_code, post_status)
                self.assertFalse(self.board_jobs())
        # and the same delivery, validly signed, is accepted
        self.assertEqual(self.answers(self.path, "valid")[1].status_code, 200)
        self.assertEqual(len(self.board_jobs()), 1)

    def test_no_backend_and_archived_answer_alike(self):
        """An anonymous caller cannot tell an archived backend from none."""

        def seen(response):
            headers = dict(response.headers)
            for varying in ("Date", "Server"):
                headers.pop(varying, None)
            return response.status_code, response.content, headers

        body = self.payload()
        answers = {}
        for case, path in (
            ("no such token", ROUTE + secrets.token_urlsafe(32)),
            ("no such id", ROUTE + "999999"),
            ("backend id", ROUTE + str(self.backend.id)),
            ("archived", self.path),
        ):
            with changed(self.backend, active=case != "archived"):
                head, post = self.answers(path, "valid")
                unsigned = self.url_open(
                    path, data=body, headers={"Content-Type": "application/json"}
                )
                answers[case] = [seen(head), seen(post), seen(unsigned)]
        expected = answers.pop("archived")
        self.assertEqual(expected[0][0], 410)
        for case, answer in answers.items():
            with self.subTest(case=case):
                self.assertEqual(answer, expected)

    def test_malformed_and_oversized_bodies(self):
        self.assertEqual(self.deliver(b"{not json").status_code, 400)
        self.assertEqual(self.deliver(b'{"action": 1}').status_code, 400)
        self.assertEqual(self.deliver(self.payload("../etc/passwd")).status_code, 400)
        big = json.dumps(
            {"model": {"id": self.board.external_id}, "pad": "x" * MAX_BODY_BYTES}
        )
        self.assertEqual(self.deliver(big.encode()).status_code, 413)
        self.assertFalse(self.board_jobs())

    def test_unticked_board_and_refused_token_delay_nothing(self):
        other = self.store_board(OTHER_BOARD)
        self.assertEqual(self.deliver(self.payload(other["id"])).status_code, 200)
        self.backend.sync_error = "Trello refused the token."
        self.assertEqual(self.deliver(self.payload()).status_code, 200)
        self.assertFalse(self.queued_jobs(model_name="trello.project.project"))

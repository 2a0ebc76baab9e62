# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The client never puts the key or the token in an error text or a log line.

A key or a token pasted with a line break inside would make the HTTP library
raise an error that quotes the whole ``Authorization`` header; a proxy in
front of Trello may answer with an error page that quotes the request. Both
would carry the credentials into job exception texts, the board's last
result, the admin's notification and the server log.
"""

from unittest import mock

import requests

from odoo.addons.connector.exception import IDMissingInBackend

from ..client import (
    REDACTED,
    TrelloAuthenticationError,
    TrelloRequestError,
    TrelloRetryableError,
)
from .common import DEFAULT_KEY, DEFAULT_TOKEN, TrelloCase


def echoing_answer(status):
    """A proxy's error page that quotes the request, headers and URL."""

    def request(method, url, headers=None, **kwargs):
        response = requests.Response()
        response.status_code = status
        response.url = url
        quoted = "\n".join(f"{k}: {v}" for k, v in (headers or {}).items())
        response._content = (
            f"<h1>{status}</h1><pre>{method} {url}?token={DEFAULT_TOKEN}\n{quoted}"
            "</pre>"
        ).encode()
        return response

    return request


class TestClientNeverQuotesCredentials(TrelloCase):
    def setUp(self):
        super().setUp()
        self.client = self.backend._get_client()

    def assertNoCredential(self, text):
        for name, value in (("key", DEFAULT_KEY), ("token", DEFAULT_TOKEN)):
            # not assertNotIn: its message would quote the credential
            self.assertFalse(value in text, f"the {name} is in the text")

    def test_credentials_a_header_cannot_carry_are_refused_before_sending(self):
        broken = {
            "line break in the token": ("token", DEFAULT_TOKEN[:9] + "\n" + "a" * 9),
            "carriage return": ("token", DEFAULT_TOKEN[:9] + "\r" + "a" * 9),
            "quote in the key": ("key", DEFAULT_KEY[:9] + '"' + "a" * 9),
            "space in the key": ("key", DEFAULT_KEY[:9] + " " + "a" * 9),
            "letter outside ASCII": ("token", DEFAULT_TOKEN[:9] + "é"),
        }
        for case, (word, value) in broken.items():
            with self.subTest(case):
                client = self.backend._get_client()
                setattr(client, word, value)
                with self.assertRaises(TrelloAuthenticationError) as cm:
                    client.get("members/me")
                text = str(cm.exception)
                self.assertTrue(text.startswith(f"invalid {word}: it holds"))
                self.assertFalse(value[:9] in text, "the credential is quoted")
        self.assertEqual(self.request_count(), 0, "nothing was sent")

    def test_a_line_break_around_a_pasted_token_is_dropped(self):
        self.backend.api_token = f" {DEFAULT_TOKEN}\n"
        with self.backend._get_client() as client:
            me = client.get("members/me")
        self.assertEqual(me["id"], self.emulator.member_id)

    def test_a_quoted_request_is_masked_in_every_error(self):
        cases = {
            401: TrelloAuthenticationError,
            404: IDMissingInBackend,
            400: TrelloRequestError,
            502: TrelloRetryableError,
        }
        for status, exception in cases.items():
            with self.subTest(status=status):
                with (
                    mock.patch.object(
                        self.client.session, "request", echoing_answer(status)
                    ),
                    self.assertRaises(exception) as cm,
                ):
                    self.client.get(f"members/me?key={DEFAULT_KEY}")
                text = str(cm.exception)
                self.assertNoCredential(text)
                self.assertIn(f'oauth_token="{REDACTED}"', text)

    def test_the_notification_of_a_quoting_proxy_names_no_credential(self):
        with mock.patch.object(
            requests.Session, "request", side_effect=echoing_answer(502)
        ):
            action = self.backend.action_check_connection()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertNoCredential(action["params"]["message"])

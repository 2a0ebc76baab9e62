# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Network failures are told to the admin in a sentence, not library text
(``HTTPConnectionPool(host=..., port=...): Max retries exceeded with url:
/1/members/me?fields=id (Caused by ...)``): that stays in the server log."""

import socket
from unittest import mock

import requests

from ..client import TrelloClient, TrelloRetryableError
from .common import TrelloCase


class TestNetworkErrorSentences(TrelloCase):
    emulator_seed = "empty"

    def _closed_port(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]

    def test_a_refused_connection(self):
        url = f"http://127.0.0.1:{self._closed_port()}/1"
        self.backend.api_url = url
        result = self.backend.action_check_connection()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertEqual(
            result["params"]["message"],
            f"Cannot reach Trello at {url}: connection refused. Check the API "
            "URL and the network; the background jobs try again by themselves.",
        )

    def test_a_timeout(self):
        # What requests raises (Odoo's test harness raises every timeout
        # below 10 s to 10 s, so no real server is left to time out).
        url = self.emulator.api_url
        timeout = requests.ReadTimeout(
            "HTTPConnectionPool(host='127.0.0.1', port=1): Read timed out. "
            "(read timeout=40)"
        )
        client = TrelloClient(url, "key", "token")
        with (
            mock.patch.object(client.session, "request", side_effect=timeout),
            self.assertRaises(TrelloRetryableError) as cm,
        ):
            client.get("members/me", fields="id")
        expected = f"Trello at {url} did not answer in time (within 40 seconds)."
        self.assertEqual(str(cm.exception), expected)
        self.assertEqual(
            self.backend._describe_error(cm.exception),
            f"{expected} Check the API URL and the network; the background "
            "jobs try again by themselves.",
        )

    def test_an_unknown_host(self):
        error = requests.ConnectionError(
            "HTTPSConnectionPool(host='api.trello.invalid', port=443): Max "
            "retries exceeded with url: /1/members/me?fields=id (Caused by "
            "NameResolutionError(\"Failed to resolve 'api.trello.invalid' "
            '([Errno -2] Name or service not known)"))'
        )
        self.backend.api_url = "https://api.trello.invalid/1"
        with mock.patch.object(requests.Session, "request", side_effect=error):
            result = self.backend.action_check_connection()
        self.assertEqual(
            result["params"]["message"],
            "Cannot reach Trello at https://api.trello.invalid/1: unknown host "
            "name. Check the API URL and the network; the background jobs try "
            "again by themselves.",
        )

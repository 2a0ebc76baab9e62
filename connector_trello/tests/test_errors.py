# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How Trello's failures reach the admin and the job queue.

Bad credentials and an unreachable server become readable notifications (or
a ``UserError`` for the synchronization), never a traceback; a vanished
object archives its record; throttling, server errors, timeouts and broken
bodies become ``TrelloRetryableError`` so that queue_job tries again later.
"""

import socket
from unittest import mock

import requests

from odoo.addons.connector.exception import IDMissingInBackend

from ..client import (
    DEFAULT_RETRY_SECONDS,
    TrelloAuthenticationError,
    TrelloRetryableError,
)
from .common import TrelloCase

#: A well-formed Trello id (24 hex) that no seeded object has.
UNKNOWN_ID = "ffffffff5e7a1c0000000000"
WRONG_TOKEN = "0" * 64
WRONG_KEY = "0" * 32


def closed_port_url():
    """The API URL of a local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/1"


class TestCheckConnectionErrors(TrelloCase):
    """``action_check_connection`` explains the failure and never raises."""

    def assertDanger(self, action):
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "display_notification")
        params = action["params"]
        self.assertEqual(params["type"], "danger")
        self.assertNotIn("Traceback", params["message"])
        return params["message"]

    def test_wrong_token(self):
        self.backend.api_token = WRONG_TOKEN
        message = self.assertDanger(self.backend.action_check_connection())
        self.assertIn("invalid token", message)
        self.assertIn("token is wrong", message)
        self.assertEqual(self.backend.state, "draft")
        self.assertFalse(self.backend.member_external_id)

    def test_wrong_key(self):
        self.backend.api_key = WRONG_KEY
        message = self.assertDanger(self.backend.action_check_connection())
        self.assertIn("invalid key", message)
        self.assertIn("API key is wrong", message)
        self.assertEqual(self.backend.state, "draft")

    def test_unreachable_url(self):
        url = closed_port_url()
        self.backend.api_url = url
        message = self.assertDanger(self.backend.action_check_connection())
        self.assertIn(url, message)
        self.assertEqual(self.backend.state, "draft")

    def test_timeout_notifies(self):
        timeout = requests.ReadTimeout("Read timed out. (read timeout=40)")
        with mock.patch.object(requests.Session, "request", side_effect=timeout):
            message = self.assertDanger(self.backend.action_check_connection())
        self.assertIn(self.backend.api_url, message)
        self.assertIn("in time", message)
        self.assertEqual(self.backend.state, "draft")

    def test_fetch_boards_with_wrong_token(self):
        self.backend.api_token = WRONG_TOKEN
        message = self.assertDanger(self.backend.action_fetch_boards())
        self.assertIn("invalid token", message)
        self.assertFalse(self.backend.board_ids)

    def test_good_credentials_confirm(self):
        action = self.backend.action_check_connection()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(self.backend.state, "confirmed")
        self.assertEqual(self.backend.member_external_id, self.emulator.member_id)


class TestClientErrors(TrelloCase):
    """The client translates Trello's answers into the connector's errors."""

    def setUp(self):
        super().setUp()
        self.client = self.backend._get_client()
        self.addCleanup(self.emulator.set_faults, None)

    def test_401_is_authentication_error(self):
        self.client.token = WRONG_TOKEN
        with self.assertRaises(TrelloAuthenticationError) as cm:
            self.client.get("members/me")
        self.assertEqual(str(cm.exception), "invalid token")

    def test_404_unknown_card(self):
        with self.assertRaises(IDMissingInBackend):
            self.client.get(f"cards/{UNKNOWN_ID}")

    def test_5xx_fault_is_retryable(self):
        for kind in ("500", "503"):
            self.emulator.set_faults(f"{kind}:1.0@/1/members*;seed=1")
            with self.assertRaises(TrelloRetryableError) as cm:
                self.client.get("members/me")
            self.assertIn(kind, str(cm.exception))
            self.assertGreaterEqual(cm.exception.seconds, 1)

    def test_truncated_json_is_retryable(self):
        self.emulator.set_faults("truncate:1.0@/1/members*;seed=1")
        with self.assertRaises(TrelloRetryableError) as cm:
            self.client.get("members/me")
        self.assertIn("malformed", str(cm.exception))
        self.assertEqual(cm.exception.seconds, DEFAULT_RETRY_SECONDS)

    def test_dropped_connection_is_retryable(self):
        self.emulator.set_faults("drop:1.0@/1/members*;seed=1")
        with self.assertRaises(TrelloRetryableError) as cm:
            self.client.get("members/me")
        self.assertIn("Cannot reach Trello", str(cm.exception))

    def test_timeout_is_retryable(self):
        # Odoo's test harness raises every requests timeout below 10 s to 10 s:
        # the translation is tested with a session that times out at once.
        timeout = requests.ReadTimeout("Read timed out. (read timeout=40)")
        with mock.patch.object(
            self.client.session, "request", side_effect=timeout
        ) as request:
            with self.assertRaises(TrelloRetryableError) as cm:
                self.client.get("members/me")
        self.assertEqual(request.call_args.kwargs["timeout"], self.client.timeout)
        self.assertIn("in time", str(cm.exception))
        self.assertEqual(cm.exception.seconds, DEFAULT_RETRY_SECONDS)
        self.assertIsInstance(cm.exception.__cause__, requests.Timeout)

    def test_connect_timeout_is_retryable(self):
        timeout = requests.ConnectTimeout("Connection to 127.0.0.1 timed out")
        with mock.patch.object(self.client.session, "request", side_effect=timeout):
            with self.assertRaises(TrelloRetryableError) as cm:
                self.client.get("members/me")
        self.assertIn("in time", str(cm.exception))


class TestRateLimit(TrelloCase):
    """Throttled: retry after the window read from the rate-limit headers."""

    #: A window other than DEFAULT_RETRY_SECONDS, to tell headers from default.
    window = 5
    emulator_seed = "empty"
    emulator_options = {"rate_limit": True, "token_limit": 2, "window_seconds": 5}

    def test_429_is_retryable_with_header_delay(self):
        client = self.backend._get_client()
        with self.assertRaises(TrelloRetryableError) as cm:
            # The third request within the window is refused (a slow machine
            # may let the window slide, hence a few more tries).
            for _attempt in range(6):
                client.get("members/me", fields="id")
        error = cm.exception
        self.assertIn("429", str(error))
        self.assertIn("API_TOKEN_LIMIT_EXCEEDED", str(error))
        self.assertGreaterEqual(error.seconds, 1)
        self.assertEqual(error.seconds, self.window)
        self.assertNotEqual(error.seconds, DEFAULT_RETRY_SECONDS)
        routes = self.emulator.counters()["by_route"]
        self.assertTrue(all(r.startswith("GET /1/members/") for r in routes))


class TestImportErrors(TrelloCase):
    """Errors met during imports and synchronizations."""

    board_name = "Support"

    def _import_board(self):
        self.fetch_and_tick(self.board_name)
        self.backend.action_synchronize()
        board = self.store_board(self.board_name)
        return self.env["trello.project.project"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", board["id"])]
        )

    def test_card_deleted_in_trello_is_archived(self):
        project_binding = self._import_board()
        self.assertTrue(project_binding)
        binding = self.env["trello.project.task"].search(
            [("project_binding_id", "=", project_binding.id)], limit=1
        )
        self.assertTrue(binding.active)
        task = binding.odoo_id
        self.as_person("DELETE", f"cards/{binding.external_id}")

        self.env["trello.project.task"].import_record(self.backend, binding.external_id)

        self.assertTrue(binding.exists(), "the binding is kept")
        self.assertTrue(task.exists(), "the task is kept")
        self.assertTrue(binding.trello_deleted)
        self.assertFalse(task.active)
        self.assertEqual(binding.odoo_id, task)

    def test_unknown_card_is_not_imported(self):
        result = self.env["trello.project.task"].import_record(self.backend, UNKNOWN_ID)
        self.assertEqual(result, f"Not bound: {UNKNOWN_ID}, nothing to archive.")
        self.assertFalse(
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("external_id", "=", UNKNOWN_ID)])
        )

    def test_synchronize_with_revoked_token(self):
        self.fetch_and_tick(self.board_name)
        # The emulator has no revocation: an unknown token gets the same 401.
        self.backend.api_token = WRONG_TOKEN
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["type"], "danger")
        message = result["params"]["message"]
        self.assertIn("invalid token", message)
        self.assertIn("token is wrong", message)
        self.assertNotIn("Traceback", message)
        board = self.backend.board_ids.filtered("synchronize")
        self.assertEqual(board.last_sync_state, "failed")
        self.assertEqual(board.last_sync_result, message)

    def test_synchronize_with_server_down(self):
        self.fetch_and_tick(self.board_name)
        self.addCleanup(self.emulator.set_faults, None)
        self.emulator.set_faults("503:1.0;seed=1")
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn(self.backend.api_url, result["params"]["message"])
        self.assertIn("503", result["params"]["message"])

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two Synchronize clicks at once: the second one says why it stopped."""

from odoo.addons.connector.database import pg_try_advisory_lock

from .hardening_common import SUPPORT, SupportBoardCase


class TestConcurrentSynchronize(SupportBoardCase):
    def setUp(self):
        super().setUp()
        self.open_second_transaction()

    def test_a_board_being_synchronized_is_said_so(self):
        # The lock name of ``TrelloImporter._lock`` for the board.
        lock = (
            f"import(trello.backend, {self.backend.id}, trello.project.project, "
            f"{self.board['id']})"
        )
        self.assertTrue(pg_try_advisory_lock(self.env2, lock))
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertEqual(
            result["params"]["message"],
            f"Board {SUPPORT} is being synchronized right now (by another "
            "click or a job): try again in a moment.",
        )
        self.assertFalse(self.backend.project_binding_ids)

        # Once the other synchronization ends, the click goes through.
        self.cr2.rollback()
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["title"], "Synchronization done")

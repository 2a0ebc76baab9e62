# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A 401 on one board marks that board; only a 401 on the token is the token."""

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import BOARD, OTHER_BOARD, QueueTrelloCase


class TestBoardAccess(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.boards = self.fetch_and_tick(BOARD, OTHER_BOARD)
        self.backend.action_synchronize()  # both imported, synchronously
        self.lost = self.boards.filtered(lambda b: b.name == OTHER_BOARD)
        self.kept = self.boards - self.lost
        board = self.emulator.store.boards[self.lost.external_id]
        # the token's member is removed from the board in Trello
        board["memberships"] = [
            m for m in board["memberships"] if m["idMember"] != self.emulator.member_id
        ]

    def run_import_jobs(self):
        with trap_jobs() as trap:
            self.delaying["trello.backend"]._scheduler_import_boards()
            trap.assert_jobs_count(2)
            trap.perform_enqueued_jobs()

    def assert_board_marked(self):
        self.assertFalse(self.backend.sync_error, "the token is fine")
        self.assertTrue(self.backend._can_schedule_jobs())
        self.assertEqual(self.lost.last_sync_state, "no_access")
        self.assertIn("cannot see this board", self.lost.last_sync_result)
        self.assertEqual(self.kept.last_sync_state, "ok")

    def test_cron_jobs_mark_the_board_and_the_others_go_on(self):
        self.run_import_jobs()
        self.assert_board_marked()
        # the next cron still imports the other board
        self.run_import_jobs()
        self.assert_board_marked()

    def test_synchronous_synchronize_marks_the_board(self):
        self.backend.action_synchronize()
        self.assert_board_marked()

    def test_an_export_to_the_lost_board_does_not_stop_the_backend(self):
        task = (
            self.env["trello.project.task"]
            .search([("project_binding_id.external_id", "=", self.lost.external_id)])[
                :1
            ]
            .odoo_id
        )
        with trap_jobs() as trap:
            task.with_env(self.delaying).name = "Renamed in Odoo"
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertFalse(self.backend.sync_error)
        self.assertEqual(self.lost.last_sync_state, "no_access")

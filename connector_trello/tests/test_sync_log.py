# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The synchronization log: a line per board and run, kept 90 days."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user

from .. import import_summary
from .hardening_common import SUPPORT, SupportBoardCase

WEBSITE = "Website relaunch"


class TestSyncLog(SupportBoardCase):
    def log_lines(self):
        return self.env["trello.sync.log"].search(
            [("backend_id", "=", self.backend.id)], order="id"
        )

    def test_button_writes_one_line_per_board_with_counts(self):
        self.fetch_and_tick(SUPPORT, WEBSITE)
        website = self.store_board(WEBSITE)
        self.emulator.set_faults(f"500:1.0@/1/boards/{website['id']}/cards*")
        self.backend.action_synchronize()
        lines = self.log_lines()
        self.assertEqual(len(lines), 2)
        by_board = {line.board_name: line for line in lines}
        done, failed = by_board[SUPPORT], by_board[WEBSITE]
        self.assertEqual(
            (done.direction, done.trigger, done.state), ("import", "button", "done")
        )
        self.assertEqual(
            (done.created_count, done.updated_count, done.comment_count), (4, 0, 1)
        )
        expected = "Board Support, full import: 4 tasks created, 1 comment added."
        self.assertEqual(done.summary, expected)
        self.assertEqual(done.project_id.name, SUPPORT)
        self.assertEqual(
            (failed.state, failed.trigger, failed.created_count),
            ("failed", "button", 0),
        )
        self.assertIn("is failing (it answered with the error 500)", failed.summary)
        self.assertNotIn("?", failed.summary)

        # the board's line opens its own lines only
        action = done.board_id.action_open_sync_log()
        self.assertEqual(self.env["trello.sync.log"].search(action["domain"]), done)
        self.assertEqual(self.backend.sync_log_count, 2)

        # an incremental run counts its own changes
        self.emulator.set_faults(None)
        card = self.store_card("Password reset loop")
        self.store.update_card(self.emulator.member_id, card, {"name": "Loop (iOS)"})
        self.backend.action_synchronize()
        newest = self.log_lines().filtered(lambda line: line.board_name == SUPPORT)[-1]
        self.assertEqual((newest.created_count, newest.updated_count), (0, 1))
        self.assertIn("1 task updated", newest.summary)

    def test_an_import_counts_its_changes_once(self):
        """The log's counts are the importer's own: one before/after pair of
        snapshots of the board's tasks and comments per import, full or
        incremental (the project's ``import_board`` took a second pair around
        the importer's: 4 snapshots)."""
        self.fetch_and_tick(SUPPORT)
        card = self.store_card("Password reset loop")
        for change in ("full", "incremental"):
            if change == "incremental":
                self.store.update_card(self.emulator.member_id, card, {"name": "Loop"})
            with patch.object(
                import_summary, "snapshot", wraps=import_summary.snapshot
            ) as snapshot:
                self.backend.action_synchronize()
            self.assertEqual(snapshot.call_count, 2, change)
        newest = self.log_lines()[-1]
        self.assertEqual((newest.created_count, newest.updated_count), (0, 1))

    def test_lines_are_forgotten_after_the_backend_retention(self):
        log = self.env["trello.sync.log"]
        cases = [  # (days old, days kept, kept?)
            (10, 90, True),
            (89, 90, True),
            (91, 90, False),
            (10, 5, False),
            (4, 5, True),
        ]
        for age, keep, kept in cases:
            with self.subTest(age=age, keep=keep):
                self.backend.sync_log_days = keep
                copy = log._log(self.backend, "import", True, "An old run.")
                self.env.cr.execute(
                    "UPDATE trello_sync_log SET create_date = %s WHERE id = %s",
                    (fields.Datetime.now() - timedelta(days=age), copy.id),
                )
                copy.invalidate_recordset()
                log._gc_old_lines()
                self.assertEqual(bool(copy.exists()), kept)

    def test_retention_of_less_than_a_day_is_refused_with_a_sentence(self):
        for days in (0, -3):
            with self.subTest(days=days), self.assertRaises(ValidationError) as err:
                self.backend.sync_log_days = days
                self.env.flush_all()
            self.assertIn("must be at least 1 day", str(err.exception))

    def test_only_connector_managers_read_the_log(self):
        self.backend.action_synchronize()
        line = self.log_lines()
        roles = ("base.group_portal", "base.group_user")
        roles += ("project.group_project_manager",)
        for groups in roles:
            user = new_test_user(self.env, login=f"log-{groups}", groups=groups)
            with self.subTest(groups=groups):
                with self.assertRaises(AccessError):
                    line.with_user(user).read(["summary"])
                with self.assertRaises(AccessError):
                    self.backend.with_user(user).action_open_sync_log()
                with self.assertRaises(AccessError):
                    line.board_id.with_user(user).action_open_sync_log()

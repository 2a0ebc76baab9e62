# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Test base of the export: the demo board imported, then edited in Odoo."""

from contextlib import contextmanager
from unittest.mock import patch

from .common import TrelloCase

BOARD = "Website relaunch"


class TrelloExportCase(TrelloCase):
    """The demo board "Website relaunch" imported into a fresh emulator."""

    def setUp(self):
        super().setUp()
        self.import_board_named(BOARD)
        self.project = self.binding.odoo_id
        self.emulator.reset_counters()

    # -- helpers ---------------------------------------------------------

    def store_card(self, card_id):
        return self.emulator.store.cards[card_id]

    def task_named(self, name):
        return self.card_binding(self.card_named(name)["id"]).odoo_id

    def stage_named(self, name):
        return (
            self.env["trello.project.task.type"]
            .search(
                [
                    ("project_binding_id", "=", self.binding.id),
                    ("external_id", "=", self.list_named(name)["id"]),
                ]
            )
            .odoo_id
        )

    def member(self, username):
        return self.backend.member_ids.filtered(lambda m: m.username == username)

    def map_member(self, username):
        """Map a Trello member to a new Odoo user (the demo has none)."""
        user = self.env["res.users"].create(
            {"name": f"{username} user", "login": f"{username}-login"}
        )
        self.member(username).user_id = user
        return user

    @contextmanager
    def after_first_read(self, change):
        """Run ``change(store)`` under the store's lock right after the
        emulator answers its first ``GET``: a write made in Trello between
        an export's read and its write. Yields the paths read (one)."""
        app = self.emulator.app
        store = self.emulator.store
        api = app.api
        done = []

        def api_then_change(request, endpoint, args):
            response = api(request, endpoint, args)
            if request.method == "GET" and not done:
                done.append(request.path)
                with store.lock:
                    change(store)
            return response

        with patch.object(app, "api", api_then_change):
            yield done

    def notes(self, task):
        return task.message_ids.filtered(
            lambda m: "Trello sync conflict" in (m.body or "")
        )

    def sync_writes_nothing(self, task):
        """Import the board again: the task is not written."""
        self.env.flush_all()
        write_date = task.write_date
        binding = self.card_binding(task.trello_bind_ids.external_id)
        binding_date = binding.write_date
        self.backend.action_synchronize()
        self.env.invalidate_all()
        self.assertEqual(task.write_date, write_date)
        self.assertEqual(binding.write_date, binding_date)

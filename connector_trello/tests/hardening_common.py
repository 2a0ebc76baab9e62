# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The base of the hardening tests: the demo's small "Support" board.

Support has four cards, three labels (Urgent, Billing, How-to), alice and
bob as members and one comment; each test starts from a fresh demo seed.
"""

from odoo.tools import html2plaintext

from .common import TrelloCase

SUPPORT = "Support"


class SupportBoardCase(TrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.store = self.emulator.store
        self.board = self.store_board(SUPPORT)
        self.fetch_and_tick(SUPPORT)

    def store_card(self, name):
        return next(c for c in self.store_cards(self.board["id"]) if c["name"] == name)

    def store_label(self, name):
        return next(
            label
            for label in self.store.labels.values()
            if label["idBoard"] == self.board["id"] and label["name"] == name
        )

    def task_of(self, card):
        binding = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search(
                [("backend_id", "=", self.backend.id), ("external_id", "=", card["id"])]
            )
        )
        self.assertEqual(len(binding), 1, f"one binding for {card['name']}")
        return binding.odoo_id

    def label_binding(self, label):
        return self.env["trello.project.tags"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", label["id"])]
        )

    @staticmethod
    def texts(messages):
        """What the chatter shows of each message, as plain text."""
        return [html2plaintext(body or "").strip() for body in messages.mapped("body")]

    def task_attachments(self, task):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "project.task"), ("res_id", "=", task.id)]
        )

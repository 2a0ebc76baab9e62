# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The request budget of a board import, counted by the emulator.

Trello allows 100 requests per 10 s per token: a full import must read cards
by pages of 1000, not one by one, and an incremental import of an unchanged
board must cost next to nothing.
"""

import logging
import math
import time

from .common import TrelloCase

_logger = logging.getLogger(__name__)

CARDS = 2500
BOARD = f"Load {CARDS}"


def api_requests(counters):
    """Requests to the REST API, attachment downloads excluded."""
    return sum(
        count
        for route, count in counters["by_route"].items()
        if "/download/" not in route
    )


class TestRequestCount(TrelloCase):
    emulator_seed = f"cards:{CARDS}"

    def test_full_then_incremental_import_budget(self):
        self.fetch_and_tick(BOARD)
        board = self.store_board(BOARD)

        self.emulator.reset_counters()
        started = time.monotonic()
        self.backend.action_synchronize()
        full_seconds = time.monotonic() - started
        counters = self.emulator.counters()
        full_requests = api_requests(counters)
        _logger.info(
            "full import of %s cards: %s requests (%s), %.1f s",
            CARDS,
            full_requests,
            counters["by_route"],
            full_seconds,
        )
        self.assertLessEqual(full_requests, math.ceil(CARDS / 1000) + 5)

        binding = self.env["trello.project.project"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", board["id"])]
        )
        newest = max(
            (
                a
                for a in self.emulator.store.actions.values()
                if a["_idBoard"] == board["id"]
            ),
            key=lambda action: action["id"],
        )
        self.assertEqual(binding.last_action_id, newest["id"])
        cards = self.store_cards(board["id"])
        self.assertEqual(len(cards), CARDS)
        expected = [
            card
            for card in cards
            if self.backend.import_archived_cards or not card["closed"]
        ]
        tasks = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("project_binding_id", "=", binding.id)])
        )
        self.assertEqual(len(tasks), len(expected))
        self.assertEqual(
            set(tasks.mapped("external_id")), {card["id"] for card in expected}
        )
        # the custom fields came nested (board and card reads): properties
        # and values at the same request count
        self.assertEqual(len(binding.odoo_id.task_properties_definition), 5)
        valued = {card["id"] for card in expected if card.get("_customFieldItems")}
        self.assertGreater(len(valued), CARDS // 5)
        self.assertEqual(
            {
                task.external_id
                for task in tasks
                if any(
                    value is not False and value is not None
                    for value in (task.odoo_id.task_properties or {}).values()
                )
            },
            valued,
        )

        self.emulator.reset_counters()
        started = time.monotonic()
        self.backend.action_synchronize()
        incremental_seconds = time.monotonic() - started
        counters = self.emulator.counters()
        incremental_requests = api_requests(counters)
        _logger.info(
            "incremental import of an unchanged board: %s requests (%s), %.1f s",
            incremental_requests,
            counters["by_route"],
            incremental_seconds,
        )
        self.assertLessEqual(incremental_requests, 2)
        self.assertEqual(
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search_count([("project_binding_id", "=", binding.id)]),
            len(expected),
        )

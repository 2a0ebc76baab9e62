# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The backend form in a browser: create, check, fetch, tick, synchronize.

The tour (static/tests/tours/trello_backend_tour.js) types the name and the
credentials of a new backend; tours take no arguments, so the emulator is
started with the credentials the tour types, and the default of the API URL
is set to the emulator's so that the new form is prefilled with it.
"""

import os
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import TrelloEmulator

#: What the tour types in the form (the emulator accepts any key and token).
TOUR_KEY = "70a7" * 8
TOUR_TOKEN = "tour-trello-token"
TOUR_SECRET = "tour-trello-secret"


@tagged("post_install", "-at_install")
class TestBackendTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emulator = TrelloEmulator(
            seed="demo",
            rate_limit=False,
            key=TOUR_KEY,
            token=TOUR_TOKEN,
            secret=TOUR_SECRET,
        ).start()
        cls.addClassCleanup(cls.emulator.stop)

    def setUp(self):
        super().setUp()
        # With connector_trello_queue installed, Synchronize would only queue
        # jobs: queue_job's switch keeps the import synchronous for this tour.
        no_delay = patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"})
        no_delay.start()
        self.addCleanup(no_delay.stop)
        admin = self.env.ref("base.user_admin")
        admin.groups_id |= self.env.ref("connector.group_connector_manager")
        self.env["ir.default"].set("trello.backend", "api_url", self.emulator.api_url)

    def test_backend_tour(self):
        self.start_tour(
            "/odoo/action-connector_trello.trello_backend_action",
            "connector_trello_backend_tour",
            login="admin",
            timeout=180,
        )
        backend = self.env["trello.backend"].search([("name", "=", "Tour Trello")])
        self.assertEqual(len(backend), 1)
        self.assertRecordValues(
            backend.sudo(),
            [
                {
                    "state": "confirmed",
                    "api_url": self.emulator.api_url,
                    "api_key": TOUR_KEY,
                    "api_token": TOUR_TOKEN,
                    "api_secret": TOUR_SECRET,
                }
            ],
        )
        self.assertEqual(
            sorted(backend.board_ids.mapped("name")), ["Support", "Website relaunch"]
        )
        self.assertEqual(
            backend.board_ids.filtered("synchronize").mapped("name"),
            ["Website relaunch"],
        )
        binding = self.env["trello.project.project"].search(
            [("backend_id", "=", backend.id)]
        )
        self.assertEqual(len(binding), 1)
        self.assertEqual(binding.odoo_id.name, "Website relaunch")
        tasks = self.env["project.task"].search(
            [("project_id", "=", binding.odoo_id.id)]
        )
        self.assertIn("New hero banner", tasks.mapped("name"))

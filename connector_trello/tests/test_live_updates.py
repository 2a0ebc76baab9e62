# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Live updates: a change from Trello refreshes an open kanban (the tour
static/tests/tours/trello_live_update_tour.js), and the import sends the bus
notification that does it only when it changed something."""

import json
import os
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from ..models.trello_board import LIVE_UPDATE_NOTIFICATION
from .common import TrelloCase

BOARD = "Website relaunch"
NEW_NAME = "Hero banner, renamed in Trello"


@tagged("post_install", "-at_install")
class TestLiveUpdates(TrelloCase, HttpCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        # With connector_trello_queue installed, Synchronize would only queue
        # jobs: queue_job's switch keeps the import synchronous here.
        no_delay = patch.dict(os.environ, {"QUEUE_JOB__NO_DELAY": "1"})
        no_delay.start()
        self.addCleanup(no_delay.stop)
        self.fetch_and_tick(BOARD)
        self.backend.action_synchronize()
        self.project = self.backend.project_binding_ids.odoo_id
        self.card = next(
            c
            for c in self.store_cards(self.store_board(BOARD)["id"])
            if c["name"] == "New hero banner"
        )

    def live_notifications(self):
        self.env.flush_all()  # the bus writes its rows before the commit
        return [
            json.loads(row.message)["payload"]
            for row in self.env["bus.bus"].sudo().search([])
            if json.loads(row.message)["type"] == LIVE_UPDATE_NOTIFICATION
        ]

    def test_a_rename_in_trello_appears_on_the_open_kanban(self):
        self.as_person("PUT", f"cards/{self.card['id']}", name=NEW_NAME)
        admin = self.env.ref("base.user_admin")
        admin.groups_id |= self.env.ref("connector.group_connector_manager")
        self.env["bus.bus"].sudo().search([]).unlink()
        self.start_tour(
            f"/odoo/project/{self.project.id}/tasks",
            "connector_trello_live_update_tour",
            login="admin",
            timeout=120,
        )
        task = self.env["project.task"].search([("name", "=", NEW_NAME)])
        self.assertEqual(task.project_id, self.project)
        self.assertEqual(
            self.live_notifications(), [{"project_ids": [self.project.id]}]
        )

    def test_only_an_import_that_changed_something_notifies(self):
        self.env["bus.bus"].sudo().search([]).unlink()
        self.backend.action_synchronize()  # nothing new in Trello
        self.assertEqual(self.live_notifications(), [])
        self.as_person("PUT", f"cards/{self.card['id']}", name=NEW_NAME)
        self.backend.action_synchronize()
        self.assertEqual(
            self.live_notifications(), [{"project_ids": [self.project.id]}]
        )

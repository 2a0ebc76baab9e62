# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""JSON-RPC over real HTTP, as a portal user and as an employee.

Each path below reached Trello before Odoo refused the caller: the deletes
(Trello was called before ``super().unlink()`` checked the right to
delete), the backend's actions (the request went before the write that
raised) and the exports of records the caller may not read or change. Here
Odoo's test server answers each call with an access error, and the
emulator receives nothing: no request, read or write.
"""

import json

from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from .common import EveryObjectCase

#: ``(model, method, what the record is)``: the paths of the review.
PATHS = (
    ("project.task", "unlink", "task"),
    ("project.task", "unlink", "sub-task"),
    ("project.task.type", "unlink", "stage"),
    ("project.tags", "unlink", "tag"),
    ("mail.message", "unlink", "comment"),
    ("ir.attachment", "unlink", "attachment"),
    ("project.task", "trello_export", "task"),
    ("mail.message", "trello_export", "internal note"),
    ("ir.attachment", "trello_export", "attachment"),
    ("trello.project.task", "export_record", "card"),
    ("trello.project.task", "export_records", "card"),
    ("trello.backend", "action_check_connection", "backend"),
    ("trello.backend", "action_fetch_boards", "backend"),
    ("trello.backend", "action_synchronize", "backend"),
    ("trello.backend", "action_register_webhooks", "backend"),
    ("trello.backend", "action_unregister_webhooks", "backend"),
    ("project.project", "action_trello_export_board", "project"),
)


class TestRpcAccess(EveryObjectCase):
    def setUp(self):
        super().setUp()
        self.backend.webhook_base_url = self.base_url()
        self.backend.action_register_webhooks()
        self.assertTrue(self.emulator.store.webhooks)
        task = self.task
        note = task.message_post(body="Internal: the customer is on probation")
        self.records = {
            "task": task,
            "sub-task": task.child_ids[:1],
            "stage": task.stage_id,
            "tag": self.env["trello.project.tags"]
            .search([("backend_id", "=", self.backend.id)], limit=1)
            .odoo_id,
            "comment": self.env["trello.mail.message"]
            .search([("backend_id", "=", self.backend.id)], limit=1)
            .odoo_id,
            "internal note": note,
            "attachment": self.env["trello.ir.attachment"]
            .search([("backend_id", "=", self.backend.id)], limit=1)
            .odoo_id,
            "card": task.trello_bind_ids,
            "backend": self.backend,
            "project": self.env["project.project"].create({"name": "Not on Trello"}),
        }
        for name, record in self.records.items():
            self.assertTrue(record, f"the test has a {name}")
        self.portal = new_test_user(
            self.env,
            login="rpc_portal",
            password="rpc_portal_pw1",
            groups="base.group_portal",
        )
        self.employee = new_test_user(
            self.env, login="rpc_employee", password="rpc_employee_pw1"
        )

    def call_kw(self, model, method, ids):
        """The web client's JSON-RPC call of ``method`` on ``ids``."""
        self.env.flush_all()
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": [ids],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_refused_calls_reach_nothing(self):
        for login in ("rpc_portal", "rpc_employee"):
            self.authenticate(login, f"{login}_pw1")
            for model, method, name in PATHS:
                with self.subTest(login=login, call=f"{model}.{method}", on=name):
                    self.emulator.reset_counters()
                    jobs = self.env["queue.job"].search_count([])
                    with mute_logger("odoo.http", "odoo.sql_db"):
                        answer = self.call_kw(model, method, self.records[name].ids)
                    self.assertIn("error", answer, f"{login} may not call it")
                    self.assertEqual(
                        answer["error"]["data"]["name"],
                        "odoo.exceptions.AccessError",
                        answer["error"]["data"]["message"],
                    )
                    self.assertEqual(self.emulator.counters()["total"], 0)
                    self.assertEqual(self.env["queue.job"].search_count([]), jobs)
        for name, record in self.records.items():
            self.assertTrue(record.exists(), f"the {name} is still in Odoo")
        self.assertTrue(self.emulator.store.webhooks, "the webhook is still there")
        card = self.store.cards[self.records["card"].external_id]
        self.assertFalse(card["closed"], "the card is still open in Trello")

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.queue_job.job import Job

from ..jobs import board_import_identity
from .common import QueueTrelloCase


class TestWebhookEndToEnd(QueueTrelloCase):
    """Trello (the emulator) calls Odoo's test HTTP server for real."""

    def setUp(self):
        super().setUp()
        self.import_demo_board()
        self.backend.webhook_base_url = self.base_url()

    def test_card_renamed_in_trello_reaches_the_task(self):
        action = self.backend.action_register_webhooks()
        self.assertEqual(action["params"]["title"], "Webhooks registered")
        callback_url = (
            f"{self.base_url()}/connector_trello/webhook/{self.backend.webhook_token}"
        )
        self.assertEqual(self.board.webhook_callback_url, callback_url)
        self.assertEqual(self.board.webhook_state, "active")
        hook = self.emulator.store.webhooks[self.board.webhook_external_id]
        self.assertEqual(hook["callbackURL"], callback_url)
        self.assertEqual(hook["idModel"], self.board.external_id)
        self.assertEqual(self.backend.webhook_board_ids, self.board)
        # registering again keeps the webhook
        self.backend.action_register_webhooks()
        self.assertEqual(len(self.emulator.store.webhooks), 1)

        card = self.store_cards(self.board.external_id)[0]
        old_name = card["name"]
        task = self.env["trello.project.task"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", card["id"])]
        )
        self.assertEqual(task.name, old_name)
        self.env.flush_all()  # the webhook's request reads the database
        self.as_person("PUT", f"cards/{card['id']}", name="Renamed by a colleague")
        self.assertTrue(self.emulator.flush_webhooks(timeout=30))
        self.assertEqual(
            self.emulator.webhooks.deliveries, [(self.board.webhook_external_id, 200)]
        )

        job_record = self.queued_jobs(
            identity_key=board_import_identity(self.backend, self.board.external_id)
        )
        self.assertEqual(len(job_record), 1)
        self.assertEqual(job_record.state, "pending")
        self.assertEqual(task.name, old_name, "nothing imported by the request")
        Job.load(self.env, job_record.uuid).perform()
        task.invalidate_recordset()
        self.assertEqual(task.name, "Renamed by a colleague")

    def test_register_again_moves_the_id_urls_to_the_token_url(self):
        """Boards registered under the URL of earlier versions (the backend's
        id, which answers 410 now) get a webhook at the token URL."""
        old_url = f"{self.base_url()}/connector_trello/webhook/{self.backend.id}"
        old_hook = self.emulator.store.create_webhook(
            self.emulator.token, self.board.external_id, old_url
        )
        self.board.write(
            {"webhook_external_id": old_hook["id"], "webhook_callback_url": old_url}
        )
        self.env.flush_all()
        self.assertEqual(self.url_open(old_url, head=True).status_code, 410)
        action = self.backend.action_register_webhooks()
        self.assertEqual(action["params"]["title"], "Webhooks registered")
        new_url = self.backend._webhook_callback_url()
        self.assertNotEqual(new_url, old_url)
        self.assertEqual(self.board.webhook_callback_url, new_url)
        self.assertEqual(
            [h["callbackURL"] for h in self.emulator.store.webhooks.values()],
            [new_url],
        )
        self.assertEqual(
            self.emulator.store.webhooks[self.board.webhook_external_id]["idModel"],
            self.board.external_id,
        )

    def test_unregister(self):
        self.backend.action_register_webhooks()
        self.assertEqual(len(self.emulator.store.webhooks), 1)
        action = self.backend.action_unregister_webhooks()
        self.assertEqual(action["params"]["title"], "Webhooks unregistered")
        self.assertFalse(self.emulator.store.webhooks)
        self.assertFalse(self.board.webhook_external_id)
        self.assertEqual(self.board.webhook_state, "none")

    def test_unreachable_callback_is_explained(self):
        self.backend.webhook_base_url = "http://127.0.0.1:9"
        action = self.backend.action_register_webhooks()
        self.assertEqual(action["params"]["title"], "Some webhooks are not registered")
        self.assertIn("Trello could not reach", self.board.webhook_error)
        self.assertFalse(self.board.webhook_external_id)
        self.assertFalse(self.emulator.store.webhooks)

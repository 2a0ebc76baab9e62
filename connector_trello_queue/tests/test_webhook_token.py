# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlsplit

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from odoo.addons.connector_trello.access import MANAGER_GROUP

from .common import BOARD, QueueTrelloCase

ROUTE = "/connector_trello/webhook/"


class TestWebhookToken(QueueTrelloCase):
    """The callback URL names its backend by a random token, not by its id."""

    def new_backend(self, name):
        return self.env["trello.backend"].create({"name": name})

    def test_each_backend_gets_its_own_random_token(self):
        other = self.new_backend("Other")
        tokens = {self.backend.webhook_token, other.webhook_token}
        tokens.add(self.backend.copy().webhook_token)
        self.assertEqual(len(tokens), 3)
        secrets_ = {
            self.backend.api_key,
            self.backend.api_token,
            self.backend.api_secret,
        }
        for token in tokens:
            # token_urlsafe(32): 256 random bits in 43 URL-safe characters
            self.assertRegex(token, r"^[A-Za-z0-9_-]{43}$")
            self.assertNotIn(token, secrets_)
        path = urlsplit(self.backend._webhook_callback_url()).path
        self.assertEqual(path, ROUTE + self.backend.webhook_token)
        self.assertNotIn(str(self.backend.id), path.removeprefix(ROUTE))

    def test_existing_backends_get_one_at_update(self):
        other = self.new_backend("Other")
        backends = self.backend | other
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE trello_backend SET webhook_token = NULL WHERE id IN %s",
            (tuple(backends.ids),),
        )
        backends.invalidate_recordset(["webhook_token"])
        self.env["trello.backend"].init()  # as -u connector_trello_queue does
        backends.invalidate_recordset(["webhook_token"])
        self.assertTrue(all(backends.mapped("webhook_token")))
        self.assertNotEqual(self.backend.webhook_token, other.webhook_token)

    def test_only_connector_managers_read_the_url(self):
        user = new_test_user(
            self.env, login="pm", groups="base.group_user,project.group_project_user"
        )
        self.fetch_and_tick(BOARD)
        board = self.backend.board_ids[:1]
        board.webhook_callback_url = self.backend._webhook_callback_url()
        self.env.flush_all()
        for record, field in (
            (self.backend, "webhook_token"),
            (self.backend, "webhook_callback_url"),
            (board, "webhook_callback_url"),
        ):
            with self.subTest(model=record._name, field=field):
                record.invalidate_recordset()
                with self.assertRaises(AccessError):
                    record.with_user(user).read([field])
        manager = new_test_user(
            self.env, login="cm", groups="base.group_user," + MANAGER_GROUP
        )
        self.assertEqual(
            self.backend.with_user(manager).webhook_callback_url,
            self.backend._webhook_callback_url(),
        )

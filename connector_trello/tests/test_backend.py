# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase, new_test_user


class TestBackendInstalled(TransactionCase):
    def test_credentials_are_manager_only(self):
        fields = self.env["trello.backend"]._fields
        for name in ("api_key", "api_token", "api_secret"):
            self.assertEqual(fields[name].groups, "connector.group_connector_manager")

    def test_default_api_url(self):
        backend = self.env["trello.backend"].create({"name": "Trello"})
        self.assertEqual(backend.api_url, "https://api.trello.com/1")
        self.assertEqual(backend.state, "draft")

    def test_demo_backend_points_at_the_emulator(self):
        backend = self.env.ref(
            "connector_trello.trello_backend_demo", raise_if_not_found=False
        )
        if not backend:
            self.skipTest("installed without demo data")
        self.assertTrue(backend.api_url.startswith("http://127.0.0.1:"))
        self.assertEqual(backend.state, "draft")

    def test_project_users_cannot_read_the_credentials(self):
        backend = self.env["trello.backend"].create(
            {
                "name": "Trello",
                "api_key": "0123456789abcdef" * 2,
                "api_token": "t",
                "api_secret": "s",
            }
        )
        user = new_test_user(self.env, login="pm", groups="project.group_project_user")
        as_user = backend.with_user(user)
        self.assertEqual(as_user.name, "Trello")
        for field in ("api_key", "api_token", "api_secret"):
            with self.assertRaises(AccessError):
                as_user.read([field])

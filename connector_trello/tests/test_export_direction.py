# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError

from .common_export import TrelloExportCase

CARD = "Rework the navigation"


class TestExportDirection(TrelloExportCase):
    """The backend's direction, honoured by every importer and exporter."""

    def setUp(self):
        super().setUp()
        self.card = self.card_named(CARD)
        self.task = self.card_binding(self.card["id"]).odoo_id

    def test_import_only_exports_nothing_and_trello_overwrites(self):
        self.backend.sync_direction = "import"
        self.task.name = "Name from Odoo"
        self.assertEqual(
            self.task.trello_export(), ["Export disabled: the backend imports only."]
        )
        self.assertEqual(self.request_count(), 0)
        self.as_person("PUT", f"cards/{self.card['id']}", name="Name from Trello")
        self.backend.action_synchronize()
        self.assertEqual(self.task.name, "Name from Trello")
        self.assertFalse(self.notes(self.task), "one master: no conflict")

    def test_export_only_imports_nothing_and_sends_without_reading(self):
        self.backend.sync_direction = "export"
        self.as_person("PUT", f"cards/{self.card['id']}", desc="Changed in Trello")
        self.emulator.reset_counters()
        self.backend.action_synchronize()
        self.assertEqual(self.request_count(), 0)
        self.assertNotIn("Changed in Trello", self.task.description or "")
        self.task.name = "Name from Odoo"
        self.emulator.reset_counters()
        self.task.trello_export()
        self.assertEqual(self.request_count(), 1, "no conflict read")
        self.assertEqual(self.store_card(self.card["id"])["name"], "Name from Odoo")

    def test_project_user_edits_and_exports_without_connector_rights(self):
        user = self.env["res.users"].create(
            {
                "name": "Project User",
                "login": "project-user",
                "groups_id": [(6, 0, [self.env.ref("project.group_project_user").id])],
            }
        )
        self.project.message_subscribe(partner_ids=user.partner_id.ids)
        task = self.task.with_user(user)
        task.name = "Renamed by a project user"
        task.trello_export()
        self.assertEqual(
            self.store_card(self.card["id"])["name"], "Renamed by a project user"
        )
        for model in (
            "trello.project.project",
            "trello.project.task",
            "trello.project.task.type",
            "trello.project.tags",
        ):
            binding = self.env[model].search(
                [("backend_id", "=", self.backend.id)], limit=1
            )
            for secret in ("api_key", "api_token", "api_secret"):
                with self.assertRaises(AccessError):
                    binding.with_user(user).backend_id[secret]  # noqa: B018

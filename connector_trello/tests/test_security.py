# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who reads what: companies, project users, and the connector manager.

* The backend, its boards and every binding belong to the backend's
  company: users of another company see none of them.
* The bindings' own fields (the card's Markdown, the comment's text, the
  values last synchronized) are the connector's: project users reach the
  tasks and messages through Odoo's own records, not the bindings.
* A connector manager who is not a project manager can synchronize.
"""

from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user

from .hardening_common import SUPPORT, SupportBoardCase

BINDING_MODELS = (
    "trello.project.project",
    "trello.project.task.type",
    "trello.project.task",
    "trello.project.tags",
    "trello.checkitem",
    "trello.mail.message",
    "trello.ir.attachment",
    "trello.member",
)


class TestSecurity(SupportBoardCase):
    def setUp(self):
        super().setUp()
        self.company_b = self.env["res.company"].create({"name": "Company B"})
        self.manager_b = new_test_user(
            self.env,
            login="manager_b",
            groups="project.group_project_manager,connector.group_connector_manager",
            company_id=self.company_b.id,
            company_ids=[(6, 0, self.company_b.ids)],
        )
        self.user_a = new_test_user(
            self.env, login="user_a", groups="project.group_project_user"
        )

    def test_another_company_sees_no_backend_board_or_binding(self):
        # A record of every binding model: Support has no check item and no
        # attachment of its own.
        alice, card = self.emulator.member_id, self.store_card("Password reset loop")
        checklist = self.store.create_checklist(alice, card, "Steps")
        self.store.create_check_item(alice, checklist, "Ask for a screenshot")
        self.store.add_attachment(alice, card, url="https://example.com/faq")
        self.backend.action_synchronize()
        for model in ("trello.backend", "trello.board", *BINDING_MODELS):
            records = self.env[model].with_context(active_test=False).search([])
            self.assertTrue(records, f"{model} has records of company A")
            as_b = self.env[model].with_user(self.manager_b)
            self.assertFalse(
                as_b.with_context(active_test=False).search([]),
                f"{model}: company B sees company A's records",
            )
            with self.assertRaises(AccessError, msg=model):
                records[:1].with_user(self.manager_b).read(["id"])

    def test_a_project_user_reads_tasks_not_their_bindings(self):
        self.backend.action_synchronize()
        card = self.env["trello.project.task"].search(
            [("backend_id", "=", self.backend.id), ("trello_desc", "!=", False)],
            limit=1,
        )
        self.assertTrue(card.trello_desc)
        self.assertEqual(card.odoo_id.with_user(self.user_a).name, card.name)
        for field in ("trello_desc", "trello_synced_values"):
            with self.assertRaises(AccessError, msg=field):
                card.with_user(self.user_a).read([field])
        comment = self.env["trello.mail.message"].search(
            [("backend_id", "=", self.backend.id)], limit=1
        )
        with self.assertRaises(AccessError):
            comment.with_user(self.user_a).read(["trello_text"])
        with self.assertRaises(AccessError):
            self.env["trello.project.project"].with_user(self.user_a).search([])

    def test_a_connector_manager_who_is_no_project_manager_synchronizes(self):
        manager = new_test_user(
            self.env,
            login="connector_manager",
            groups="base.group_user,connector.group_connector_manager",
        )
        self.assertFalse(manager.has_group("project.group_project_manager"))
        backend = self.backend.with_user(manager)
        result = backend.action_synchronize()
        self.assertEqual(result["params"]["title"], "Synchronization done")
        project = self.backend.project_binding_ids.odoo_id
        self.assertEqual(project.name, SUPPORT)
        tasks = self.env["project.task"].search([("project_id", "=", project.id)])
        self.assertEqual(len(tasks), 4)
        # The second synchronization (incremental) works the same way.
        self.as_person(
            "PUT",
            f"cards/{self.store_card('Password reset loop')['id']}",
            name="Password reset loop (again)",
        )
        backend.action_synchronize()
        tasks = self.env["project.task"].search([("project_id", "=", project.id)])
        self.assertIn("Password reset loop (again)", tasks.mapped("name"))

    def test_project_users_cannot_synchronize(self):
        with self.assertRaises(AccessError):
            self.env["trello.project.project"].with_user(self.user_a).import_board(
                self.backend.with_user(self.user_a), self.board["id"]
            )
        self.assertFalse(self.backend.project_binding_ids)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo.tests.common import new_test_user

from .common_export import TrelloExportCase

CARD = "Rework the navigation"


class TestExportComment(TrelloExportCase):
    """Chatter -> card comments, and back, without duplicates."""

    def setUp(self):
        super().setUp()
        self.card = self.card_named(CARD)
        self.task = self.card_binding(self.card["id"]).odoo_id

    def comments(self):
        return [
            a
            for a in self.emulator.store.actions.values()
            if a["type"] == "commentCard"
            and a["data"].get("card", {}).get("id") == self.card["id"]
        ]

    def test_note_becomes_a_signed_comment_once(self):
        before = len(self.comments())
        admin = self.env.ref("base.user_admin")
        message = self.task.with_user(admin).message_post(
            body=Markup("Please check the <strong>menu</strong>."),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        message = message.sudo()
        message.trello_export()
        comments = self.comments()
        self.assertEqual(len(comments), before + 1)
        newest = max(comments, key=lambda a: a["id"])
        author = admin.name
        self.assertEqual(
            newest["data"]["text"], f"**{author}**: Please check the **menu**."
        )
        self.assertEqual(message.trello_bind_ids.external_id, newest["id"])

        messages = self.env["mail.message"].search_count(
            [("model", "=", "project.task"), ("res_id", "=", self.task.id)]
        )
        self.backend.action_synchronize()
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "project.task"), ("res_id", "=", self.task.id)]
            ),
            messages,
            "the import does not bring the comment back",
        )

        message.body = "<p>Please check the <em>footer</em>.</p>"
        message.trello_export()
        self.assertEqual(
            self.emulator.store.actions[newest["id"]]["data"]["text"],
            f"**{author}**: Please check the *footer*.",
        )
        message.unlink()
        self.assertNotIn(newest["id"], self.emulator.store.actions)

    def test_a_project_users_note_is_exported_as_that_user(self):
        """The export job runs as the user who posted the note: a project
        user, who may not read the connector's bindings (found in the demo:
        the job failed with an access error)."""
        user = new_test_user(
            self.env, login="project_user", groups="project.group_project_user"
        )
        self.task.message_subscribe(partner_ids=user.partner_id.ids)
        before = len(self.comments())
        message = self.task.with_user(user).message_post(
            body="Done on my side.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.env.invalidate_all()  # the job reads in a transaction of its own
        message.with_user(user).trello_export()
        comments = self.comments()
        self.assertEqual(len(comments), before + 1)
        newest = max(comments, key=lambda a: a["id"])
        self.assertEqual(newest["data"]["text"], f"**{user.name}**: Done on my side.")
        self.assertEqual(message.sudo().trello_bind_ids.external_id, newest["id"])

    def test_imported_comment_is_not_sent_back(self):
        self.as_person(
            "POST", f"cards/{self.card['id']}/actions/comments", text="From bob"
        )
        self.backend.action_synchronize()
        note = (
            self.env["trello.mail.message"]
            .search([("card_binding_id.odoo_id", "=", self.task.id)])
            .filtered(lambda m: "From bob" in m.body)
        )
        self.assertEqual(len(note), 1)
        self.emulator.reset_counters()
        self.assertEqual(
            note.odoo_id.trello_export(),
            ["Written in Trello by another member: only its author can edit it."],
        )
        self.assertEqual(self.request_count(), 0)

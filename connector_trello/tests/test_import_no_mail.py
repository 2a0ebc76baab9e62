# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An import that assigns a user sends no "You have been assigned" mail.

Trello already told its member (its own notification and e-mail): Odoo's
assignation mail for the same card would be a second one, for a change
nobody made in Odoo. An assignment made in Odoo keeps Odoo's mail.
"""

from .common_export import TrelloExportCase


class TestImportNoMail(TrelloExportCase):
    def assignation_messages(self, user):
        """Odoo's assignation notices to ``user`` (the e-mail and the
        inbox notification come from this one message)."""
        return self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
                ("model", "=", "project.task"),
            ]
        )

    def emails_to(self, user):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", user.partner_id.ids)]
        )

    def test_an_import_assigning_a_user_sends_no_mail(self):
        user = self.map_member("alice")
        user.write({"email": "alice@example.com", "notification_type": "email"})
        store = self.emulator.store
        alice = next(m for m in store.members.values() if m["username"] == "alice")
        card = store.cards[self.card_named("Dark mode")["id"]]
        cases = [
            (
                "Dark mode",
                lambda: store.add_card_member(alice["id"], card, alice["id"]),
            ),
            (
                "Cookie consent v2",
                lambda: store.create_card(
                    alice["id"],
                    card["idList"],
                    name="Cookie consent v2",
                    id_members=[alice["id"]],
                ),
            ),
        ]
        for name, change in cases:
            with self.subTest(card=name):
                with store.lock:
                    change()
                self.backend.action_synchronize()
                self.env.flush_all()
                self.assertIn(user, self.task_named(name).user_ids)
                self.assertFalse(self.assignation_messages(user))
                self.assertFalse(self.emails_to(user))

    def test_an_assignment_in_odoo_keeps_odoos_mail(self):
        user = self.map_member("bob")
        user.write({"email": "bob@example.com", "notification_type": "email"})
        # mapped: the member's cards are assigned to the user, no mail
        self.assertFalse(self.assignation_messages(user))
        task = self.task_named("Dark mode")
        task.user_ids = [(4, user.id)]
        self.env.flush_all()
        self.assertEqual(len(self.assignation_messages(user)), 1)

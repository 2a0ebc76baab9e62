# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Erasing a Trello member's personal data (account deleted, or forgotten).

The member's name, username and e-mail go, with the copies the connector
made (the author name of the member's comments); its row and Trello id stay,
so the comments and cards stay linked, and no later import brings the
values back.
"""

from odoo.tests.common import new_test_user

from .hardening_common import SupportBoardCase

ACME = "ACME cannot download invoice"  # bob's card on Support
ERASED = "Erased Trello member"


class TestErasePersonalData(SupportBoardCase):
    def setUp(self):
        super().setUp()
        self.bob = self.emulator.other_member_id
        self.card = self.store_card(ACME)
        self.store.add_comment(self.bob, self.card, "Invoice sent again.")
        self.backend.action_synchronize()

    def member(self, external_id):
        return self.backend.member_ids.filtered(lambda m: m.external_id == external_id)

    def bob_notes(self):
        return self.env["trello.mail.message"].search(
            [("trello_member_id", "=", self.member(self.bob).id)]
        )

    def test_erase_empties_the_member_and_its_comments_author(self):
        bob = self.member(self.bob)
        notes = self.bob_notes()
        self.assertEqual(notes.mapped("email_from"), ["Bob Lee (Trello)"])
        bob.action_erase_personal_data()
        self.assertTrue(bob.personal_data_erased)
        self.assertTrue(bob.personal_data_erased_date)
        self.assertEqual(
            (bob.username, bob.full_name, bob.email), (False, False, False)
        )
        self.assertEqual(bob.display_name, ERASED)
        self.assertEqual(bob.external_id, self.bob, "the row and its id stay")
        self.assertEqual(self.bob_notes(), notes, "the comments stay linked")
        self.assertEqual(notes.mapped("email_from"), [ERASED])
        self.assertEqual(notes.card_binding_id.odoo_id, self.task_of(self.card))
        self.assertIn("Invoice sent again.", self.texts(notes)[0])

    def test_imports_do_not_bring_the_data_back(self):
        bob = self.member(self.bob)
        bob.action_erase_personal_data()
        self.store.add_comment(self.bob, self.card, "One more thing.")
        self.backend.action_synchronize()
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=True
        )
        self.assertEqual(
            (bob.username, bob.full_name, bob.email), (False, False, False)
        )
        self.assertEqual(len(self.bob_notes()), 2)
        self.assertEqual(self.bob_notes().mapped("email_from"), [ERASED, ERASED])

    def test_a_mapped_member_keeps_its_user_and_comments_author(self):
        user = new_test_user(self.env, login="robert", name="Robert L.")
        bob = self.member(self.bob)
        bob.user_id = user
        bob.action_erase_personal_data()
        self.assertEqual(bob.user_id, user, "the mapping is Odoo's, not Trello's")
        self.assertIn(user, self.task_of(self.card).user_ids)

    def test_the_token_member_leaves_the_backend_too(self):
        alice = self.member(self.emulator.member_id)
        self.assertEqual(self.backend.member_username, "alice")
        alice.action_erase_personal_data()
        self.assertFalse(self.backend.member_username)
        self.assertFalse(alice.email)

    def test_the_documented_shell_command(self):
        """USAGE.md's ``odoo shell`` snippet, as written there."""
        env = self.env
        backend = env["trello.backend"].browse(self.backend.id)  # BACKEND_ID
        env["trello.member"].search(
            [("backend_id", "=", backend.id), ("external_id", "in", [self.bob])]
        ).action_erase_personal_data()
        self.assertTrue(self.member(self.bob).personal_data_erased)
        self.assertFalse(self.member(self.emulator.member_id).personal_data_erased)

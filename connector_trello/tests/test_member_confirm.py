# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Suggestions are confirmed by a connector manager, never applied unseen.

A rename in Trello keeps a mapping an admin made or Trello verified, and
changes only the suggestion of an unmapped member; the confirm buttons
refuse a suggestion that changed since the admin saw it, and refuse
everyone but connector managers.
"""

import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user

from .hardening_common import SupportBoardCase

ACME = "ACME cannot download invoice"  # bob's card on Support


class MembersCase(SupportBoardCase):
    def setUp(self):
        super().setUp()
        self.user_alice = new_test_user(
            self.env, login="alice@example.com", name="Alice M."
        )
        self.user_bob = new_test_user(self.env, login="bob", name="Robert L.")
        self.user_dana = new_test_user(self.env, login="dcruz", name="Dana Cruz")

    def member(self, username):
        return self.backend.member_ids.filtered(lambda m: m.username == username)

    def rename_in_trello(self, member_id, username, full_name):
        """The member renames themselves in Trello; a full import reads it.

        (A rename is no action of the board: an incremental import, which
        reads the board's members only when its actions say they changed,
        learns it at the next full import.)
        """
        self.store.members[member_id].update(username=username, fullName=full_name)
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=True
        )


class TestRenameAfterMapping(MembersCase):
    def test_a_rename_keeps_a_verified_or_admin_mapping(self):
        self.backend.action_synchronize()
        alice, bob = self.member("alice"), self.member("bob")
        self.assertEqual(alice.match_method, "verified")
        bob.with_context(expected_user_id=self.user_bob.id).action_confirm_suggestion()
        for who in (alice, bob):
            with self.subTest(method=who.match_method):
                user, method = who.user_id, who.match_method
                self.rename_in_trello(who.external_id, "dcruz", "Dana Cruz")
                self.assertEqual(who.full_name, "Dana Cruz")
                self.assertEqual((who.user_id, who.match_method), (user, method))
                self.assertFalse(who.suggested_user_id)

    def test_a_rename_by_hand_mapping_is_kept(self):
        self.backend.action_synchronize()
        bob = self.member("bob")
        bob.user_id = self.user_bob
        self.assertEqual(bob.match_method, "manual")
        self.rename_in_trello(bob.external_id, "dcruz", "Dana Cruz")
        self.assertEqual((bob.user_id, bob.match_method), (self.user_bob, "manual"))

    def test_a_rename_changes_a_suggestion_never_applies_it(self):
        self.backend.action_synchronize()
        bob = self.member("bob")
        self.assertEqual(bob.suggested_user_id, self.user_bob)
        self.rename_in_trello(bob.external_id, "dcruz", "Dana Cruz")
        self.assertFalse(bob.user_id)
        self.assertEqual(bob.suggested_user_id, self.user_dana)
        self.assertEqual(bob.suggestion_reason, "login")
        card = next(c for c in self.store_cards(self.board["id"]) if c["name"] == ACME)
        self.assertFalse(self.task_of(card).user_ids)


class TestConfirm(MembersCase):
    def test_confirming_maps_the_member_and_assigns_its_cards(self):
        self.backend.action_synchronize()
        bob = self.member("bob")
        card = next(c for c in self.store_cards(self.board["id"]) if c["name"] == ACME)
        self.assertFalse(self.task_of(card).user_ids)
        bob.with_context(expected_user_id=self.user_bob.id).action_confirm_suggestion()
        self.assertEqual(bob.user_id, self.user_bob)
        self.assertEqual(bob.match_method, "confirmed")
        self.assertFalse(bob.suggested_user_id)
        self.assertEqual(self.task_of(card).user_ids, self.user_bob)

    def test_a_suggestion_changed_since_the_page_was_loaded_is_refused(self):
        self.backend.action_synchronize()
        bob = self.member("bob")
        seen = bob.suggested_user_id
        self.rename_in_trello(bob.external_id, "dcruz", "Dana Cruz")
        with self.assertRaises(UserError):
            bob.with_context(expected_user_id=seen.id).action_confirm_suggestion()
        self.assertFalse(bob.user_id)

    def test_no_suggestion_nothing_to_confirm(self):
        self.backend.action_synchronize()
        self.user_bob.login = "robert"
        bob = self.member("bob")
        self.backend.action_match_members()
        self.assertFalse(bob.suggested_user_id)
        with self.assertRaises(UserError):
            bob.action_confirm_suggestion()
        with self.assertRaises(UserError):
            self.backend.action_review_member_suggestions()

    def test_confirm_all_applies_only_what_the_admin_saw(self):
        carol = self.store.add_member("carol2", "Carol Diaz")
        self.store.add_board_member(
            self.emulator.member_id, self.board["id"], carol["id"]
        )
        user_carol = new_test_user(self.env, login="carol.d", name="Carol Diaz")
        self.backend.action_synchronize()
        action = self.backend.action_review_member_suggestions()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(
            {(line.member_id.username, line.user_id) for line in wizard.line_ids},
            {("bob", self.user_bob), ("carol2", user_carol)},
        )
        # bob renames himself after an employee while the list is open
        self.rename_in_trello(self.member("bob").external_id, "dcruz", "Dana Cruz")
        result = wizard.action_confirm()
        self.assertEqual(result["params"]["type"], "warning")
        bob = self.member("dcruz")
        self.assertFalse(bob.user_id)
        self.assertEqual(bob.suggested_user_id, self.user_dana)
        self.assertEqual(self.member("carol2").user_id, user_carol)
        self.assertEqual(self.member("carol2").match_method, "confirmed")


class TestMemberActionsAccess(MembersCase):
    """Each public method refuses project users, project managers, portal."""

    def test_only_connector_managers_confirm_erase_or_match(self):
        self.backend.action_synchronize()
        bob = self.member("bob")
        action = self.backend.action_review_member_suggestions()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        callers = {
            "project user": new_test_user(
                self.env, login="pu", groups="project.group_project_user"
            ),
            "project manager": new_test_user(
                self.env, login="pm", groups="project.group_project_manager"
            ),
            "portal user": new_test_user(
                self.env, login="portal_u", groups="base.group_portal"
            ),
        }
        calls = {
            "confirm a suggestion": lambda user: bob.with_user(user)
            .with_context(expected_user_id=self.user_bob.id)
            .action_confirm_suggestion(),
            "erase personal data": lambda user: bob.with_user(
                user
            ).action_erase_personal_data(),
            "match members": lambda user: self.backend.with_user(
                user
            ).action_match_members(),
            "review suggestions": lambda user: self.backend.with_user(
                user
            ).action_review_member_suggestions(),
            "confirm all": lambda user: wizard.with_user(user).action_confirm(),
        }
        for who, user in callers.items():
            for what, call in calls.items():
                with self.subTest(who=who, what=what):
                    with self.assertRaises(AccessError):
                        call(user)
        self.env.invalidate_all()
        self.assertFalse(bob.user_id)
        self.assertEqual(bob.suggested_user_id, self.user_bob)
        self.assertEqual(bob.full_name, "Bob Lee")
        self.assertFalse(bob.personal_data_erased)


class TestUpgrade(MembersCase):
    """Mappings made by the old automatic matching survive the upgrade."""

    def _migrate(self):
        path = (
            Path(__file__).resolve().parents[1]
            / "migrations"
            / "18.0.1.1.0"
            / "pre-migration.py"
        )
        spec = importlib.util.spec_from_file_location("trello_pre_migration", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.env.flush_all()
        module.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()

    def test_old_automatic_mappings_count_as_admin_made(self):
        self.backend.action_synchronize()
        alice, bob = self.member("alice"), self.member("bob")
        bob.user_id = self.user_bob
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE trello_member SET match_method = %s WHERE id = %s",
            ("login", bob.id),
        )
        self.env.cr.execute(
            "UPDATE trello_member SET user_id = NULL, match_method = %s WHERE id = %s",
            ("name", alice.id),
        )
        self._migrate()
        self.assertEqual((bob.user_id, bob.match_method), (self.user_bob, "manual"))
        self.assertEqual(
            (alice.user_id, alice.match_method), (self.env["res.users"], False)
        )
        # and a rename in Trello keeps it, as any admin-made mapping
        self.rename_in_trello(bob.external_id, "dcruz", "Dana Cruz")
        self.assertEqual(bob.user_id, self.user_bob)

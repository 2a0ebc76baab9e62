# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A Trello member is an Odoo user only on a verified identity.

A member chooses their own username and full name: matching them with an
Odoo user's login or name would let anyone on a board post as an employee.
Only the e-mail Trello returns for the token's own member (verified by
Trello) or an admin's decision maps a member automatically; the rest are
suggestions the admin confirms.
"""

from odoo.tests.common import new_test_user

from .hardening_common import SupportBoardCase


class TestMemberIdentity(SupportBoardCase):
    def _sync_with_impostor(self):
        """A board member named and nicknamed like an Odoo user comments."""
        user = new_test_user(self.env, login="dcruz", name="Dana Cruz")
        store, alice = self.store, self.emulator.member_id
        impostor = store.add_member("dcruz", "Dana Cruz")
        store.add_board_member(alice, self.board["id"], impostor["id"])
        card = self.store_card("Password reset loop")
        store.add_card_member(alice, card, impostor["id"])
        store.add_comment(impostor["id"], card, "Approved, ship it.")
        self.backend.action_synchronize()
        member = self.env["trello.member"].search(
            [
                ("backend_id", "=", self.backend.id),
                ("external_id", "=", impostor["id"]),
            ]
        )
        return user, member, card

    def test_a_namesake_is_not_matched(self):
        user, member, card = self._sync_with_impostor()
        self.assertEqual(len(member), 1)
        self.assertFalse(member.user_id)
        self.assertNotIn(user, self.task_of(card).user_ids)

    def test_a_namesake_does_not_comment_as_the_user(self):
        user, member, card = self._sync_with_impostor()
        note = self.env["trello.mail.message"].search(
            [("trello_member_id", "=", member.id)]
        )
        self.assertEqual(len(note), 1)
        self.assertNotEqual(note.author_id, user.partner_id)
        self.assertNotIn(user.email or "@@", note.email_from or "")
        self.assertEqual(note.email_from, "Dana Cruz (Trello)")

    def test_the_token_member_is_mapped_on_its_verified_email(self):
        user = new_test_user(self.env, login="alice@example.com", name="A. M.")
        self.backend.action_synchronize()
        alice = self.backend.member_ids.filtered(
            lambda m: m.external_id == self.emulator.member_id
        )
        self.assertEqual(alice.email, "alice@example.com")
        self.assertEqual((alice.user_id, alice.match_method), (user, "verified"))

    def test_without_the_account_scope_the_token_member_is_only_suggested(self):
        """Trello gives the e-mail only to a token with ``account``."""
        user = new_test_user(self.env, login="alice@example.com", name="Alice Martin")
        token = "e" * 64
        self.store.tokens[token] = self.emulator.member_id
        self.store.token_scopes[token] = ["read", "write"]
        self.backend.api_token = token
        self.backend.action_synchronize()
        alice = self.backend.member_ids.filtered(
            lambda m: m.external_id == self.emulator.member_id
        )
        self.assertFalse(alice.email)
        self.assertFalse(alice.user_id)
        self.assertEqual(alice.suggested_user_id, user)
        self.assertEqual(alice.suggestion_reason, "name")


#: Each way a member may meet a user: (case, the user, the member, what
#: follows). ``TOKEN`` is the token's own member (its e-mail is verified by
#: Trello); ``OTHER`` any other member of the board.
TOKEN, OTHER = "token", "other"
MATCH_CASES = [
    (
        "the token member's verified e-mail is a user's login",
        {"login": "ann@example.com", "name": "Ann Lee"},
        {"who": TOKEN, "email": "ann@example.com", "full_name": "Annie"},
        ("mapped", "verified"),
    ),
    (
        "the verified e-mail, case aside",
        {"login": "ann@example.com", "name": "Ann Lee"},
        {"who": TOKEN, "email": "Ann@Example.com"},
        ("mapped", "verified"),
    ),
    (
        "the verified e-mail is only a user's e-mail (which a user may change)",
        {"login": "ann", "email": "ann@example.com", "name": "Ann Lee"},
        {"who": TOKEN, "email": "ann@example.com"},
        ("suggested", "email"),
    ),
    (
        "another member's e-mail is a user's login",
        {"login": "ann@example.com", "name": "Ann Lee"},
        {"who": OTHER, "email": "ann@example.com"},
        ("suggested", "email"),
    ),
    (
        "the username is a user's login",
        {"login": "annlee", "name": "Ann Lee"},
        {"who": OTHER, "username": "annlee", "full_name": "A. L."},
        ("suggested", "login"),
    ),
    (
        "the token member without its e-mail (a token without 'account')",
        {"login": "annlee", "name": "Ann Lee"},
        {"who": TOKEN, "username": "annlee"},
        ("suggested", "login"),
    ),
    (
        "the full name is a user's name",
        {"login": "ann", "name": "Ann Lee"},
        {"who": OTHER, "username": "al", "full_name": "ann lee"},
        ("suggested", "name"),
    ),
    (
        "named and nicknamed like a user",
        {"login": "annlee", "name": "Ann Lee"},
        {"who": OTHER, "username": "annlee", "full_name": "Ann Lee"},
        ("suggested", "login"),
    ),
    (
        "nothing in common",
        {"login": "ann", "name": "Ann Lee"},
        {"who": OTHER, "username": "bo", "full_name": "Bo", "email": "b@e.com"},
        ("nothing", False),
    ),
    (
        "a portal user's login is never matched",
        {"login": "ann@example.com", "name": "Ann Lee", "groups": "base.group_portal"},
        {"who": TOKEN, "email": "ann@example.com"},
        ("nothing", False),
    ),
]


class TestMatchingTable(SupportBoardCase):
    """Every way of matching, each on a backend of its own."""

    def _backend(self, index):
        return self.env["trello.backend"].create(
            {
                "name": f"Case {index}",
                "api_url": self.emulator.api_url,
                "member_external_id": "a" * 24,
            }
        )

    def test_each_way_of_matching(self):
        for index, (case, user_values, member_values, expected) in enumerate(
            MATCH_CASES
        ):
            with self.subTest(case=case):
                backend = self._backend(index)
                user = new_test_user(
                    self.env,
                    **dict({"groups": "base.group_user"}, **user_values),
                )
                member_values = dict(member_values)
                who = member_values.pop("who")
                member = self.env["trello.member"].create(
                    dict(
                        member_values,
                        backend_id=backend.id,
                        external_id="a" * 24 if who == TOKEN else "b" * 24,
                    )
                )
                try:
                    self._check(member, user, *expected)
                finally:
                    # the user of one case must not meet the next case's member
                    user.write(
                        {
                            "login": f"old-case-{index}",
                            "name": f"Old case {index}",
                            "email": False,
                        }
                    )

    def _check(self, member, user, outcome, how):
        if outcome == "mapped":
            self.assertEqual(member.user_id, user)
            self.assertEqual(member.match_method, how)
            self.assertFalse(member.suggested_user_id)
            return
        self.assertFalse(member.user_id)
        self.assertFalse(member.match_method)
        if outcome == "suggested":
            self.assertEqual(member.suggested_user_id, user)
            self.assertEqual(member.suggestion_reason, how)
        else:
            self.assertFalse(member.suggested_user_id)
            self.assertFalse(member.suggestion_reason)

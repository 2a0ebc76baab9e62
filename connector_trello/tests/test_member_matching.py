# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A user is suggested for a member only when the match is unambiguous.

A name is only ever a suggestion (a member chooses it in Trello), and even
then a wrong suggestion is worse than none: two users with the member's
name, or two members with one user's name, suggest nobody.
"""

from odoo.tests.common import new_test_user

from .hardening_common import SupportBoardCase


class TestAmbiguousMembers(SupportBoardCase):
    def _member(self, external_id, **values):
        return self.env["trello.member"].create(
            dict({"backend_id": self.backend.id, "external_id": external_id}, **values)
        )

    def test_two_users_with_the_member_name_suggest_none(self):
        new_test_user(self.env, login="dana1", name="Dana Cruz")
        new_test_user(self.env, login="dana2", name="Dana Cruz")
        member = self._member("d" * 24, full_name="Dana Cruz", username="dcruz")
        self.assertFalse(member.user_id)
        self.assertFalse(member.match_method)
        self.assertFalse(member.suggested_user_id)

    def test_one_user_with_the_member_name_is_suggested_not_mapped(self):
        user = new_test_user(self.env, login="dana1", name="Dana Cruz")
        member = self._member("d" * 24, full_name="dana cruz", username="dcruz")
        self.assertFalse(member.user_id)
        self.assertEqual(member.suggested_user_id, user)
        self.assertEqual(member.suggestion_reason, "name")

    def test_two_members_with_one_name_suggest_none(self):
        new_test_user(self.env, login="dana1", name="Dana Cruz")
        first = self._member("d" * 24, full_name="Dana Cruz", username="dcruz")
        second = self._member("f" * 24, full_name="Dana Cruz", username="dana_c")
        self.assertFalse(second.suggested_user_id)
        self.assertFalse(first.suggested_user_id, "the first suggestion is undone")
        self.assertFalse(first.suggestion_reason)

    def test_two_members_with_one_name_created_together_suggest_none(self):
        new_test_user(self.env, login="dana1", name="Dana Cruz")
        members = self.env["trello.member"].create(
            [
                {
                    "backend_id": self.backend.id,
                    "external_id": external_id,
                    "full_name": "Dana Cruz",
                }
                for external_id in ("d" * 24, "f" * 24)
            ]
        )
        self.assertFalse(members.user_id)
        self.assertFalse(members.suggested_user_id)

    def test_two_members_of_one_name_on_a_board_are_not_assigned(self):
        """Through the import: neither card gets the namesake user."""
        user = new_test_user(self.env, login="lee", name="Sam Lee")
        store, alice = self.store, self.emulator.member_id
        twins = [store.add_member(f"sam{i}", "Sam Lee") for i in (1, 2)]
        cards = []
        for twin in twins:
            store.add_board_member(alice, self.board["id"], twin["id"])
            cards.append(
                store.create_card(
                    alice,
                    store.board_lists(self.board["id"])[0]["id"],
                    f"Card of {twin['username']}",
                    id_members=[twin["id"]],
                )
            )
        self.backend.action_synchronize()
        members = self.env["trello.member"].search(
            [
                ("backend_id", "=", self.backend.id),
                ("external_id", "in", [t["id"] for t in twins]),
            ]
        )
        self.assertEqual(len(members), 2)
        self.assertFalse(members.user_id)
        for card in cards:
            self.assertNotIn(user, self.task_of(card).user_ids)

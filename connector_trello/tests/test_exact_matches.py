# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Names and e-mails are compared exactly (case aside): ``_`` and ``%`` are
characters, not the wildcards of ``LIKE``, in suggestions as in the
verified match."""

from odoo.tests.common import new_test_user

from .hardening_common import SupportBoardCase


class TestExactMatches(SupportBoardCase):
    def _member(self, **values):
        return self.env["trello.member"].create(
            dict(
                {"backend_id": self.backend.id, "external_id": "e" * 24},
                **values,
            )
        )

    def test_an_underscore_in_an_email_is_no_wildcard(self):
        new_test_user(
            self.env, login="firstXlast@example.com", email="firstXlast@example.com"
        )
        member = self._member(email="first_last@example.com", username="fl42")
        self.assertFalse(member.user_id)
        self.assertFalse(member.suggested_user_id)

    def test_an_underscore_in_a_verified_email_is_no_wildcard(self):
        new_test_user(self.env, login="firstXlast@example.com")
        member = self._member(
            external_id=self.backend.member_external_id,
            email="first_last@example.com",
        )
        self.assertEqual(member.external_id, self.emulator.member_id)
        self.assertFalse(member.user_id)
        self.assertFalse(member.suggested_user_id)

    def test_an_underscore_in_a_login_is_no_wildcard(self):
        new_test_user(self.env, login="firstXlast", email="fx@example.com")
        member = self._member(username="first_last")
        self.assertFalse(member.user_id)
        self.assertFalse(member.suggested_user_id)

    def test_a_percent_in_a_name_is_no_wildcard(self):
        new_test_user(self.env, login="ann", name="Ann Lee Smith")
        member = self._member(full_name="Ann%Smith")
        self.assertFalse(member.user_id)
        self.assertFalse(member.suggested_user_id)

    def test_exact_matches_still_ignore_case(self):
        user = new_test_user(
            self.env, login="first_last@example.com", email="First_Last@example.com"
        )
        member = self._member(email="FIRST_LAST@example.com")
        # another member's e-mail is a suggestion (only the token member's
        # is verified: see test_member_identity)
        self.assertFalse(member.user_id)
        self.assertEqual(member.suggested_user_id, user)
        self.assertEqual(member.suggestion_reason, "email")

    def test_an_underscore_in_a_label_is_no_wildcard(self):
        other = self.env["project.tags"].create({"name": "onXhold"})
        label = self.store.create_label(
            self.emulator.member_id, self.board["id"], "on_hold", "purple"
        )
        self.backend.action_synchronize()
        tag = self.label_binding(label).odoo_id
        self.assertNotEqual(tag, other)
        self.assertEqual(tag.name, "on_hold")
        self.assertEqual(other.name, "onXhold")

    def test_a_label_reuses_the_tag_of_its_name_whatever_the_case(self):
        tag = self.env["project.tags"].create({"name": "URGENT"})
        self.backend.action_synchronize()
        self.assertEqual(self.label_binding(self.store_label("Urgent")).odoo_id, tag)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The backend form refuses, on save, what can only fail later: each
refusal a sentence naming the backend, the field and what to type."""

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase

KEY = "0c2b6e8f4a1d9e7b3c5a8f2d6e4b1a9c"

#: (field, value, accepted, words the refusal must hold)
CASES = [
    ("api_url", "https://api.trello.com/1", True, None),
    ("api_url", "https://api.trello.com/1/", True, None),
    ("api_url", "https://trello.example.com:8443/api/1", True, None),
    ("api_url", "http://127.0.0.1:8765/1", True, None),
    ("api_url", "http://localhost:8765/1", True, None),
    ("api_url", "http://[::1]:8765/1", True, None),
    ("api_url", "http://127.1.2.3/1", True, None),
    ("api_url", "not a url", False, "is not a web address"),
    ("api_url", "api.trello.com/1", False, "is not a web address"),
    ("api_url", "ftp://api.trello.com/1", False, "is not a web address"),
    ("api_url", "https://", False, "is not a web address"),
    ("api_url", "https://api.trello.com:port/1", False, "is not a web address"),
    ("api_url", "http://api.trello.com/1", False, "must start with https://"),
    ("api_url", "http://10.0.0.5:8765/1", False, "must start with https://"),
    ("api_url", "https://api.trello.com/1?key=abc", False, "no query string"),
    ("api_url", "https://me:pw@api.trello.com/1", False, "no query string"),
    ("api_key", KEY, True, None),
    ("api_key", KEY.upper(), True, None),
    ("api_key", f" {KEY}\n", True, None),
    ("api_key", "", False, "must be 32 letters and digits"),
    ("api_key", "   ", False, "must be 32 letters and digits"),
    ("api_key", KEY[:31], False, "must be 32 letters and digits"),
    ("api_key", KEY + "0", False, "must be 32 letters and digits"),
    ("api_key", "g" * 32, False, "must be 32 letters and digits"),
    ("api_token", "a1f0" * 16, True, None),
    ("api_token", "ATTA" + "a1f0" * 17, True, None),
    ("api_token", "", False, "The token of Checked is empty"),
    ("api_token", "  ", False, "The token of Checked is empty"),
    ("api_token", "abc def", False, "Get a Token"),
    ("api_token", "abc\ndef", False, "Get a Token"),
    ("api_secret", "5ec7" * 16, True, None),
    ("api_secret", " ", False, "The application secret of Checked is empty"),
    ("api_secret", "sécret", False, "Power-Up's admin page"),
]


class TestBackendInputChecks(TransactionCase):
    def test_good_and_bad_inputs(self):
        refused = accepted = 0
        for field, value, ok, words in CASES:
            with self.subTest(field=field, value=value):
                values = {"name": "Checked", "api_key": KEY, field: value}
                if ok:
                    backend = self.env["trello.backend"].create(values)
                    self.assertEqual(backend.sudo()[field], value)
                    backend.write({field: value})
                    accepted += 1
                    continue
                with self.assertRaises(ValidationError) as cm:
                    self.env["trello.backend"].create(values)
                text = str(cm.exception.args[0])
                self.assertIn(words, text)
                self.assertIn("Checked", text)
                if field != "api_url":  # a credential is never repeated
                    self.assertNotIn(value.strip() or "\x00", text)
                # an existing backend refuses it the same way
                backend = self.env["trello.backend"].create({"name": "Checked"})
                with self.assertRaises(ValidationError):
                    backend.write({field: value})
                refused += 1
        self.assertEqual((accepted, refused), (13, 20))

    def test_cleared_credentials_are_accepted(self):
        backend = self.env["trello.backend"].create(
            {"name": "Checked", "api_key": KEY, "api_token": "t0k", "api_secret": "s"}
        )
        backend.write({"api_key": False, "api_token": False, "api_secret": False})
        self.assertFalse(backend.sudo().api_key)

    def test_demo_backend_passes(self):
        backend = self.env.ref(
            "connector_trello.trello_backend_demo", raise_if_not_found=False
        )
        if not backend:
            self.skipTest("installed without demo data")
        backend._check_api_url()
        backend._check_api_key()
        backend._check_token_and_secret()

    def test_an_empty_field_is_named_before_any_request(self):
        for field, words in (
            ("api_key", "The API key of"),
            ("api_token", "The token of"),
        ):
            with self.subTest(field=field):
                backend = self.env["trello.backend"].create(
                    {"name": "Checked", "api_key": KEY, "api_token": "t0k"}
                )
                backend.write({field: False})
                with self.assertRaises(UserError) as cm:
                    backend.action_check_connection()
                self.assertEqual(
                    cm.exception.args[0],
                    f"{words} Checked is empty: enter it on the backend's form, "
                    "save, then try again.",
                )


class TestFormLayout(TransactionCase):
    def test_technical_fields_in_debug_only(self):
        arch = etree.fromstring(
            self.env.ref("connector_trello.trello_backend_view_form").arch_db.encode()
        )
        field = arch.find(".//field[@name='member_external_id']")
        group = field.getparent()
        self.assertEqual(
            (group.get("name"), group.get("groups")), ("technical", "base.group_no_one")
        )
        self.assertIsNotNone(arch.find(".//field[@name='member_username']"))

    def test_direction_help_is_for_an_admin(self):
        help_text = self.env["trello.backend"]._fields["sync_direction"].help
        self.assertNotIn("importer", help_text)
        self.assertIn("only from Trello to Odoo", help_text)

    def test_synchronized_projects_carry_a_trello_mark(self):
        arch = self.env["project.project"].get_views([(False, "kanban")])["views"][
            "kanban"
        ]["arch"]
        self.assertIn('name="trello_mark"', arch)
        self.assertIn("record.trello_url.raw_value", arch)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping


class TrelloMemberImportMapper(Component):
    """Member -> trello.member (the user is matched, never created)."""

    _name = "trello.member.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.member"]

    direct = [("username", "username"), ("fullName", "full_name")]

    @mapping
    def email(self, record):
        # Trello shows a member's e-mail to that member only: keep the one
        # we learnt, do not erase it when another token reads the board.
        return {"email": record["email"]} if record.get("email") else {}

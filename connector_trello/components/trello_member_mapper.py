# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping


class TrelloMemberImportMapper(Component):
    """Member -> trello.member (the user is matched, never created)."""

    _name = "trello.member.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.member"]

    def _erased(self):
        """Whether the member's personal data was erased: it stays so."""
        binding = self.options.binding
        return bool(binding and binding.personal_data_erased)

    @mapping
    def names(self, record):
        if self._erased():
            return {}
        return {"username": record.get("username"), "full_name": record.get("fullName")}

    @mapping
    def email(self, record):
        # Trello shows a member's e-mail to that member only: keep the one
        # we learnt, do not erase it when another token reads the board.
        if self._erased() or not record.get("email"):
            return {}
        return {"email": record["email"]}

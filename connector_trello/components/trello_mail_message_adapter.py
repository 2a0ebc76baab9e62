# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloMailMessageAdapter(Component):
    """Comments are ``commentCard`` actions (``/actions/{id}``)."""

    _name = "trello.mail.message.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.mail.message"]
    _trello_path = "actions"
    _created_in_route = "cards/{container}/actions"
    _created_in_params = {"filter": "commentCard", "limit": 1000}

    def create_comment(self, card_id, text):
        """``POST /cards/{id}/actions/comments``: the new ``commentCard``."""
        return self.client.post(f"cards/{card_id}/actions/comments", text=text)

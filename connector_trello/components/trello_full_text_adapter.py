# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloFullTextAdapter(Component):
    """The Markdown files of whole texts: attachments of their card."""

    _name = "trello.full.text.adapter"
    _inherit = "trello.ir.attachment.adapter"
    _apply_on = ["trello.full.text"]

    def delete(self, external_id, card_id=None):  # pylint: disable=method-required-super
        return self.client.delete(f"cards/{card_id}/attachments/{external_id}")

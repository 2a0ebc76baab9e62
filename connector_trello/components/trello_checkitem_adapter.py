# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloCheckitemAdapter(Component):
    """Check items: Trello reads them through their card's checklists."""

    _name = "trello.checkitem.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.checkitem"]
    _trello_path = "checkItems"

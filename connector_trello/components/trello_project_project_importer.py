# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectProjectImporter(Component):
    """Board record -> project (the board importer drives the rest)."""

    _name = "trello.project.project.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.project.project"]
    _synced_keys = ("name", "desc", "closed")

    def _get_trello_data(self):
        return self.backend_adapter.read_board(self.external_id)

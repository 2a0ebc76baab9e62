# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloCheckitemBulkImporter(Component):
    """The check items of a page of cards, as sub-tasks, in a few queries."""

    _name = "trello.checkitem.bulk.importer"
    _inherit = "trello.bulk.importer"
    _apply_on = ["trello.checkitem"]

    def _dependencies(self, item):
        """The item's member (as the check item importer's)."""
        return [("trello.member", item.record.get("idMember"), None, {})]

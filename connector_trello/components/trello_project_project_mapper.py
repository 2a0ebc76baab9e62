# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping, only_create

from ..tools import markdown_to_html
from .trello_import_mapper import not_closed


class TrelloProjectProjectImportMapper(Component):
    """Board -> project."""

    _name = "trello.project.project.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.project.project"]

    direct = [
        ("url", "trello_url"),
        ("desc", "trello_desc"),
        (not_closed("closed"), "active"),
    ]

    @mapping
    def description(self, record):
        """Written only when Trello's Markdown changed (the importer's
        ``_written_with``): a description the export shortened stays whole."""
        return {"description": markdown_to_html(record.get("desc"))}

    @mapping
    def name(self, record):
        return self._name_kept_whole(record)

    @only_create
    @mapping
    def company_id(self, record):
        return {"company_id": self.backend_record.company_id.id}

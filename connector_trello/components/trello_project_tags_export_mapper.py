# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import changed_by, mapping, only_create

from ..tools import fit_text, trello_color


class TrelloProjectTagsExportMapper(Component):
    """Tag -> label of a board: name and colour."""

    _name = "trello.project.tags.export.mapper"
    _inherit = "trello.export.mapper"
    _apply_on = ["trello.project.tags"]

    @changed_by("name")
    @mapping
    def name(self, record):
        """A label without a name was imported as a tag named after its
        colour: it stays without a name while the tag keeps that name."""
        synced = record._get_synced_values()
        if not synced.get("name") and record.external_id:
            colour_name = (synced.get("color") or "label").replace("_", " ")
            if record.name == colour_name:
                return {"name": ""}
        return {"name": fit_text(record.name)}

    @changed_by("color")
    @mapping
    def color(self, record):
        current = record._get_synced_values().get("color")
        return {"color": trello_color(record.color, current)}

    @only_create
    @mapping
    def id_board(self, record):
        return {"idBoard": record.project_binding_id.external_id}

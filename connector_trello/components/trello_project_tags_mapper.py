# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping

from ..tools import odoo_color


class TrelloProjectTagsImportMapper(Component):
    """Label -> tag. A label without a name is named after its colour."""

    _name = "trello.project.tags.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.project.tags"]

    direct = [("name", "trello_name"), ("color", "trello_color")]

    @mapping
    def name(self, record):
        name = (record.get("name") or "").strip()
        return {"name": name or (record.get("color") or "label").replace("_", " ")}

    @mapping
    def color(self, record):
        return {"color": odoo_color(record.get("color"))}

    @mapping
    def project_binding_id(self, record):
        board = self.options.project_binding
        return {"project_binding_id": board.id} if board else {}

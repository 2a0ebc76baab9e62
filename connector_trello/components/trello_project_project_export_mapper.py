# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import changed_by, mapping, only_create

from ..tools import fit_text, html_to_markdown, markdown_to_html, same_html


class TrelloProjectProjectExportMapper(Component):
    """Project -> board: name, description and archived state.

    A board made by the export starts empty (no default lists or labels):
    the project's stages become its lists.
    """

    _name = "trello.project.project.export.mapper"
    _inherit = "trello.export.mapper"
    _apply_on = ["trello.project.project"]

    @changed_by("name")
    @mapping
    def name(self, record):
        return {"name": fit_text(record.name)}

    @changed_by("description")
    @mapping
    def desc(self, record):
        synced = record.trello_desc or ""
        if same_html(record.description, markdown_to_html(synced)):
            return {"desc": synced}
        # over Trello's limit: shortened and marked, whole in Odoo
        return {"desc": fit_text(html_to_markdown(record.description))}

    @changed_by("active")
    @mapping
    def closed(self, record):
        """An archived project closes its board (and the import, which maps
        a closed board to an archived project, leaves it archived)."""
        if not record.external_id:
            return {}  # a board is created open
        return {"closed": not record.active}

    @only_create
    @mapping
    def empty_board(self, record):
        return {"defaultLists": False, "defaultLabels": False}

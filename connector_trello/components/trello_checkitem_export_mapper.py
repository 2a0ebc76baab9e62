# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import changed_by, mapping

from ..tools import fit_text
from .trello_project_task_mapper import DONE_STATE


class TrelloCheckitemExportMapper(Component):
    """Sub-task -> check item of its card: name and done state."""

    _name = "trello.checkitem.export.mapper"
    _inherit = "trello.export.mapper"
    _apply_on = ["trello.checkitem"]

    @changed_by("name")
    @mapping
    def name(self, record):
        return {"name": fit_text(record.name)}

    @changed_by("state")
    @mapping
    def state(self, record):
        return {"state": "complete" if record.state == DONE_STATE else "incomplete"}

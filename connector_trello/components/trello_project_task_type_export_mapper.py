# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import changed_by, mapping, only_create

from ..tools import fit_text


class TrelloProjectTaskTypeExportMapper(Component):
    """Stage -> list of its board: name, archived, position."""

    _name = "trello.project.task.type.export.mapper"
    _inherit = "trello.export.mapper"
    _apply_on = ["trello.project.task.type"]

    @changed_by("name")
    @mapping
    def name(self, record):
        return {"name": fit_text(record.name)}

    @changed_by("active")
    @mapping
    def closed(self, record):
        return {"closed": not record.active}

    @changed_by("sequence")
    @mapping
    def pos(self, record):
        siblings = (
            self.env["trello.project.task.type"]
            .with_context(active_test=False)
            .search([("project_binding_id", "=", record.project_binding_id.id)])
        )
        return {"pos": self._keep_or_place(record, self._in_order(siblings))}

    @only_create
    @mapping
    def id_board(self, record):
        return {"idBoard": record.project_binding_id.external_id}

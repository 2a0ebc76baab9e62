# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping, only_create

from .trello_import_mapper import not_closed


class TrelloProjectTaskTypeImportMapper(Component):
    """List -> stage of its board's project (never shared across projects)."""

    _name = "trello.project.task.type.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.project.task.type"]

    direct = [
        ("name", "name"),
        ("pos", "trello_pos"),
        (not_closed("closed"), "active"),
    ]

    @mapping
    def project_binding_id(self, record):
        return {"project_binding_id": self.options.project_binding.id}

    @mapping
    def fold(self, record):
        """An archived list's stage is folded in the kanban, unfolded when
        the list is sent back to the board."""
        return {"fold": bool(record.get("closed"))}

    @only_create
    @mapping
    def project_ids(self, record):
        project = self.options.project_binding.odoo_id
        return {"project_ids": [Command.set(project.ids)]}

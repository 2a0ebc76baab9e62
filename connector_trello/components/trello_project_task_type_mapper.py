# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping, only_create

from ..sparse_sequence import from_pos
from .trello_import_mapper import not_closed


class TrelloProjectTaskTypeImportMapper(Component):
    """List -> stage of its board's project (never shared across projects)."""

    _name = "trello.project.task.type.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.project.task.type"]

    direct = [
        ("pos", "trello_pos"),
        (not_closed("closed"), "active"),
    ]

    @mapping
    def name(self, record):
        return self._name_kept_whole(record)

    @mapping
    def project_binding_id(self, record):
        return {"project_binding_id": self.options.project_binding.id}

    @mapping
    def fold(self, record):
        """An archived list's stage is folded in the kanban, unfolded when
        the list is sent back to the board.

        Only when Trello archived or restored it (or at create): a stage a
        user folded in Odoo stays folded when its list is read again.
        """
        closed = bool(record.get("closed"))
        binding = self.options.get("binding")
        if binding and bool(binding._get_synced_values().get("closed")) == closed:
            return {}
        return {"fold": closed}

    @only_create
    @mapping
    def project_ids(self, record):
        project = self.options.project_binding.odoo_id
        return {"project_ids": [Command.set(project.ids)]}

    @only_create
    @mapping
    def sequence(self, record):
        """A first ``sequence`` from the list's ``pos``: in Trello's order
        and sparse, so the board's ranking (the resequencer) keeps it."""
        return {"sequence": from_pos(record.get("pos"))}

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class ProjectTaskTypeListener(Component):
    """A stage changed by a person: its list follows (a new stage of a
    synchronized project becomes a list)."""

    _name = "trello.project.task.type.listener"
    _inherit = "trello.export.listener"
    _apply_on = ["project.task.type"]
    _binding_model = "trello.project.task.type"

    def _export_backends(self, record):
        boards = (
            record.trello_bind_ids.project_binding_id
            | record.project_ids.trello_bind_ids
        )
        return boards.filtered(
            lambda board: board.external_id and not board.trello_deleted
        ).backend_id

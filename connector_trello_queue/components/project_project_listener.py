# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class ProjectProjectListener(Component):
    """A synchronized project edited by a person: its board follows.

    A new project is never exported implicitly: only its "Export to Trello"
    button creates a board.
    """

    _name = "trello.project.project.listener"
    _inherit = "trello.export.listener"
    _apply_on = ["project.project"]
    _binding_model = "trello.project.project"
    _export_on_create = False

    def _export_backends(self, record):
        return record.trello_bind_ids.filtered(
            lambda board: board.external_id and not board.trello_deleted
        ).backend_id

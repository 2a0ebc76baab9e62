# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from ..export_batch import coalescing_delay


class ProjectTaskListener(Component):
    """A task changed by a person: its card (or check item) follows.

    A new task of a synchronized board becomes a card; a sub-task is the
    check item of its parent's card.
    """

    _name = "trello.project.task.listener"
    _inherit = "trello.export.listener"
    _apply_on = ["project.task"]
    _binding_model = "trello.project.task"

    def _export_backends(self, record):
        task = record.parent_id or record
        boards = (
            task.trello_bind_ids.project_binding_id | task.project_id.trello_bind_ids
        )
        return boards.filtered(
            lambda board: board.external_id and not board.trello_deleted
        ).backend_id

    def _export_delay(self, record):
        """The coalescing window when another task of the project is being
        exported: a burst's edits go together (``export_batch``)."""
        return coalescing_delay(record.sudo())

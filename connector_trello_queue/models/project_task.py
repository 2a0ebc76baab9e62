# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..export_batch import companions


class ProjectTask(models.Model):
    _inherit = "project.task"

    def _trello_export_companions(self, bindings):
        """In a task's export job, the waiting cards of its boards too: a
        burst of edits is exported after one read of the board (``export_batch``)."""
        return super()._trello_export_companions(bindings) | companions(self, bindings)

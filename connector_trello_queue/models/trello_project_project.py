# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class TrelloProjectProject(models.Model):
    _inherit = "trello.project.project"

    @api.model
    def import_board(self, backend, external_id, **kwargs):
        with self._trello_job(backend) as job_backend:
            return super().import_board(job_backend, external_id, **kwargs)

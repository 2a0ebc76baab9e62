# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class TrelloSyncLog(models.Model):
    _inherit = "trello.sync.log"

    job_id = fields.Many2one("queue.job", string="Job", compute="_compute_job_id")

    def _compute_job_id(self):
        """The job of a line, by its uuid (None once queue_job forgot it)."""
        uuids = [uuid for uuid in self.mapped("job_uuid") if uuid]
        jobs = self.env["queue.job"].sudo().search([("uuid", "in", uuids)])
        by_uuid = {job.uuid: job for job in jobs}
        for line in self:
            line.job_id = by_uuid.get(line.job_uuid)

    def action_open_job(self):
        """Open the line's job (for who may read jobs)."""
        self.ensure_one()
        self.check_access("read")
        job = self.job_id.exists()
        if not job:
            return None
        job.sudo(False).check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "queue.job",
            "res_id": job.id,
            "view_mode": "form",
        }

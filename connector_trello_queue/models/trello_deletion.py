# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..jobs import delay_deletion


class TrelloDeletion(models.Model):
    _inherit = "trello.deletion"

    def _follow_in_trello(self):
        """A job per deletion, delayed in the transaction of the unlink.

        The job exists only if that transaction commits, that is once Odoo's
        unlink succeeded; it retries while Trello fails, as the exports do.
        """
        for deletion in self.sudo():
            delay_deletion(deletion)

    @api.private
    def send_to_trello(self):
        """Job: archive or delete the object in Trello (never over RPC).

        A deletion whose row is gone (its transaction rolled back before the
        job ran) has nothing to send.
        """
        results = []
        for deletion in self.sudo().exists():
            Bindings = self.env[deletion.binding_model]
            with Bindings._trello_job(deletion.backend_id) as job_backend:
                deletion.with_env(job_backend.env)._send()
                results.append(deletion.result)
        return results

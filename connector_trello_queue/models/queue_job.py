# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class QueueJob(models.Model):
    _inherit = "queue.job"

    def _trello_job_subject(self):
        """The binding model, backend and Trello id a connector job is about.

        Every job of the connector takes the backend first and the Trello id
        second.
        """
        self.ensure_one()
        args = self.args or []
        if len(args) < 2 or getattr(args[0], "_name", None) != "trello.backend":
            return None, None, None
        return self.env[self.model_name], args[0], args[1]

    def related_action_trello_open_in_trello(self):
        """Related action "Open in Trello": the object the job is about."""
        model, backend, external_id = self._trello_job_subject()
        if model is None:
            return None
        url = model._job_trello_url(backend, external_id)
        if not url:
            return self.related_action_trello_open_record()
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}

    def related_action_trello_open_record(self):
        """Related action "Open the Odoo record": the record bound to it."""
        model, backend, external_id = self._trello_job_subject()
        if model is None:
            return None
        binding = model._job_binding(backend, external_id)
        if not binding:
            return None
        record = binding.odoo_id if "odoo_id" in binding._fields else binding
        return {
            "name": self.env._("Related Record"),
            "type": "ir.actions.act_window",
            "view_mode": "form",
            "res_model": record._name,
            "res_id": record.id,
        }

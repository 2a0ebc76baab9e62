# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.queue_job.job import FAILED


class TrelloBackendRecovery(models.AbstractModel):
    """A backend stopped by a refused token, and resumed by itself.

    A 401 on the token's own routes in a job stops the backend
    (``_record_sync_error``): no job is scheduled for it and its ticked
    boards say *Stopped*. Once *Check Connection* succeeds,
    ``_resume_synchronization`` requeues the jobs failed meanwhile and
    imports every ticked board from its actions. An abstract model the
    backend inherits (connector_trello_queue's ``trello.backend``).
    """

    _name = "trello.backend.recovery"
    _description = "Trello Backend: Stop and Recovery"

    sync_error = fields.Text(
        string="Synchronization Error",
        readonly=True,
        copy=False,
        help="Set when Trello refused the token in a job: no job is scheduled "
        "for this backend (cron, webhooks) until the connection is checked "
        "again.",
    )
    sync_error_date = fields.Datetime(
        string="Stopped Since",
        readonly=True,
        copy=False,
        help="When Trello refused the token: the jobs that failed since then "
        "are sent again once the connection is confirmed.",
    )

    def _record_sync_error(self, message, since=None):
        """Keep the error on the backend, in a transaction of its own.

        The failing job's transaction is rolled back: written there, the
        error would be lost with it. ``since``: when the job that met the
        error started (the jobs failed since then are sent again once the
        connection is confirmed); now when not given.
        """
        self.ensure_one()
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr, su=True)
            backend = env["trello.backend"].browse(self.id).exists()
            values = {"sync_error": message}
            since = since or fields.Datetime.now()
            if not backend.sync_error_date or since < backend.sync_error_date:
                values["sync_error_date"] = since  # the first refused job's
            backend.write(values)
            backend.board_ids.filtered("synchronize")._record_stopped(message)
        self.invalidate_recordset(["sync_error", "sync_error_date"])
        self.board_ids.invalidate_recordset()

    def _resume_synchronization(self):
        """After the token was refused and is confirmed again: send again
        the jobs that failed meanwhile (the edits saved while it was
        refused) and import every ticked board from its actions (what the
        webhooks dropped meanwhile told). Returns the sentence saying so.
        """
        since = self.sync_error_date
        self.write({"sync_error": False, "sync_error_date": False})
        jobs = self._failed_jobs_since(since)
        jobs.requeue()
        imports = self._delay_board_imports()
        return self.env._(
            "Synchronization resumed: %(jobs)s failed jobs sent again, "
            "%(boards)s boards imported for what changed meanwhile.",
            jobs=len(jobs),
            boards=len(imports),
        )

    def _failed_jobs_since(self, since):
        """The connector's jobs of this backend that failed since ``since``
        (the token's refusal; all of them when unknown).

        The domain keeps the connector's jobs (those of its binding and
        deletion models, and the export jobs of the Odoo records): the
        backend, an argument of the job, is then told apart in Python among
        those only.
        """
        domain = [
            ("state", "=", FAILED),
            "|",
            ("model_name", "=like", "trello.%"),
            ("method_name", "=", "trello_export"),
        ]
        if since:
            domain.append(("date_started", ">=", since))
        jobs = self.env["queue.job"].sudo().search(domain)
        return jobs.filtered(lambda job: job._trello_backend() == self)

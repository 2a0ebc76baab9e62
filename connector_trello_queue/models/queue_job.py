# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.connector_trello.usage import TRIGGER_CONTEXT_KEY
from odoo.addons.queue_job.job import DONE, FAILED, PENDING

#: The job methods that import a board: their failure is the board's.
BOARD_IMPORT_METHODS = ("import_board", "import_board_page", "import_board_finish")
#: The job methods of a project's export to a new board (see its binding).
PROJECT_EXPORT_METHODS = (
    "export_board_start",
    "export_board_cards",
    "attach_board_start",
)
#: The job methods that send Odoo's changes to Trello, and what the
#: synchronization log says started them.
EXPORT_METHODS = {
    "trello_export": "edit",
    "send_to_trello": "edit",
    **dict.fromkeys(PROJECT_EXPORT_METHODS, "project_export"),
}


class QueueJob(models.Model):
    _inherit = "queue.job"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == FAILED:
            self._trello_record_failed_imports()
        if vals.get("state") in (FAILED, PENDING):
            self._trello_record_project_exports(vals)
        if vals.get("state") in (DONE, FAILED):
            self._trello_log_exports()
        return result

    def _trello_log_exports(self):
        """An export job done or failed for good: a line of the
        synchronization log (imports write theirs with the board's line).

        Written in queue_job's transaction: a failed job's own was rolled
        back with its error.
        """
        log = self.env["trello.sync.log"].sudo()
        for job in self:
            trigger = EXPORT_METHODS.get(job.method_name)
            if not trigger:
                continue
            backend, board, record = job._trello_export_subject()
            if not backend:
                continue
            ok = job.state == DONE
            summary = job.name if ok else (job.exc_message or job.exc_name or job.name)
            log._log(
                backend,
                "export",
                ok,
                summary,
                trigger=trigger,
                job_uuid=job.uuid,
                board_id=board.id,
                res_model=record._name,
                res_id=record.id,
            )

    def _trello_export_subject(self):
        """The backend, board line and Odoo record an export job is about
        (empty records when it is about nothing of the connector's)."""
        self.ensure_one()
        empty = self.env["trello.backend"], self.env["trello.board"]
        record = self.records.sudo().exists()[:1]
        if not record:
            return *empty, record
        if record._name == "trello.deletion":
            return record.backend_id, empty[1], record
        if record._name == "trello.project.project":
            board = record.backend_id.board_ids.filtered(
                lambda b, ext=record.external_id: b.external_id == ext
            )
            return record.backend_id, board[:1], record.odoo_id
        about = record
        if record._name in ("mail.message", "ir.attachment"):
            model = record.model if record._name == "mail.message" else record.res_model
            if model == "project.task":
                about = self.env["project.task"].sudo().browse(record.res_id).exists()
        if about._name == "project.task":
            about = about.parent_id or about
            bindings = about.project_id.trello_bind_ids
        else:
            bindings = about["trello_bind_ids"] if "trello_bind_ids" in about else ()
        if not bindings:
            return *empty, record
        binding = bindings[:1]
        board = binding.backend_id.board_ids.filtered(
            lambda b, ext=binding.external_id: b.external_id == ext
        )
        return binding.backend_id, board[:1], record

    def _trello_record_project_exports(self, vals):
        """A job of a project's export retried, failed or requeued: its
        board binding says so (the project's form shows it).

        Written in queue_job's own transaction, as the import's failures:
        the job's was rolled back with its error.
        """
        for job in self:
            if (
                job.model_name != "trello.project.project"
                or job.method_name not in PROJECT_EXPORT_METHODS
            ):
                continue
            board = job.records.sudo().exists()
            if not board:
                continue
            if vals["state"] == FAILED:
                error = job.exc_message or job.exc_name or job.name
                board._write_export_state("failed", error)
            else:  # retried later (its error as result), or requeued
                board._write_export_state("running", vals.get("result") or None)

    def _trello_record_failed_imports(self):
        """A board import job that failed for good says so on its board.

        The job's own transaction was rolled back with its error; queue_job
        stores the failure in a transaction of its own, and the board's line
        on the backend form (last synchronization, status, result) is written
        in that one: the admin sees the failure where the successes show.
        """
        for job in self:
            if (
                job.model_name != "trello.project.project"
                or job.method_name not in BOARD_IMPORT_METHODS
            ):
                continue
            _model, backend, external_id = job._trello_job_subject()
            if not backend:
                continue
            boards = backend.sudo().board_ids.filtered(
                lambda b, ext=external_id: b.external_id == ext
            )
            trigger = job.records.env.context.get(TRIGGER_CONTEXT_KEY)
            boards.with_context(**{TRIGGER_CONTEXT_KEY: trigger})._record_sync_result(
                False,
                self.env._(
                    "The import job failed: %(error)s",
                    error=job.exc_message or job.exc_name or job.name,
                ),
                job_uuid=job.uuid,
            )

    def _trello_backend(self):
        """The backend a connector job works for (empty for other jobs)."""
        self.ensure_one()
        _model, backend, _external_id = self._trello_job_subject()
        if backend:
            return backend
        if EXPORT_METHODS.get(self.method_name):
            return self._trello_export_subject()[0]
        return self.env["trello.backend"]

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
        """Related action "Open in Trello": the object the job is about.

        For who may read the job (queue_job's managers): over RPC, anyone
        could otherwise read the Trello address of any job's object.
        """
        self.check_access("read")
        model, backend, external_id = self._trello_job_subject()
        if model is None:
            return self._trello_open_exported_record(in_trello=True)
        url = model._job_trello_url(backend, external_id)
        if not url:
            return self.related_action_trello_open_record()
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}

    def related_action_trello_open_record(self):
        """Related action "Open the Odoo record": the record bound to it
        (for who may read the job, as above)."""
        self.check_access("read")
        model, backend, external_id = self._trello_job_subject()
        if model is None:
            return self._trello_open_exported_record()
        binding = model._job_binding(backend, external_id)
        if not binding:
            return None
        record = binding.odoo_id if "odoo_id" in binding._fields else binding
        return self._trello_record_form(record)

    def _trello_open_exported_record(self, in_trello=False):
        """The related action of a job whose record is the subject.

        An export job runs ``trello_export()`` on the Odoo record itself, and
        a deletion job ``send_to_trello()`` on its ``trello.deletion`` (no
        backend argument): "Open in Trello" opens the record's card or board
        when it has one, the record otherwise.
        """
        self.ensure_one()
        record = self.records.exists()
        if len(record) != 1:
            return None
        if in_trello and "trello_url" in record._fields and record.trello_url:
            return {
                "type": "ir.actions.act_url",
                "url": record.trello_url,
                "target": "new",
            }
        return self._trello_record_form(record)

    def _trello_record_form(self, record):
        """The related action opening ``record``'s form."""
        return {
            "name": self.env._("Related Record"),
            "type": "ir.actions.act_window",
            "view_mode": "form",
            "res_model": record._name,
            "res_id": record.id,
        }

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import api, fields, models

from odoo.addons.connector_trello import usage
from odoo.addons.connector_trello.client import TrelloAccessError
from odoo.addons.queue_job.utils import must_run_without_delay

from ..jobs import (
    PAGE_JOBS_CONTEXT,
    PROJECT_EXPORT_PAGE_SIZE,
    delay_project_export_cards,
    live_job_with_prefix,
    project_export_identity_prefix,
)


class TrelloProjectProject(models.Model):
    _inherit = "trello.project.project"

    page_import_token = fields.Char(
        string="Paged Import",
        readonly=True,
        copy=False,
        help="Set while a full import of this board runs as a chain of page "
        "jobs: it names that import, whose jobs do nothing once another import "
        "replaced it. While it is set, another import of the board waits.",
    )
    page_import_start = fields.Datetime(
        string="Paged Import Started", readonly=True, copy=False
    )
    page_import_page = fields.Integer(
        string="Card Pages Stored",
        readonly=True,
        copy=False,
        help="Card pages (of 1,000 cards) the running paged import has stored.",
    )

    export_state = fields.Selection(
        [("running", "Under way"), ("done", "Done"), ("failed", "Failed")],
        string="Board Export",
        readonly=True,
        copy=False,
        help="The export of the project to this new board, run as jobs: the "
        "board and its lists, then the cards by pages.",
    )
    export_error = fields.Text(
        string="Board Export Error",
        readonly=True,
        copy=False,
        help="The last error a job of the project's export met (retried, or "
        "failed for good).",
    )

    @api.model
    def import_board(self, backend, external_id, **kwargs):
        with self._trello_job(backend) as job_backend:
            if self._delays_page_jobs(job_backend):
                job_backend = job_backend.with_context(**{PAGE_JOBS_CONTEXT: True})
            try:
                with self.env.cr.savepoint():
                    return super().import_board(job_backend, external_id, **kwargs)
            except TrelloAccessError as err:
                if not self.env.context.get("job_uuid"):
                    raise
                # the token is fine: this board's line says why, the job
                # ends, and the other boards' jobs go on
                lines = backend.sudo().board_ids.filtered(
                    lambda b: b.external_id == external_id
                )
                return lines._record_no_access(err) if lines else str(err)

    def _delays_page_jobs(self, backend):
        """Whether a large full import may go on in page jobs.

        Only in a job (a synchronous import, the Synchronize button under
        ``queue_job__no_delay``, stays one transaction) and when the jobs it
        delays (from the backend's environment) are queued: with
        ``QUEUE_JOB__NO_DELAY`` they would run inline, each inside the one
        before.
        """
        return bool(self.env.context.get("job_uuid")) and not must_run_without_delay(
            backend.env
        )

    @api.private
    @api.model
    def import_board_page(self, backend, external_id, state):
        """Job: import one card page of a full import read by page jobs
        (never over RPC: its ``state`` is the chain's own).

        ``state`` is the import's token, the page number and cursor, the
        checkpoint read with the board and the counts so far (see
        ``trello.board.page.importer``). It delays the next page, or after the
        last one the final job.
        """
        return self._run_page_importer(backend, external_id, "run_page", state)

    @api.private
    @api.model
    def import_board_finish(self, backend, external_id, state):
        """Job: end a full import read by page jobs, once every page is stored
        (never over RPC).

        It archives the cards gone from Trello, imports the comments, ranks
        the tasks and moves the checkpoint, then clears the board's marker.
        """
        return self._run_page_importer(backend, external_id, "finish", state)

    def _run_page_importer(self, backend, external_id, step, state):
        with self._trello_job(backend) as job_backend:
            with job_backend._work_on_trello(self._name) as work:
                importer = work.component(usage=usage.BOARD_PAGE_IMPORTER)
                summary = getattr(importer, step)(external_id, state)
        if summary is None:
            # replaced by a newer import: the board's line keeps its outcome
            return self.env._(
                "Board %(board)s: this job belongs to a full import that another "
                "import replaced; it did nothing.",
                board=external_id,
            )
        backend.board_ids.filtered(
            lambda b: b.external_id == external_id
        )._record_sync_result(True, summary)
        return summary

    # -- the project's export, as a chain of jobs ---------------------------

    @api.private
    def export_board_start(self):
        """Job: create (or bind) the board and its lists, tick it, then delay
        the first card page (never over RPC).

        Run as who clicked *Export to Trello*, checked again here.
        """
        self.ensure_one()
        self._check_export_board_caller()
        with self._project_page_exporter() as exporter:
            board = self.with_env(exporter.env)
            result = exporter.run_board(board)
            done, total = exporter.progress(board)
        if not self.sudo().external_id:
            # refused without an error (the backend now imports only)
            self.sudo()._write_export_state("failed", result)
            return result
        self._delay_next_card_page(done, total)
        return result

    @api.private
    def export_board_cards(self, first, last):
        """Job: export the next page of the project's cards (never over RPC).

        ``first`` and ``last`` only name the page: the job exports the
        tasks still without a card when it runs, so that a retry, or a
        second run of the chain, resumes where the export stopped.
        """
        self.ensure_one()
        self._check_export_board_caller()
        if not self.sudo().external_id:
            return self.env._("The board is not in Trello yet: nothing to do.")
        with self._project_page_exporter() as exporter:
            board = self.with_env(exporter.env)
            exported = exporter.run_page(board, PROJECT_EXPORT_PAGE_SIZE)
            done, total = exporter.progress(board)
            pending = exporter.pending_tasks(board, limit=1)
        if pending and not exported:
            # Nothing of the page went through, yet nothing failed: never
            # loop on what the card exporter keeps skipping.
            message = self.env._(
                "Trello export of «%(name)s» stopped: %(count)s tasks could not "
                "be exported.",
                name=board.odoo_id.display_name,
                count=total - done,
            )
            board._write_export_state("failed", message)
            return message
        self._delay_next_card_page(done, total)
        return self.env._(
            "Cards %(first)s-%(last)s exported: %(done)s of %(total)s tasks.",
            first=first,
            last=last,
            done=done,
            total=total,
        )

    @api.private
    def attach_board_start(self, export_tasks):
        """Job: synchronize the board with the existing project it is bound
        to (never over RPC): lists matched to stages, the board imported,
        the stages without a list exported, then, with ``export_tasks``,
        the card pages of the project's export for its tasks without a card.

        Run as who clicked *Synchronize* in the wizard, checked again here
        (the wizard's own checks). A retry, or a second run, binds nothing
        twice: what is bound is found again.
        """
        self.ensure_one()
        self._check_connector_rights()
        wizard = self._attach_wizard(export_tasks)
        wizard._check_caller()
        wizard._check_project()
        with self._trello_job(self.sudo().backend_id) as job_backend:
            # an outage while reading or importing the board is retried by
            # the runner, not said as the click's sentence (a failed job)
            binding, text = wizard._apply_board(
                job_backend.with_context(trello_retry_outages=True)
            )
            with job_backend._work_on_trello(self._name) as work:
                exporter = work.component(usage=usage.EXPORTER)
                exporter.binding = binding.with_env(work.env)
                exporter._export_lists(exporter.binding)
        if not export_tasks:
            self.sudo()._write_export_state("done", False)
            return text
        with self._project_page_exporter() as exporter:
            done, total = exporter.progress(self.with_env(exporter.env))
        self._delay_next_card_page(done, total)
        return text

    def _attach_wizard(self, export_tasks):
        """The wizard the job runs, as the click left it (a transient
        record of the job's user: its checks and steps are the click's)."""
        board = self.sudo()
        line = board.backend_id.board_ids.filtered(
            lambda b: b.external_id == board.external_id
        )[:1]
        return self.env["trello.board.attach.wizard"].create(
            {
                "board_id": line.id,
                "project_id": board.odoo_id.id,
                "export_tasks": export_tasks,
            }
        )

    def _check_export_board_caller(self):
        """The job's user still may export the project (the button's rule)."""
        self._check_connector_rights()
        self.odoo_id._check_trello_export_board_caller()

    @contextmanager
    def _project_page_exporter(self):
        """The chain's exporter, in a job within the shared request budget
        (``_trello_job``), working as the connector."""
        backend = self.sudo().backend_id
        with self._trello_job(backend) as job_backend:
            with job_backend._work_on_trello(self._name) as work:
                yield work.component(usage=usage.PROJECT_PAGE_EXPORTER)

    def _delay_next_card_page(self, done, total):
        """Delay the next card page, or mark the export done."""
        if done >= total:
            self.sudo()._write_export_state("done", False)
            return
        last = min(done + PROJECT_EXPORT_PAGE_SIZE, total)
        delay_project_export_cards(self, done + 1, last)

    def _write_export_state(self, state, error=None):
        values = {"export_state": state}
        if error is not None:
            values["export_error"] = error
        self.with_context(connector_no_export=True).write(values)

    def _export_chain_goes_on(self):
        """Whether a job of this board's export will still run (or runs)."""
        prefix = project_export_identity_prefix(self)
        return live_job_with_prefix(self.env, prefix)

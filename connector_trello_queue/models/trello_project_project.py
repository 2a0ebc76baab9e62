# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.connector_trello import usage
from odoo.addons.queue_job.utils import must_run_without_delay

from ..jobs import PAGE_JOBS_CONTEXT


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

    @api.model
    def import_board(self, backend, external_id, **kwargs):
        with self._trello_job(backend) as job_backend:
            if self._delays_page_jobs(job_backend):
                job_backend = job_backend.with_context(**{PAGE_JOBS_CONTEXT: True})
            return super().import_board(job_backend, external_id, **kwargs)

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

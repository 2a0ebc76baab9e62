# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import api, models

from odoo.addons.connector_trello.client import (
    TRELLO_ERRORS,
    TrelloAccessError,
    TrelloAuthenticationError,
    TrelloRetryableError,
)
from odoo.addons.connector_trello.errors import trello_words, with_sentence
from odoo.addons.connector_trello.usage import TRIGGER_CONTEXT_KEY
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError

#: Where Trello shows an object, by binding model (its id works in the URL).
TRELLO_WEB_PATHS = {
    "trello.project.project": "b",
    "trello.project.task": "c",
}


class TrelloBinding(models.AbstractModel):
    _inherit = "trello.binding"

    @api.model
    def _job_prepare_context_before_enqueue_keys(self):
        """A job keeps what triggered it (the button, the cron, a webhook):
        the synchronization log's lines of the job say it."""
        keys = super()._job_prepare_context_before_enqueue_keys()
        return (*keys, TRIGGER_CONTEXT_KEY)

    @api.model
    def import_record(self, backend, external_id, **kwargs):
        with self._trello_job(backend) as job_backend:
            return super().import_record(job_backend, external_id, **kwargs)

    @api.model
    def delete_record(self, backend, external_id, **kwargs):
        with self._trello_job(backend) as job_backend:
            return super().delete_record(job_backend, external_id, **kwargs)

    def export_record(self, fields=None, remote=None):
        self.ensure_one()
        with self._trello_job(self.sudo().backend_id) as job_backend:
            binding = self.with_env(job_backend.env(su=self.env.su))
            try:
                with self.env.cr.savepoint():
                    return super(TrelloBinding, binding).export_record(
                        fields=fields, remote=remote
                    )
            except TrelloAccessError as err:
                if not self.env.context.get("job_uuid"):
                    raise
                return self._trello_board_lost(err)

    def export_records(self, fields=None):
        """In a job, a 401 on one board's cards does not stop the others.

        The cards of a board are read in one request (their conflict check)
        and then written one by one: under the shared request budget, the
        first cards reach Trello right after that read (a board of 1,000
        open cards or more is read by batches of 10 instead, each costing 11
        of the budget).
        """
        results = []
        in_job = bool(self.env.context.get("job_uuid"))
        for backend in self.sudo().backend_id:
            bindings = self.filtered(
                lambda b, backend=backend: b.sudo().backend_id == backend
            )
            with self._trello_job(backend) as job_backend:
                bindings = bindings.with_env(job_backend.env(su=self.env.su))
                pieces = [bindings]
                if in_job and "project_binding_id" in bindings._fields:
                    pieces = bindings.grouped("project_binding_id").values()
                for piece in pieces:
                    try:
                        with self.env.cr.savepoint():
                            results += super(TrelloBinding, piece).export_records(
                                fields=fields
                            )
                    except TrelloAccessError as err:
                        if not in_job:
                            raise
                        # the other boards go on
                        results.append(piece._trello_board_lost(err))
        return results

    def _trello_board_lines(self):
        """The backend's lines (``trello.board``) of these bindings' boards."""
        boards = self.env["trello.project.project"]
        for binding in self.sudo():
            if binding._name == "trello.project.project":
                boards |= binding
            elif "project_binding_id" in binding._fields:
                boards |= binding.project_binding_id
            elif "card_binding_id" in binding._fields:
                boards |= binding.card_binding_id.project_binding_id
        return (
            self.env["trello.board"]
            .sudo()
            .search(
                [
                    ("backend_id", "in", boards.backend_id.ids),
                    (
                        "external_id",
                        "in",
                        [b.external_id for b in boards if b.external_id],
                    ),
                ]
            )
        )

    def _trello_board_lost(self, err):
        """A job's 401 on an object: its board's line says so (the token
        is fine, the other boards go on); the job ends with the sentence.

        Nothing is lost: the export compares Odoo with the values last
        synchronized, so once the board is reachable again the next export
        sends what this one could not.
        """
        lines = self._trello_board_lines()
        for line in lines:
            text = line._record_no_access(err)
        if not lines:
            text = self.env._(
                "Trello refused access to this object (%(error)s): the token "
                "cannot see its board any more.",
                error=str(err),
            )
        return text

    @contextmanager
    def _trello_job(self, backend):
        """Run a job's work: shared request budget, and Trello's errors as
        queue_job understands them.

        Outside a job (``job_uuid`` is set on the recordset of a running
        job), nothing changes: the synchronous callers keep their errors.

        * a 429 is retried after the delay of the rate-limit headers, and
          never counts as a failed try (the job cannot give up on it);
        * an outage follows the job function's retry pattern;
        * a 401 on the token fails the job with a sentence, and marks the
          backend so that no job is scheduled for it until the connection is
          checked again (a 401 on one board or card, ``TrelloAccessError``,
          is not the token's: the callers mark that board's line).
        """
        if not self.env.context.get("job_uuid"):
            yield backend
            return
        # the job's uuid and trigger go along: the synchronization log links
        # the job's lines to it (see trello.sync.log)
        job_keys = {
            key: self.env.context[key]
            for key in ("job_uuid", TRIGGER_CONTEXT_KEY)
            if key in self.env.context
        }
        try:
            yield backend.with_context(trello_request_budget=True, **job_keys)
        except TrelloAuthenticationError as err:
            message = backend.env._(
                "Trello refused the token of the backend «%(backend)s»: it is "
                "invalid, expired or revoked (Trello said: %(text)s). Enter a "
                "valid token, then check the connection: until then no job is "
                "scheduled for this backend.",
                backend=backend.name,
                text=trello_words(str(err)) or backend.env._("unauthorized"),
            )
            job = (
                self.env["queue.job"]
                .sudo()
                .search([("uuid", "=", self.env.context["job_uuid"])])
            )
            backend._record_sync_error(message, since=job.date_started)
            raise FailedJobError(message) from err
        except TrelloRetryableError as err:
            if err.throttled:
                raise RetryableJobError(
                    backend.env._(
                        "Trello asks to slow down: retried in %(seconds)s s.",
                        seconds=err.seconds,
                    ),
                    seconds=err.seconds,
                    ignore_retry=True,
                ) from err
            raise RetryableJobError(
                backend.env._(
                    "Trello is unavailable; the job is retried by itself. "
                    "%(sentence)s",
                    sentence=backend._describe_error(err),
                )
            ) from err
        except TRELLO_ERRORS as err:
            # Refused for good (400, 403, 404, 410, data it cannot use): the
            # same error, its text the admin's sentence (the job's message),
            # so that the callers within the job still tell them apart.
            if getattr(err, "trello_sentence", False):
                raise
            raise with_sentence(err, backend._describe_error(err, True)) from err

    # -- related actions of the jobs -------------------------------------

    @api.model
    def _job_binding(self, backend, external_id):
        """The binding a job about ``external_id`` worked on, if any."""
        return self.with_context(active_test=False).search(
            [("backend_id", "=", backend.id), ("external_id", "=", external_id)],
            limit=1,
        )

    @api.model
    def _job_trello_url(self, backend, external_id):
        """Where Trello shows the object a job is about (None: nowhere)."""
        binding = self._job_binding(backend, external_id)
        if "trello_url" in self._fields and binding.trello_url:
            return binding.trello_url
        path = TRELLO_WEB_PATHS.get(self._name)
        if path and external_id:
            return f"https://trello.com/{path}/{external_id}"
        return None

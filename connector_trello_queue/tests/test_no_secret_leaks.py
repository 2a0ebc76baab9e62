# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No key, token or secret outside the backend's own credential fields.

The final scan of ``tools/run_tests.py`` reads the log and what the tests
committed; the tests' transactions are rolled back, so this test runs the
main paths in its own transaction and scans it before the rollback: the
jobs (arguments, results, exception texts and tracebacks, as queue_job's
runner stores them), the chatter, the tracking values, ``ir_logging``, the
``trello_*`` tables, every log record, the errors and notifications the
admin sees, and the webhook controller's answers.

The paths: a successful import job, an export job, a job refused with a
401, a job that meets a 5xx then runs out of tries, a token pasted with a
line break, a proxy that echoes the request in its error page, the
connection check and the synchronization with a wrong token, and the
webhook's error answers.
"""

import json
import logging
import traceback
from contextlib import contextmanager
from unittest import mock
from urllib.parse import quote, urlsplit

import requests

from odoo.tools import SQL

from odoo.addons.connector_trello.tests.common import (
    DEFAULT_KEY,
    DEFAULT_SECRET,
    DEFAULT_TOKEN,
    OTHER_TOKEN,
)
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from ..controllers.webhook import webhook_signature
from ..jobs import board_import_job, record_export_identity
from .common import BOARD, QueueTrelloCase

#: A token Trello refuses (401): it must not leak more than a good one.
REFUSED_TOKEN = "e" * 64
#: Where a credential may be: the backend's own fields.
CREDENTIAL_COLUMNS = {
    ("trello_backend", f) for f in ("api_key", "api_token", "api_secret")
}
#: The tables scanned inside the transaction (and every trello_* table).
SCANNED_TABLES = ("queue_job", "mail_message", "mail_tracking_value", "ir_logging")
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


class RecordsHandler(logging.Handler):
    """Keeps every log record, formatted with its traceback."""

    def __init__(self):
        super().__init__()
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        self.texts = []

    def emit(self, record):
        self.texts.append(self.format(record))


class TestNoSecretLeaks(QueueTrelloCase):
    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.addCleanup(self.emulator.set_faults, "")
        self.board = self.fetch_and_tick(BOARD)
        # the credentials are written as an admin would: tracked, if ever
        self.tracked_backend = self.backend.with_context(tracking_disable=False)
        self.secrets = {
            "DEFAULT_KEY": DEFAULT_KEY,
            "DEFAULT_TOKEN": DEFAULT_TOKEN,
            "DEFAULT_SECRET": DEFAULT_SECRET,
            "OTHER_TOKEN": OTHER_TOKEN,
            "REFUSED_TOKEN": REFUSED_TOKEN,
        }
        #: (where, text) of what the admin, Trello or the log would see
        self.seen = []

    # -- running things as in production -----------------------------------

    def run_job(self, job_record):
        """Run a job as queue_job's runner does, and store what it stores.

        The runner's own failure paths roll the cursor back (which a test may
        not do): their writes are done here as ``RunJobController._runjob``
        does them. The traceback it logs is kept with what is seen.
        """
        job = Job.load(self.env, job_record.uuid)
        job.set_started()
        job.store()
        try:
            RunJobController._try_perform_job(self.env, job)
        except RetryableJobError as err:
            job.postpone(result=str(err), seconds=err.seconds)
            job.set_pending(reset_retry=False)
            job.store()
        except Exception as err:  # noqa: BLE001 (what the runner catches)
            text = traceback.format_exc()
            self.seen.append((f"traceback of job {job_record.name}", text))
            job.set_failed(**RunJobController._get_failure_values(job, text, err))
            job.store()
        job_record.invalidate_recordset()
        return job_record

    def click(self, where, action):
        """A button: its notification, or the error Odoo would show and log."""
        try:
            result = action()
        except Exception:  # noqa: BLE001 (shown in the error dialog, logged)
            self.seen.append((f"error of {where}", traceback.format_exc()))
            return None
        self.seen.append((f"answer of {where}", json.dumps(result, default=str)))
        return result

    def import_job(self):
        self.backend.sync_error = False
        backend = self.backend.with_env(self.delaying)
        board_id = self.board.external_id
        job = (
            backend.env["trello.project.project"]
            .with_delay(**board_import_job(backend, board_id))
            .import_board(backend, board_id)
        )
        # a job postponed by a path before is the one delayed again
        return self.run_job(job.db_record() if isinstance(job, Job) else job)

    def set_token(self, token):
        if "\n" in token.strip():
            # the form refuses it (trello_backend_checks); the client is the
            # second line of defence, for a token stored before that check
            self.tracked_backend.flush_recordset()
            self.env.cr.execute(
                "UPDATE trello_backend SET api_token = %s, state = 'confirmed' "
                "WHERE id = %s",
                (token, self.tracked_backend.id),
            )
            self.tracked_backend.invalidate_recordset()
        else:
            self.tracked_backend.write({"api_token": token, "state": "confirmed"})
        self.backend.sync_error = False

    @contextmanager
    def proxy_echoing_the_request(self, status):
        """An HTTP proxy in front of Trello whose error page quotes the request."""

        def request(method, url, headers=None, **kwargs):
            response = requests.Response()
            response.status_code = status
            response.url = url
            response._content = (
                f"<h1>{status} Bad Gateway</h1><pre>{method} {url}\n"
                + "\n".join(f"{k}: {v}" for k, v in (headers or {}).items())
                + "</pre>"
            ).encode()
            return response

        with mock.patch.object(requests.Session, "request", side_effect=request):
            yield

    # -- the scan ----------------------------------------------------------

    def leaks_in(self, texts):
        """``where: NAME`` of each secret in ``(where, text)``, never it."""
        return [
            f"{where}: {name}"
            for where, text in texts
            for name, value in self.secrets.items()
            if value in str(text) or quote(value, safe="") in str(text)
        ]

    def database_texts(self):
        """``(table.column row, value)`` of the scanned tables' text columns."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "SELECT table_name, column_name, data_type"
            "  FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
            "   AND (table_name IN %s OR table_name LIKE 'trello\\_%%')"
            "   AND table_name IN (SELECT table_name FROM information_schema.tables"
            "                       WHERE table_type = 'BASE TABLE')",
            (SCANNED_TABLES,),
        )
        columns = cr.fetchall()
        with_id = {table for table, column, _type in columns if column == "id"}
        texts = []
        for table, column, data_type in columns:
            if data_type not in TEXT_TYPES or (table, column) in CREDENTIAL_COLUMNS:
                continue
            cr.execute(
                SQL(
                    "SELECT %s::text, %s::text FROM %s WHERE %s IS NOT NULL",
                    SQL.identifier("id" if table in with_id else "ctid"),
                    SQL.identifier(column),
                    SQL.identifier(table),
                    SQL.identifier(column),
                )
            )
            texts += [(f"{table}.{column} {key}", v) for key, v in cr.fetchall()]
        return texts

    # -- the paths ---------------------------------------------------------

    def test_no_secret_in_jobs_messages_logs_errors_or_answers(self):
        handler = RecordsHandler()
        logging.getLogger().addHandler(handler)
        self.addCleanup(logging.getLogger().removeHandler, handler)
        scanned = self.run_the_main_paths()
        leaks = self.leaks_in(
            [*self.seen, *(("log", text) for text in handler.texts)]
        ) + self.leaks_in(self.database_texts())
        self.assertFalse(leaks, "secrets found (where: which):\n" + "\n".join(leaks))
        # the scan did read what the paths left
        self.assertTrue(handler.texts)
        self.assertGreaterEqual(scanned, 6)

    def run_the_main_paths(self):
        """Each path, checked for its outcome; returns the jobs it ran."""
        jobs = self.env["queue.job"]
        # a successful import job, then the export of an edited task
        job = self.import_job()
        self.assertEqual(job.state, "done")
        jobs |= job
        task = self.board.project_id.task_ids[:1].with_env(self.delaying)
        task.write({"name": "Renamed in Odoo"})
        job = self.run_job(self.queued_jobs(identity_key=record_export_identity(task)))
        self.assertEqual(job.state, "done")
        jobs |= job
        # a 401: the job fails, the backend says why
        self.set_token(REFUSED_TOKEN)
        job = self.import_job()
        self.assertEqual(job.state, "failed")
        self.assertIn("invalid token", job.exc_message)
        self.seen.append(("sync error", self.backend.sync_error))
        jobs |= job
        self.click("check connection", self.backend.action_check_connection)
        self.backend.sync_error = False
        self.click("synchronize", self.backend.action_synchronize)
        # a 5xx: retried with the error as the job's result, then out of tries
        self.set_token(DEFAULT_TOKEN)
        self.emulator.set_faults("500:1")
        job = self.import_job()
        self.assertEqual(job.state, "pending")
        self.assertIn("500", job.result)
        job.write({"state": "enqueued", "retry": job.max_retries})
        job = self.run_job(job)
        self.assertEqual(job.state, "failed")
        jobs |= job
        self.emulator.set_faults("")
        # a token pasted with a line break
        self.set_token(DEFAULT_TOKEN + "\n")  # around it: dropped
        job = self.import_job()
        self.assertEqual(job.state, "done")
        self.click("check connection", self.backend.action_check_connection)
        self.set_token(DEFAULT_TOKEN[:32] + "\r\n" + DEFAULT_TOKEN[32:])
        job = self.import_job()
        self.assertEqual(job.state, "failed")
        self.assertIn("invalid token: it holds a character", job.exc_message)
        jobs |= job
        self.click("check connection", self.backend.action_check_connection)
        self.set_token(DEFAULT_TOKEN)
        # a proxy that quotes the request (headers included) in its errors
        for status in (502, 401, 400):
            with self.proxy_echoing_the_request(status):
                jobs |= self.import_job()
                self.click(
                    f"check connection ({status})", self.backend.action_check_connection
                )
        self.set_token(DEFAULT_TOKEN)
        self.webhook_error_answers()
        return len(jobs)

    def webhook_error_answers(self):
        """Forged, malformed, unknown and unregistered deliveries."""
        self.backend.webhook_base_url = self.base_url()
        url = self.backend._webhook_callback_url()
        path = urlsplit(url).path
        self.board.write({"webhook_external_id": "f" * 24, "webhook_callback_url": url})
        body = json.dumps({"model": {"id": self.board.external_id}}).encode()
        malformed = b"{not json"
        deliveries = (
            (path, body, "forged"),
            (path, malformed, webhook_signature(DEFAULT_SECRET, malformed, url)),
            ("/connector_trello/webhook/999999", body, "x"),
        )
        for where, data, signature in deliveries:
            response = self.url_open(
                where,
                data=data,
                headers={
                    "Content-Type": "application/json",
                    "X-Trello-Webhook": signature,
                },
            )
            self.assertIn(response.status_code, (400, 403, 404, 410))
            self.seen.append((f"answer to {where}", response.text))
            self.seen.append((f"headers of {where}", str(response.headers)))
        self.backend.active = False
        response = self.url_open(
            path, data=body, headers={"Content-Type": "application/json"}
        )
        self.assertEqual(response.status_code, 410)
        self.seen.append(("answer 410", response.text))
        self.backend.active = True

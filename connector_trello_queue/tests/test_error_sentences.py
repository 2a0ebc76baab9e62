# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every error the admin or a user can meet is a sentence.

Every entry point of both addons, found by introspection (the buttons of
their views, their server actions, their job functions), meets every error
Trello can answer (a 400 per field, 401, 403, 404, 410, 429, 500, 503, a
timeout, a dropped connection, a body that is not JSON or is cut short).
What a person reads (the notification, the refusal, the failed or retried
job's message) must be a sentence: no traceback, no URL with a query
string, no library's words ("Oops!" is what Odoo shows for any other
exception: the call must not raise one).
"""

import logging
import re
from contextlib import contextmanager
from unittest import mock

import requests
from lxml import etree

from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job

from .. import jobs
from .common import EveryObjectCase

_logger = logging.getLogger(__name__)

OUR_MODULES = ("connector_trello", "connector_trello_queue")
#: name -> fault spec of the emulator (None: a timeout, by the HTTP library)
ERRORS = {
    "400 idMembers": "400=idMembers:1@/1/*",
    "400 idList": "400=idList:1@/1/*",
    "400 idLabels": "400=idLabels:1@/1/*",
    "400 name": "400=name:1@/1/*",
    "400 desc": "400=desc:1@/1/*",
    "401": "401:1@/1/*",
    "403": "403:1@/1/*",
    "404": "404:1@/1/*",
    "410": "410:1@/1/*",
    "429": "429:1@/1/*",
    "500": "500:1@/1/*",
    "503": "503:1@/1/*",
    "timeout": None,
    "connection dropped": "drop:1@/1/*",
    "not JSON": "badjson:1@/1/*",
    # on reads only: a write's answer lost after Trello did the work is the
    # exactly-once tests' (and would leave the emulator changed)
    "body cut short": "truncate:1@GET /1/*",
}
#: What a person must never read.
FORBIDDEN = re.compile(
    r"Traceback|File \"|Oops|HTTPS?ConnectionPool|MissingSchema|ConnectionError|"
    r"NewConnectionError|ReadTimeout|requests\.|urllib3|JSONDecodeError|"
    r"Expecting value|Error\(|Exception\(|KeyError|TypeError|AttributeError|"
    r"ValueError|IndexError|object has no attribute|<html|<body|"
    r"IDMissingInBackend|InvalidDataError|Trello\w*Error|RetryableJobError|"
    r"\w+://\S*\?"
)
TIMEOUT_TEXT = (
    "HTTPConnectionPool(host='127.0.0.1', port=1): Read timed out. (read "
    "timeout=40) url: /1/members/me?key=k&token=t"
)


class TestEveryErrorIsASentence(EveryObjectCase):
    def setUp(self):
        super().setUp()
        self.samples = {
            "trello.backend": self.backend,
            "project.project": self.task.project_id,
        }
        # a job's 429 would wait in place (60 s): at once here
        throttle = mock.patch.object(
            type(self.backend), "_trello_throttle_wait", return_value=0
        )
        throttle.start()
        self.addCleanup(throttle.stop)
        self.addCleanup(self.emulator.set_faults, None)

    # -- the entry points ------------------------------------------------

    def _our_records(self, model):
        return self.env["ir.model.data"].search(
            [("module", "in", OUR_MODULES), ("model", "=", model)]
        )

    def buttons(self):
        """``{(model, method)}`` of every object button of our views."""
        found = set()
        views = self.env["ir.ui.view"].browse(
            self._our_records("ir.ui.view").mapped("res_id")
        )
        for view in views:
            arch = etree.fromstring(view.arch_db.encode())
            for button in arch.iter("button"):
                if button.get("type") != "object":
                    continue
                model = view.model
                fields = [  # a view inherit's specs (position=) are not nested
                    field
                    for field in button.iterancestors("field")
                    if field.get("position") is None
                ]
                for field in reversed(fields):
                    model = self.env[model]._fields[field.get("name")].comodel_name
                found.add((model, button.get("name")))
        return found

    def server_actions(self):
        return self.env["ir.actions.server"].browse(
            self._our_records("ir.actions.server").mapped("res_id")
        )

    def job_functions(self):
        functions = self.env["queue.job.function"].browse(
            self._our_records("queue.job.function").mapped("res_id")
        )
        return {(f.model_id.model, f.method) for f in functions}

    # -- what each entry point is run on ---------------------------------

    def _button_record(self, model, method, env):
        backend = self.backend.with_env(env)
        if model == "trello.backend":
            return backend
        if model == "trello.member":
            member = (
                backend.member_ids.filtered("user_id")[:1] or backend.member_ids[:1]
            )
            return member.with_context(expected_user_id=member.user_id.id)
        if model == "trello.member.suggestion.wizard":
            return env[model].create({"backend_id": backend.id})
        if model == "trello.board.attach.wizard":
            project = env["project.project"].create({"name": "Attached project"})
            env["project.task"].create(
                {"name": "Attached task", "project_id": project.id}
            )
            board = (
                backend.board_ids.filtered(lambda b: not b.project_id)[:1]
                or backend.board_ids[:1]
            )
            wizard = env[model].create({"board_id": board.id, "project_id": project.id})
            if method == "action_apply":
                wizard.action_preview()
            return wizard
        if model == "trello.deletion":
            return env[model].create(
                {
                    "backend_id": backend.id,
                    "binding_model": "trello.project.task",
                    "external_id": self.card["id"],
                    "name": self.task.name,
                    "operation": "archive",
                }
            )
        if model == "project.project" and method == "action_trello_export_board":
            project = env["project.project"].create({"name": "Exported project"})
            env["project.task"].create(
                {"name": "Exported task", "project_id": project.id}
            )
            return project
        if model == "trello.board":
            return backend.board_ids[:1]
        if model == "trello.sync.log":
            return env[model]._log(
                backend, "export", True, "A line.", res_model="project.task"
            )
        if model in ("project.project", "project.task"):
            return (
                self.task.project_id if model == "project.project" else self.task
            ).with_env(env)
        self.fail(f"a new button {model}.{method}: say what it is clicked on")

    def _job(self, model, method):
        """A queued job of ``model.method``, as the connector queues it."""
        env, backend = self.delaying, self.backend.with_env(self.delaying)
        board_id = self.board["id"]
        task = self.task.with_env(env)
        if method == "import_board":
            delayed = env["trello.project.project"].with_delay(
                **jobs.board_import_job(backend, board_id)
            )
            return _record(delayed.import_board(backend, board_id))
        if method in ("import_board_page", "import_board_finish"):
            state = {"token": "x", "page": 2, "before": None, "counts": {}}
            delay = (
                jobs.delay_board_page_import
                if method == "import_board_page"
                else jobs.delay_board_import_finish
            )
            return _record(delay(backend, board_id, state, "Support"))
        if method in ("import_record", "delete_record"):
            binding = (
                env[model]
                .with_context(active_test=False)
                .search([("backend_id", "=", backend.id)], limit=1)
            )
            self.assertTrue(binding, model)
            delayed = env[model].with_delay()
            return _record(getattr(delayed, method)(backend, binding.external_id))
        if method == "trello_export":
            record = self._edited(model, task).sudo()
            delayed = record.with_delay(**jobs.record_export_job(record))
            return _record(delayed.trello_export())
        if method == "send_to_trello":
            comment = self._bound("trello.mail.message").odoo_id.with_env(env)
            comment.unlink()
            return self._last_job(method)
        if method == "attach_board_start":
            wizard = self._button_record(
                "trello.board.attach.wizard", "action_apply", env
            )
            wizard.action_apply()
            return self._last_job(method)
        if method in ("export_board_start", "export_board_cards"):
            project = env["project.project"].create({"name": "Exported project"})
            env["project.task"].create(
                {"name": "Exported task", "project_id": project.id}
            )
            project.action_trello_export_board()
            if method == "export_board_start":
                return self._last_job(method)
            self._perform(self._last_job("export_board_start"))
            board = project.trello_bind_ids.with_env(env)
            return _record(jobs.delay_project_export_cards(board, 1, 1))
        self.fail(f"a new job function {model}.{method}: say how it is queued")

    def _edited(self, model, task):
        if model == "project.task":
            task.write({"name": "Password reset loop (edited)"})
            return task
        if model == "project.task.type":
            task.stage_id.write({"name": task.stage_id.name + " (edited)"})
            return task.stage_id
        if model == "project.tags":
            tag = self._bound("trello.project.tags").odoo_id.with_env(task.env)
            tag.write({"name": tag.name + " (edited)"})
            return tag
        if model == "project.project":
            task.project_id.write({"name": "Support (edited)"})
            return task.project_id
        if model == "mail.message":
            return task.message_post(
                body="A comment from Odoo",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        if model == "ir.attachment":
            return task.env["ir.attachment"].create(
                {
                    "name": "notes.txt",
                    "raw": b"notes",
                    "res_model": "project.task",
                    "res_id": task.id,
                }
            )
        self.fail(f"no edit of {model} to export")

    def _bound(self, model):
        binding = (
            self.env[model]
            .with_context(active_test=False)
            .search(
                [("backend_id", "=", self.backend.id), ("external_id", "!=", False)],
                limit=1,
            )
        )
        self.assertTrue(binding, model)
        return binding

    def _last_job(self, method):
        job = self.env["queue.job"].search(
            [("method_name", "=", method)], order="id desc", limit=1
        )
        self.assertTrue(job, f"a job {method}")
        return job

    def _perform(self, job_record):
        job = Job.load(self.env, job_record.uuid)
        job.perform()

    # -- the checks ------------------------------------------------------

    @contextmanager
    def _error(self, name):
        spec = ERRORS[name]
        if spec is None:
            timeout = requests.ReadTimeout(TIMEOUT_TEXT)
            with mock.patch.object(requests.Session, "request", side_effect=timeout):
                yield
            return
        self.emulator.set_faults(spec)
        try:
            yield
        finally:
            self.emulator.set_faults(None)

    def _sentence_problem(self, text):
        text = str(text or "").strip()
        if len(text) < 20:
            return f"not a sentence: {text!r}"
        if FORBIDDEN.search(text):
            return f"{FORBIDDEN.search(text).group(0)!r} in {text!r}"
        if text[-1] not in ".!?)":
            return f"does not end as a sentence: {text!r}"
        return None

    def _outcome_problem(self, result):
        """A failure's notification says a sentence; any says no library
        text (a success's may be short: "Members matched.")."""
        if isinstance(result, dict) and result.get("tag") == "display_notification":
            params = result["params"]
            # the web client puts the links of "links" where "%s" stands
            message = params["message"].replace("%s", "the job")
            if params.get("type") in ("danger", "warning"):
                return self._sentence_problem(message) or (
                    self._sentence_problem(params["title"] + ".")
                )
            found = FORBIDDEN.search(message + params["title"])
            return found and f"{found.group(0)!r} in {message!r}"
        return None

    def _run_case(self, call):
        """Run ``call`` rolled back: ``(kind, problem)``."""
        problem, kind = None, "no error shown"
        try:
            with (
                self.env.cr.savepoint(),
                mute_logger(
                    "odoo.sql_db",
                    "odoo.addons.queue_job.job",
                    "odoo.addons.connector_trello.models.trello_backend",
                ),
            ):
                try:
                    result = call()
                    problem = self._outcome_problem(result)
                    if isinstance(result, dict) and "params" in result:
                        kind = "notification"
                except RetryableJobError as err:
                    kind, problem = "job retried", self._sentence_problem(str(err))
                except UserError as err:
                    kind, problem = "refusal", self._sentence_problem(err.args[0])
                except Exception as err:  # noqa: BLE001 (what Odoo shows as Oops)
                    kind = "failed job" if getattr(call, "job", False) else "Oops"
                    message = RunJobController._get_failure_values(None, "", err)[
                        "exc_message"
                    ]
                    problem = self._sentence_problem(message)
                    if kind == "Oops":
                        problem = f"{type(err).__name__}: {err}"
                self.env.flush_all()
                raise _RolledBack
        except _RolledBack:
            _logger.debug("case rolled back")
        finally:
            # a webhook a case registered would post to Odoo during the next
            # cases (the test's cursor): Trello forgets it with the rollback
            with self.emulator.store.lock:
                self.emulator.store.webhooks.clear()
        self.env.invalidate_all()
        return kind, problem

    def test_every_entry_point_meets_every_error(self):
        buttons = self.buttons()
        functions = self.job_functions()
        for expected in (
            ("trello.backend", "action_check_connection"),
            ("trello.backend", "action_register_webhooks"),
            ("trello.member", "action_confirm_suggestion"),
            ("project.project", "action_trello_export_board"),
        ):
            self.assertIn(expected, buttons)
        self.assertIn(("project.task", "trello_export"), functions)
        cases, kinds, wrong = 0, {}, []
        for error in ERRORS:
            for env_name, env in (("inline", self.env), ("delaying", self.delaying)):
                for model, method in sorted(buttons):

                    def click(model=model, method=method, env=env, error=error):
                        record = self._button_record(model, method, env)
                        with self._error(error):
                            return getattr(record, method)()

                    kind, problem = self._run_case(click)
                    cases += 1
                    kinds[kind] = kinds.get(kind, 0) + 1
                    if problem:
                        wrong.append(
                            f"{model}.{method} ({env_name}) x {error}: {problem}"
                        )
                # a cron runs with the jobs delayed, as the job runner does
                for action in self.server_actions() if env is self.delaying else ():

                    def run(action=action, env=env, error=error):
                        record = self.env[action.model_id.model].search([], limit=1)
                        with self._error(error):
                            return (
                                action.with_env(env)
                                .with_context(
                                    active_model=record._name,
                                    active_id=record.id,
                                    active_ids=record.ids,
                                )
                                .run()
                            )

                    kind, problem = self._run_case(run)
                    cases += 1
                    if problem:
                        wrong.append(f"{action.name} ({env_name}) x {error}: {problem}")
            for model, method in sorted(functions):

                def perform(model=model, method=method, error=error):
                    job_record = self._job(model, method)
                    with self._error(error):
                        return self._perform(job_record)

                perform.job = True
                kind, problem = self._run_case(perform)
                cases += 1
                kinds[kind] = kinds.get(kind, 0) + 1
                if problem:
                    wrong.append(f"job {model}.{method} x {error}: {problem}")
        _logger.info(
            "error sentences: %s buttons x 2 modes, %s server actions, %s job "
            "functions x %s errors: %s cases (%s)",
            len(buttons),
            len(self.server_actions()),
            len(functions),
            len(ERRORS),
            cases,
            ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())),
        )
        self.assertFalse(wrong, f"{len(wrong)} of {cases} cases:\n" + "\n".join(wrong))


def _record(job):
    """The queue.job of what ``with_delay`` returned (a job, or the record
    of the one already waiting with the same identity key)."""
    return job if hasattr(job, "_name") else job.db_record()


class _RolledBack(Exception):
    """Rolls a case back."""

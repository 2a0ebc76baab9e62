#!/usr/bin/env python3
"""``make demo``: the suite running on the embedded Trello emulator.

It starts the emulator with the ``demo`` seed on 127.0.0.1:8765, creates
the database ``connector_trello_demo`` with both addons and their demo data
as a copy of a template database (built once, again only when the addons'
code changes), or reuses it with the emulator's saved data, starts Odoo on
127.0.0.1:8069 with ``queue_job`` loaded server-wide (so queued jobs run by
themselves), then, through Odoo's JSON-RPC as admin: confirms the demo
backend, fetches and ticks the demo boards, runs the first import, maps the
seeded Trello members to Odoo users and registers the webhooks (to this
Odoo: the emulator delivers on loopback). It prints what was imported, the
requests the emulator served, the seconds it took, and where to look.
Ctrl-C stops everything it started. ``--check`` then runs the two-way round
trip instead of serving: its self-test.

With ``TRELLO_KEY``, ``TRELLO_TOKEN`` and ``TRELLO_SECRET`` set, it skips
the emulator and configures a backend against real Trello instead
(``--board NAME`` ticks a board to import; no webhook).

The steps are the ``*_STEPS`` lists of :class:`Demo`, run in order.
"""

import argparse
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import run_tests
from run_tests import ADDONS, DB_HOST, DB_PASSWORD, DB_PORT, DB_ROLE, ROOT

DEMO_DIR = ROOT / ".demo"
DEFAULT_DATABASE = "connector_trello_demo"
#: The demo database is a copy of ``<database>_template``.
TEMPLATE_SUFFIX = "_template"
REAL_TRELLO_API = "https://api.trello.com/1"
REAL_BACKEND_NAME = "Trello (make demo)"
DEMO_BACKEND_XMLID = ("connector_trello", "trello_backend_demo")
#: The emulator's seeded members and the demo users they are mapped to.
MEMBER_USERS = {"alice": ("base", "user_admin"), "bob": ("base", "user_demo")}
#: Odoo's demo data has two internal users: the third member gets her own,
#: created in the demo database only (as demo data of the addon, a user
#: named like a seeded member would change the matching the tests check).
CAROL = {"name": "Carol Diaz", "login": "carol", "password": "carol"}
#: Imported records per binding model, in the order they are reported.
COUNTED = [
    ("trello.project.task", "task", "tasks"),
    ("trello.project.task.type", "stage", "stages"),
    ("trello.project.tags", "tag", "tags"),
    ("trello.mail.message", "comment", "comments"),
    ("trello.checkitem", "sub-task", "sub-tasks"),
    ("trello.ir.attachment", "attachment", "attachments"),
]
STOP_TIMEOUT = 20
#: --check: how long a change may take to cross, and how often it looks.
CHECK_TIMEOUT = 30
CHECK_POLL_SECONDS = 0.1
#: What --check adds to a card's name (and removes, should a check have
#: been interrupted before it renamed the card back).
CHECK_MARK = re.compile(r" \(renamed in Trello at \d\d:\d\d:\d\d\)$")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECT = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))


class DemoError(Exception):
    """Something the user must fix; shown as a sentence, no traceback."""


def plural(count, singular, plural_form):
    return f"{count} {singular if count == 1 else plural_form}"


def port_taken(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.status, answer.read()


class OdooRPC:
    """Odoo's JSON-RPC, as admin of one database (the standard library only)."""

    def __init__(self, url, database, login, password):
        self.url = url
        self.database = database
        self.password = password
        self.uid = self.call("common", "login", database, login, password)
        if not self.uid:
            raise DemoError(
                f"Odoo refused the login {login}/{password} on {database}: "
                "run `make demo ARGS=--reset` to recreate the demo database."
            )

    def call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
        }
        request = urllib.request.Request(
            self.url + "/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=600) as answer:
            reply = json.load(answer)
        if reply.get("error"):
            data = reply["error"].get("data") or {}
            raise DemoError(
                f"Odoo answered an error: {data.get('message') or reply['error']}"
            )
        return reply["result"]

    def __call__(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            self.database,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )

    def ref(self, module, name):
        found = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return found[0]["res_id"] if found else False


class Demo:
    """One run of ``make demo``: the processes it started and what it did."""

    EMULATOR_STEPS = [
        "check_ports",
        "check_requirements",
        "prepare_database",
        "start_emulator",
        "start_odoo",
        "confirm_demo_backend",
        "tick_boards",
        "import_boards",
        "map_members",
        "register_webhooks",
    ]
    REAL_TRELLO_STEPS = [
        "check_ports",
        "check_requirements",
        "prepare_database",
        "start_odoo",
        "configure_real_backend",
        "tick_boards",
        "import_boards",
    ]

    def __init__(self, args, env=os.environ):
        self.args = args
        self.real_trello = all(
            env.get(name) for name in ("TRELLO_KEY", "TRELLO_TOKEN", "TRELLO_SECRET")
        )
        self.env = env
        self.processes = []
        self.started = time.monotonic()
        self.emulator_url = f"http://127.0.0.1:{args.emulator_port}"
        self.odoo_url = f"http://127.0.0.1:{args.http_port}"
        self.odoo = None
        self.rpc = None
        self.backend_id = None
        self.template = args.database + TEMPLATE_SUFFIX
        self.data_dir = DEMO_DIR / "odoo-data"
        self.emulator_state = DEMO_DIR / f"{args.database}.emulator.json"
        DEMO_DIR.mkdir(exist_ok=True)

    @property
    def uses_emulator(self):
        return not self.real_trello

    @property
    def steps(self):
        if not self.real_trello:
            return self.EMULATOR_STEPS
        if self.public_url:  # Trello reaches this Odoo there: webhooks too
            return [*self.REAL_TRELLO_STEPS, "register_webhooks"]
        return self.REAL_TRELLO_STEPS

    @property
    def public_url(self):
        """Where Trello reaches this Odoo (``--public-url``), if it can."""
        return (getattr(self.args, "public_url", None) or "").rstrip("/") or None

    def say(self, text):
        print(text, flush=True)

    def run(self):
        if self.args.check and self.real_trello:
            raise DemoError(
                "--check changes a card as the emulator's second member: it "
                "runs on the emulator only (unset TRELLO_KEY)"
            )
        for name in self.steps:
            getattr(self, name)()
        self.report()
        if self.args.check:
            self.check_two_way()

    # -- processes ------------------------------------------------------

    def spawn(self, cmd, log_name):
        """Start a child in its own session, so only we decide when it stops."""
        with open(DEMO_DIR / log_name, "w") as log:
            process = subprocess.Popen(
                cmd,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def stop(self):
        """Stop every child, newest first: SIGTERM, then SIGKILL if it hangs."""
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in reversed(self.processes):
            try:
                process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = []

    def serve(self):
        """Wait while Odoo serves: until Ctrl-C, or until Odoo stops."""
        self.odoo.wait()
        self.say(f"Odoo stopped (exit code {self.odoo.returncode}).")

    def wait_until(self, ready, process, what, timeout, log_name):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise DemoError(
                    f"{what} stopped (exit code {process.returncode}): "
                    f"see {DEMO_DIR / log_name}"
                )
            try:
                if ready():
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.3)
        raise DemoError(f"{what} did not answer in {timeout} s: see {DEMO_DIR}")

    # -- steps ------------------------------------------------------------

    def check_requirements(self):
        """The OCA addons come from PyPI: install the project's requirements
        when they are missing (the bootstrap does it for a new .venv)."""
        probe = subprocess.run(
            [sys.executable, "-c", "import odoo.addons.queue_job"],
            cwd="/",
            capture_output=True,
            check=False,
        )
        if probe.returncode != 0 and not run_tests.install_requirements(True):
            raise DemoError("pip could not install the project's requirements")

    def check_ports(self):
        """Before the long steps: the ports we will listen on must be free."""
        ports = [("--http-port", self.args.http_port, "another Odoo")]
        if not self.real_trello:
            ports.append(("--emulator-port", self.args.emulator_port, "another demo"))
        for option, port, who in ports:
            if port_taken(port):
                raise DemoError(
                    f"port {port} is taken ({who}?): stop it, or choose another "
                    f"with ARGS='{option} N'"
                )

    def start_emulator(self):
        port = self.args.emulator_port
        # --self-urls: "Open in Trello" opens the emulator's own card page.
        cmd = [sys.executable, "-m", "trello_emulator", "--seed", "demo", "--self-urls"]
        # --state: what changed in the emulator is kept with the database
        cmd += ["--state", str(self.emulator_state), "--port", str(port)]
        process = self.spawn(cmd, "emulator.log")
        self.wait_until(
            lambda: http_get(self.emulator_url + "/_emulator/info")[0] == 200,
            process,
            "The Trello emulator",
            30,
            "emulator.log",
        )
        self.say(f"Trello emulator (seed demo) on {self.emulator_url}")

    def prepare_database(self):
        """Reuse the demo database, or copy it from its template (in seconds).

        The template has both addons installed with demo data; it is built
        once (the slow part: Odoo installs some 45 modules), and again only
        when the code it was built from changed (:func:`code_key`). The demo
        database and the emulator's saved data go together: one is never
        reused without the other.
        """
        import psycopg2  # noqa: PLC0415 (comes with Odoo)

        if not run_tests.ensure_postgres():
            raise DemoError("no PostgreSQL server to hold the demo database")
        try:
            self._prepare_database()
        except psycopg2.Error as err:
            reason = str(err).strip().splitlines()[0]
            raise DemoError(f"PostgreSQL refused to prepare it: {reason}") from err

    def _prepare_database(self):
        database, template = self.args.database, self.template
        key = code_key()
        plan = plan_database(
            key,
            demo_key=database_key(database),
            template_key=database_key(template),
            reset=self.args.reset,
            emulator_state=self.emulator_state.exists() if self.uses_emulator else None,
        )
        if plan.action == "foreign":
            raise DemoError(
                f"the database {database} was not made by this version of make "
                "demo: `make demo ARGS=--reset` replaces it, or choose another "
                "name with ARGS='--database NAME'"
            )
        if plan.action == "reuse":
            saved = " and the emulator's saved data" if self.uses_emulator else ""
            self.say(f"Reusing the database {database}{saved} (--reset starts afresh)")
            return
        self.emulator_state.unlink(missing_ok=True)
        if plan.action == "build":
            self.build_template(template, key, plan.template_reason)
        started = time.monotonic()
        copy_database(template, database, self.data_dir)
        set_database_key(database, key)
        self.say(
            f"Database {database} copied from {template} in "
            f"{time.monotonic() - started:.1f} s ({plan.reason})"
        )

    def build_template(self, template, key, reason):
        self.say(
            f"Building the template database {template} ({reason}): both addons "
            "and Odoo's demo data, once until their code changes…"
        )
        started = time.monotonic()
        drop_database(template, self.data_dir)
        process = self.spawn(
            self.odoo_command(
                "--init=" + ",".join(ADDONS), "--stop-after-init", database=template
            ),
            "odoo-init.log",
        )
        if process.wait() != 0 or database_state(template) != "ready":
            raise DemoError(
                f"installing the addons failed: see {DEMO_DIR / 'odoo-init.log'}"
            )
        set_database_key(template, key)
        self.say(f"  built in {time.monotonic() - started:.0f} s")

    def start_odoo(self):
        port = self.args.http_port
        self.odoo = self.spawn(
            self.odoo_command(
                "--load=web,queue_job",
                f"--http-port={port}",
                "--http-interface=127.0.0.1",
                "--max-cron-threads=0",
            ),
            "odoo.log",
        )
        self.wait_until(
            lambda: http_get(self.odoo_url + "/web/login", timeout=30)[0] == 200,
            self.odoo,
            "Odoo",
            120,
            "odoo.log",
        )
        self.rpc = OdooRPC(self.odoo_url, self.args.database, "admin", "admin")
        self.say(f"Odoo on {self.odoo_url} (queue_job loaded server-wide)")

    def confirm_demo_backend(self):
        self.backend_id = self.rpc.ref(*DEMO_BACKEND_XMLID)
        if not self.backend_id:
            raise DemoError(
                "the database has no demo backend (it was created without demo "
                "data): run `make demo ARGS=--reset`"
            )
        self.rpc(
            "trello.backend",
            "write",
            [self.backend_id],
            {"api_url": self.emulator_url + "/1"},
        )
        self.check_connection()

    def configure_real_backend(self):
        backends = self.rpc(
            "trello.backend", "search", [("name", "=", REAL_BACKEND_NAME)]
        )
        values = {
            "name": REAL_BACKEND_NAME,
            "api_url": REAL_TRELLO_API,
            "api_key": self.env["TRELLO_KEY"],
            "api_token": self.env["TRELLO_TOKEN"],
            "api_secret": self.env["TRELLO_SECRET"],
        }
        if backends:
            self.backend_id = backends[0]
            self.rpc("trello.backend", "write", backends[:1], values)
        else:
            self.backend_id = self.rpc("trello.backend", "create", values)
        self.check_connection()

    def check_connection(self):
        for method in ("action_check_connection", "action_fetch_boards"):
            answer = self.rpc("trello.backend", method, [self.backend_id])
            params = answer.get("params", {}) if isinstance(answer, dict) else {}
            if params.get("type") == "danger":
                raise DemoError(params.get("message") or params.get("title"))
        backend = self.rpc(
            "trello.backend", "read", [self.backend_id], ["name", "member_username"]
        )[0]
        self.say(
            f"Backend {backend['name']!r} confirmed, as Trello member "
            f"{backend['member_username']}"
        )

    def tick_boards(self):
        domain = [("backend_id", "=", self.backend_id), ("closed", "=", False)]
        if self.real_trello:
            if not self.args.board:
                self.say(
                    "No board ticked: tick boards on the backend form, or name "
                    "them with ARGS='--board NAME'."
                )
            domain.append(("name", "in", self.args.board or []))
        boards = self.rpc("trello.board", "search_read", domain, fields=["name"])
        if boards:
            self.rpc(
                "trello.board",
                "write",
                [board["id"] for board in boards],
                {"synchronize": True},
            )
        self.say(f"Boards ticked: {', '.join(b['name'] for b in boards) or 'none'}")

    def import_boards(self):
        ticked = self.rpc(
            "trello.board",
            "search_count",
            [("backend_id", "=", self.backend_id), ("synchronize", "=", True)],
        )
        if not ticked:
            return
        started = time.monotonic()
        last_job = self.last_job_id()
        answer = self.rpc("trello.backend", "action_synchronize", [self.backend_id])
        self.wait_for_jobs()
        self.say(f"Import done in {time.monotonic() - started:.1f} s")
        jobs = self.rpc(
            "queue.job",
            "search_read",
            [("id", ">", last_job), ("method_name", "=", "import_board")],
            fields=["state", "result", "exc_message", "name"],
            order="id",
        )
        if jobs:  # queued: each job's result is its board's summary
            lines = [
                job["result"]
                if job["state"] == "done"
                else f"{job['name']}: {job['state']} {job['exc_message'] or ''}"
                for job in jobs
            ]
        else:  # imported at once: the notification says it all
            lines = [(answer or {}).get("params", {}).get("message") or ""]
        for line in "\n".join(lines).splitlines():
            self.say(f"  {line}")

    def last_job_id(self):
        last = self.rpc("queue.job", "search", [], order="id desc", limit=1)
        return last[0] if last else 0

    def wait_for_jobs(self, timeout=300):
        """Queued imports run in queue_job's runner: wait until they are done."""
        if not self.rpc("ir.model", "search_count", [("model", "=", "queue.job")]):
            return
        busy = [("state", "in", ["wait_dependencies", "pending", "enqueued"])]
        busy = ["|", ("state", "=", "started"), *busy]
        deadline = time.monotonic() + timeout
        while self.rpc("queue.job", "search_count", busy):
            if time.monotonic() > deadline:
                raise DemoError(
                    f"the import jobs were still running after {timeout} s: "
                    "see Queue › Jobs in Odoo"
                )
            time.sleep(0.5)

    def map_members(self):
        """Map the seeded members to the demo users (assigns their tasks)."""
        members = self.rpc(
            "trello.member",
            "search_read",
            [("backend_id", "=", self.backend_id)],
            fields=["username", "user_id"],
        )
        mapped = []
        for member in members:
            user_id = self.demo_user(member["username"])
            if user_id and (member["user_id"] or [False])[0] != user_id:
                self.rpc("trello.member", "write", [member["id"]], {"user_id": user_id})
            if user_id:
                name = self.rpc("res.users", "read", [user_id], ["name"])[0]["name"]
                mapped.append(f"{member['username']} → {name}")
        self.say(f"Members mapped: {', '.join(mapped) or 'none'}")

    def register_webhooks(self):
        """One webhook per ticked board, to the Odoo this demo serves: the
        emulator delivers to loopback, so the Odoo URL is the public one;
        real Trello delivers to ``--public-url`` (a tunnel or a proxy to
        this Odoo)."""
        self.rpc(
            "trello.backend",
            "write",
            [self.backend_id],
            {"webhook_base_url": self.public_url or self.odoo_url},
        )
        answer = self.rpc(
            "trello.backend", "action_register_webhooks", [self.backend_id]
        )
        params = answer.get("params", {}) if isinstance(answer, dict) else {}
        if params.get("type") != "success":
            raise DemoError(
                f"{params.get('title')}: {params.get('message')}".rstrip(": ")
            )
        self.say(f"Webhooks registered: {params.get('message')}")

    def demo_user(self, username):
        if username in MEMBER_USERS:
            return self.rpc.ref(*MEMBER_USERS[username])
        if username != CAROL["login"]:
            return False
        found = self.rpc("res.users", "search", [("login", "=", CAROL["login"])])
        return found[0] if found else self.rpc("res.users", "create", CAROL)

    # -- --check: the two-way round trip ------------------------------------

    def check_two_way(self):
        """The demo's self-test: a change made on each side, as a user makes it.

        A card renamed with the form of its emulator page (as bob) must reach
        its task by itself (webhook, import job); the task renamed back in
        Odoo by Marc Demo, bob's user, must reach the card by itself (export
        job). Both sides end as they began.
        """
        binding = self.rpc(
            "trello.project.task",
            "search_read",
            [("backend_id", "=", self.backend_id), ("external_id", "!=", False)],
            fields=["external_id", "odoo_id"],
            order="id",
            limit=1,
        )
        if not binding:
            raise DemoError("nothing to check: no task was imported")
        card_id, task_id = binding[0]["external_id"], binding[0]["odoo_id"][0]
        card = self.emulator_card(card_id)
        original = CHECK_MARK.sub("", card["name"])
        renamed = f"{original} (renamed in Trello at {time.strftime('%H:%M:%S')})"
        self.say("")
        self.say(f"Two-way check on the card {original!r}:")
        started = time.monotonic()
        self.submit_card_form(card["shortLink"], do="rename", name=renamed)
        seconds = self.wait_for_change(
            started,
            lambda: self.task_name(task_id) == renamed,
            "The card renamed on the emulator's page",
            "its task in Odoo",
        )
        self.say(
            f"  Trello → Odoo: renamed on its emulator page (as bob), the task "
            f"had the new name {seconds:.2f} s later (webhook, import job)"
        )
        user = OdooRPC(self.odoo_url, self.args.database, "demo", "demo")
        started = time.monotonic()
        user("project.task", "write", [task_id], {"name": original})
        saved = time.monotonic() - started
        seconds = self.wait_for_change(
            started,
            lambda: self.emulator_card(card_id)["name"] == original,
            "The task renamed in Odoo",
            "its card in the emulator",
        )
        self.say(
            f"  Odoo → Trello: renamed back in Odoo (as Marc Demo), the card "
            f"had the old name again {seconds:.2f} s later (the save itself: "
            f"{saved:.2f} s; then the export job)"
        )
        # the export's own webhook queues an import: let it end before we stop
        self.wait_for_jobs(CHECK_TIMEOUT)
        self.say("Two-way check passed.")

    def task_name(self, task_id):
        return self.rpc("project.task", "read", [task_id], ["name"])[0]["name"]

    def emulator_card(self, card_id):
        """The card as the emulator stores it (its control API, which spends
        no request of the rate limit)."""
        state = json.loads(http_get(self.emulator_url + "/_emulator/state")[1])
        return state["cards"][card_id]

    def submit_card_form(self, short_link, **form):
        """POST a form of the card's page, as the browser does (303 then GET)."""
        request = urllib.request.Request(
            f"{self.emulator_url}/c/{short_link}",
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
        )
        try:
            with NO_REDIRECT.open(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as err:
            status = err.code
        if status != 303:
            raise DemoError(
                f"the emulator's card page refused the change (HTTP {status})"
            )

    def wait_for_change(self, started, arrived, what, where):
        """Seconds from ``started`` (the user's save) until ``arrived()``."""
        while not arrived():
            if time.monotonic() - started > CHECK_TIMEOUT:
                raise DemoError(
                    f"{what} did not reach {where} in {CHECK_TIMEOUT} s: see "
                    f"Queue › Jobs in Odoo, and {DEMO_DIR / 'odoo.log'}"
                )
            time.sleep(CHECK_POLL_SECONDS)
        return time.monotonic() - started

    # -- the report -----------------------------------------------------

    def report(self):
        on_backend = [("backend_id", "=", self.backend_id)]
        projects = self.rpc(
            "trello.project.project",
            "search_read",
            on_backend,
            fields=["odoo_id", "external_id"],
        )
        counts = [
            plural(self.rpc(model, "search_count", on_backend), one, many)
            for model, one, many in COUNTED
        ]
        say = self.say
        say("")
        names = ", ".join(p["odoo_id"][1] for p in projects) or "none"
        say(f"{plural(len(projects), 'board', 'boards')} in Odoo: {names}")
        say("  " + ", ".join(counts))
        if not self.real_trello:
            counters = http_get(self.emulator_url + "/_emulator/counters")[1]
            counters = json.loads(counters)
            say(
                f"  {plural(counters['total'], 'request', 'requests')} served "
                f"by the emulator ({self.emulator_url}/_emulator/counters)"
            )
        say(f"Ready in {time.monotonic() - self.started:.0f} s.")
        say("")
        say(f"Odoo:     {self.odoo_url}/odoo/project (log in as admin, password admin)")
        say(
            f"  the backend: {self.odoo_url}/odoo/"
            f"action-connector_trello.trello_backend_action/{self.backend_id}"
        )
        for project in projects:
            say(
                f"  {project['odoo_id'][1]}: "
                f"{self.odoo_url}/odoo/project/{project['odoo_id'][0]}/tasks"
            )
        if not self.real_trello:
            say(f"Emulator: {self.emulator_url}/ (a card's page edits it as bob)")
            for project in projects:
                say(f"  {self.emulator_url}/?board={project['external_id']}")
        if not self.real_trello:
            say(
                "Both ways by themselves: a card changed on its emulator page "
                "reaches its task in Odoo (webhook, import job), a task changed "
                "in Odoo reaches its card (export job)."
            )
        else:
            say(
                "Trello's changes come in when Synchronize is pressed on the "
                "backend (no webhook: Trello cannot reach an Odoo on 127.0.0.1)."
            )
        if self.args.check:
            say(f"Logs: {DEMO_DIR}/.")
        else:
            say(f"Logs: {DEMO_DIR}/. Ctrl-C stops Odoo and the emulator.")

    def odoo_command(self, *extra, database=None):
        database = database or self.args.database
        return [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={ROOT}",
            # the filestores of the demo's databases, next to its logs
            f"--data-dir={self.data_dir}",
            f"--database={database}",
            f"--db_host={DB_HOST}",
            f"--db_port={DB_PORT}",
            f"--db_user={DB_ROLE}",
            f"--db_password={DB_PASSWORD}",
            f"--db-filter=^{database}$",
            "--workers=0",
            *extra,
        ]


class DatabasePlan:
    """What :meth:`Demo.prepare_database` does, and why (said to the user).

    ``action``: ``reuse`` the demo database, ``copy`` it from the template,
    or ``build`` the template first then copy it.
    """

    def __init__(self, action, reason="", template_reason=""):
        self.action = action
        self.reason = reason
        self.template_reason = template_reason

    def __repr__(self):
        return f"DatabasePlan({self.action!r}, {self.reason!r})"


def plan_database(key, demo_key, template_key, reset=False, emulator_state=None):
    """Decide from the keys of the two databases (:func:`database_key`).

    ``key`` is the current :func:`code_key`; ``emulator_state`` whether the
    emulator's saved data exists (None: no emulator, real Trello). A
    database that this tool did not make is never dropped without --reset.
    """
    if demo_key is None:
        reason = "it did not exist"
    elif reset:
        reason = "--reset"
    elif demo_key == "":
        return DatabasePlan("foreign")
    elif demo_key == UNFINISHED:
        reason = "its last copy did not finish"
    elif demo_key != key:
        reason = "the addons' code changed since it was made"
    elif emulator_state is False:
        reason = "the emulator's saved data is missing"
    else:
        return DatabasePlan("reuse")
    if template_key == key:
        return DatabasePlan("copy", reason)
    if template_key is None:
        template_reason = "it did not exist yet"
    elif template_key == "":
        template_reason = "its last build did not finish"
    else:
        template_reason = "the addons' code changed"
    return DatabasePlan("build", reason, template_reason)


#: What an installed database does not depend on: tests, documentation,
#: translations of languages the demo does not install, web assets (Odoo
#: rebuilds its bundles when their files change).
KEY_IGNORED_DIRS = {"tests", "readme", "static", "i18n", "__pycache__"}
KEY_IGNORED_FILES = {"README.rst", "pyproject.toml"}


def code_key(root=ROOT, addons=ADDONS, distributions=None):
    """A hash of the code an installed demo database comes from.

    The files of our addons that Odoo reads when it installs them, and the
    versions of Odoo and of the OCA addons (their Python distributions).
    """
    digest = hashlib.sha256()
    for addon in addons:
        base = Path(root) / addon
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(base)
            if (
                not path.is_file()
                or KEY_IGNORED_DIRS.intersection(relative.parts)
                or relative.name in KEY_IGNORED_FILES
                or path.suffix == ".pyc"
            ):
                continue
            digest.update(f"{addon}/{relative.as_posix()}\0".encode())
            digest.update(path.read_bytes())
    if distributions is None:
        distributions = odoo_distributions()
    for name, version in sorted(distributions):
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()[:16]


def odoo_distributions():
    """(name, version) of Odoo and of the Odoo addons installed with pip."""
    found = set()
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        if name == "odoo" or re.match(r"odoo(\d+)?-addon-", name):
            found.add((name, dist.version))
    return found


def pg_connect(database="postgres"):
    import psycopg2  # noqa: PLC0415 (comes with Odoo)

    conn = psycopg2.connect(
        dbname=database,
        host=DB_HOST,
        port=DB_PORT,
        user=DB_ROLE,
        password=DB_PASSWORD,
    )
    conn.autocommit = True
    return conn


#: The comment that marks a database made by this tool, and from which code.
KEY_COMMENT = "make demo, code {key}"
#: The key of a copy until it is complete (then its code's key).
UNFINISHED = "unfinished"


def database_key(database):
    """The code key a database was made from; "" when unknown, None when
    there is no such database."""
    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = %s",
                (database,),
            )
            row = cr.fetchone()
    finally:
        conn.close()
    if row is None:
        return None
    match = re.fullmatch(KEY_COMMENT.format(key=r"(\w+)"), row[0] or "")
    return match.group(1) if match else ""


def set_database_key(database, key):
    from psycopg2 import sql  # noqa: PLC0415 (comes with Odoo)

    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(database),
                    sql.Literal(KEY_COMMENT.format(key=key)),
                )
            )
    finally:
        conn.close()


def drop_database(database, data_dir):
    """Drop a database and its filestore (both may be missing)."""
    from psycopg2 import sql  # noqa: PLC0415 (comes with Odoo)

    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(database)
                )
            )
    finally:
        conn.close()
    shutil.rmtree(Path(data_dir) / "filestore" / database, ignore_errors=True)


def copy_database(template, database, data_dir):
    """``createdb -T``, then what Odoo's own duplication does: a new uuid
    and secret for the copy, and a copy of the template's filestore.

    The copy is marked unfinished: the caller marks it with its key once
    everything it needs is done."""
    from psycopg2 import sql  # noqa: PLC0415 (comes with Odoo)

    drop_database(database, data_dir)
    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            # CREATE DATABASE … TEMPLATE needs the template to be unused (it
            # stops autovacuum itself; our role may not end the superuser's)
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid != pg_backend_pid() "
                "AND usename = current_user",
                (template,),
            )
            cr.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(database), sql.Identifier(template)
                )
            )
    finally:
        conn.close()
    set_database_key(database, UNFINISHED)
    conn = pg_connect(database)
    try:
        with conn.cursor() as cr:
            for key, value in (
                ("database.uuid", str(uuid.uuid1())),
                ("database.secret", str(uuid.uuid4())),
            ):
                cr.execute(
                    "UPDATE ir_config_parameter SET value = %s WHERE key = %s",
                    (value, key),
                )
            cr.execute(
                "UPDATE ir_config_parameter SET value = "
                "to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
                "WHERE key = 'database.create_date'"
            )
    finally:
        conn.close()
    filestore = Path(data_dir) / "filestore"
    if (filestore / template).is_dir():
        shutil.copytree(filestore / template, filestore / database)


def database_state(database):
    """``missing``, ``ready`` (both addons installed) or ``incomplete``."""
    import psycopg2  # noqa: PLC0415 (comes with Odoo)

    params = {"host": DB_HOST, "port": DB_PORT, "user": DB_ROLE}
    with psycopg2.connect(dbname="postgres", password=DB_PASSWORD, **params) as conn:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
            exists = bool(cr.fetchone())
    conn.close()
    if not exists:
        return "missing"
    try:
        conn = psycopg2.connect(dbname=database, password=DB_PASSWORD, **params)
    except psycopg2.OperationalError:
        return "incomplete"
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM ir_module_module "
                "WHERE name IN %s AND state = 'installed'",
                (tuple(ADDONS),),
            )
            installed = cr.fetchone()[0]
    except psycopg2.Error:
        installed = 0
    finally:
        conn.close()
    return "ready" if installed == len(ADDONS) else "incomplete"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reset",
        action="store_true",
        help="start afresh: a new copy of the template database, a new emulator",
    )
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--http-port", type=int, default=8069)
    parser.add_argument("--emulator-port", type=int, default=8765)
    parser.add_argument(
        "--board",
        action="append",
        help="with real Trello: the name of a board to import (repeatable)",
    )
    parser.add_argument(
        "--public-url",
        help="with real Trello: the https address where Trello reaches this "
        "Odoo (a tunnel or a reverse proxy to it); webhooks are registered "
        "with it, without it Trello's changes come in on Synchronize",
    )
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="stop everything once ready instead of serving until Ctrl-C",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="once ready, change a card in the emulator and a task in Odoo, "
        f"fail unless each change crosses within {CHECK_TIMEOUT} s, then stop",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    demo = Demo(args)

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    # explicit: a SIGINT ignored by the parent (a background job) is inherited
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    try:
        demo.run()
        if not (args.no_wait or args.check):
            demo.serve()
        return 0
    except KeyboardInterrupt:
        demo.say("\nStopping…")
        return 130
    except DemoError as err:
        demo.say(f"make demo: {err}")
        return 1
    finally:
        # a second Ctrl-C must not leave children behind while we stop them
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        demo.stop()


if __name__ == "__main__":
    sys.exit(main())

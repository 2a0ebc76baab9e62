# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the four ``tools/benchmark_*.py`` share: their set-up, once.

Two kinds of benchmark:

* in-process (``benchmark_import``, ``benchmark_export``,
  ``benchmark_page_jobs``): the parent makes a throwaway database with the
  addon installed (:func:`benchmark_database`), runs the measure in a child
  process (:func:`run_child`, a fresh process each time, so that one
  measure's memory and caches do not change the next one's figures); the
  child opens the database like ``odoo shell`` (:func:`open_registry`) and
  starts the emulator in-process with a backend on it
  (:func:`connect_backend`);
* against a real Odoo server (``benchmark_sync``, its ``--rate-limit``, and
  ``benchmark_export --jobs``): ``make demo``'s steps (``tools/demo.py``),
  the database a copy of one template shared by the three
  (:data:`SERVER_TEMPLATE`, built once until the addons' code changes).

:func:`smoke` runs each of them with tiny parameters: a step of
``tools/run_tests.py``, so that none of them can rot unseen.
"""

import contextlib
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
RESULT_PREFIX = "BENCHMARK-RESULT "
#: Seconds between two looks at the emulator's cards (``CardWatch``).
CARD_POLL_SECONDS = 0.2
#: The template database of the benchmarks that run an Odoo server.
SERVER_TEMPLATE = "connector_trello_bench_template"


#: The short concurrency suite of the test command: seed and operations.
#: ``--board-members-only``: an Odoo assignee whose member is not on the
#: card's board is left out of the card with a chatter note (partial
#: export), which the suite's count does not read yet. The two sides edit
#: the label and member lists of the same cards (no ``--set-edits-apart``):
#: the export sends those lists as deltas (README, Reliability).
CONCURRENCY_ARGS = ["--seed", "11", "--ops", "100", "--board-members-only"]


class BenchmarkError(Exception):
    """A set-up step failed: the sentence to print."""


def load_tool(name):
    """A module of ``tools/`` by its name, e.g. ``run_tests``."""
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def install(run_tests, database, addon):
    """Install ``addon`` (without demo data) into a new ``database``."""
    cmd = run_tests.odoo_command(
        database,
        f"--init={addon}",
        "--without-demo=all",
        "--stop-after-init",
        "--log-level=warn",
    )
    print(f"installing {addon} into {database}", flush=True)
    started = time.monotonic()
    returncode = subprocess.call(cmd, cwd="/")
    print(f"installed in {time.monotonic() - started:.0f} s", flush=True)
    return returncode == 0


@contextlib.contextmanager
def benchmark_database(addon, database=None, keep=False, prefix="connector_trello"):
    """``database`` as given, or a new one with ``addon``, dropped at the end
    (unless ``keep``)."""
    run_tests = load_tool("run_tests")
    if not run_tests.ensure_postgres():
        raise BenchmarkError("no PostgreSQL server to benchmark on")
    if database:
        yield database
        return
    database = f"{prefix}_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}"
    try:
        if not install(run_tests, database, addon):
            raise BenchmarkError(f"cannot install {addon} into {database}")
        yield database
    finally:
        if not keep:
            run_tests.drop_database(database)


def run_child(script, *args, prefix=RESULT_PREFIX, echo=True):
    """Run ``script --child ARGS`` in a fresh process; its results and exit code.

    The child prints each result as ``prefix`` and JSON on a line of its own;
    the other lines pass through as they come.
    """
    cmd = [sys.executable, str(Path(script).resolve()), "--child", *map(str, args)]
    results = []
    with subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1
    ) as proc:
        for line in proc.stdout:
            if line.startswith(prefix):
                result = json.loads(line[len(prefix) :])
                results.append(result)
                if echo:
                    shown = json.dumps(result, ensure_ascii=False)
                    print(f"measured: {shown}", flush=True)
            else:
                sys.stdout.write(line)
        returncode = proc.wait()
    return results, returncode


def open_registry(database):
    """In the child: Odoo configured like ``odoo shell`` on ``database``."""
    sys.path.append(str(ROOT))  # trello_emulator, beside the addons
    import odoo  # noqa: PLC0415 (the parent process never imports Odoo)
    from odoo.modules.registry import Registry  # noqa: PLC0415

    run_tests = load_tool("run_tests")
    options = run_tests.odoo_command(database, "--log-level=warn")[3:]
    odoo.tools.config.parse_config(options)
    return Registry(database)


def connect_backend(env, emulator, name):
    """A backend on the in-process ``emulator``, confirmed, its boards fetched."""
    from trello_emulator import (  # noqa: PLC0415
        DEFAULT_KEY,
        DEFAULT_SECRET,
        DEFAULT_TOKEN,
    )

    backend = env["trello.backend"].create(
        {
            "name": name,
            "api_url": emulator.api_url,
            "api_key": DEFAULT_KEY,
            "api_token": DEFAULT_TOKEN,
            "api_secret": DEFAULT_SECRET,
        }
    )
    backend.action_check_connection()
    backend.action_fetch_boards()
    return backend


def print_load():
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


# -- the smoke runs of tools/run_tests.py ---------------------------------------

#: (tool, arguments): the in-process benchmarks on one shared database (a copy
#: of the server template, or an install), the one that commits (page jobs) last.
SMOKE_IN_PROCESS = [
    ("benchmark_import", ["--seed", "demo", "cards:6", "--floor-tasks", "10"]),
    ("benchmark_export", ["--seed", "cards:12", "--edits", "3"]),
    ("benchmark_page_jobs", ["--seed", "cards:12"]),
]
#: The benchmarks that run an Odoo server, each on a database of its own.
SMOKE_SERVER = [
    ("benchmark_sync", ["--changes", "1"]),
    ("benchmark_sync", ["--rate-limit", "--cards", "2", "--timeout", "180"]),
    ("benchmark_export", ["--jobs", "--edits", "2", "--changes", "1"]),
]


def smoke(run_tests):
    """Run every benchmark with tiny parameters; the failed runs' names.

    The server benchmarks first: they build :data:`SERVER_TEMPLATE` (once
    until the addons' code changes), of which the in-process ones then use a
    copy, in a second rather than the minutes of an install.
    """
    import demo_database  # noqa: PLC0415 (tools/ is on the path of run_tests)

    data_dir = demo_database.DEMO_DIR / "odoo-data"
    failed = []
    for number, (tool, args) in enumerate(SMOKE_SERVER):
        database = f"bench_smoke_{os.getpid()}_{number}"
        ports = ["--http-port", run_tests.free_port()]
        ports += ["--emulator-port", run_tests.free_port()]
        try:
            if _smoke_run(tool, [*args, "--database", database, *ports]):
                failed.append(f"{tool} {' '.join(args)}")
        finally:
            demo_database.drop_database(database, data_dir)
            (demo_database.DEMO_DIR / f"{database}.emulator.json").unlink(
                missing_ok=True
            )
    copy = None
    key = demo_database.database_key(SERVER_TEMPLATE)
    if key and key == demo_database.code_key():
        copy = f"bench_smoke_{os.getpid()}"
        demo_database.copy_database(SERVER_TEMPLATE, copy, data_dir)
    try:
        addon = "connector_trello_queue"  # installed when there is no template
        with benchmark_database(addon, copy, prefix="bench_smoke") as db:
            for tool, args in SMOKE_IN_PROCESS:
                if _smoke_run(tool, [*args, "--db", db]):
                    failed.append(f"{tool} {' '.join(args)}")
    finally:
        if copy:
            demo_database.drop_database(copy, data_dir)
    return failed


def _smoke_run(tool, args):
    print(f"--- {tool} {' '.join(map(str, args))}", flush=True)
    cmd = [sys.executable, str(TOOLS / f"{tool}.py"), *map(str, args)]
    return subprocess.call(cmd, cwd=ROOT)


class CardWatch:
    """Notes when each card first held the value expected.

    ``read(ids)`` gives the emulator's cards by id (its control API: not
    counted); ``expected`` is ``{card id: (key, value)}``. Run in a thread
    of its own from before the first save, it looks every
    ``CARD_POLL_SECONDS`` until every card holds its value, and times each
    by the card's ``dateLastActivity``: the emulator's wall clock (it runs
    with ``--real-time``) when it wrote the card, to the millisecond.
    Timed by the looks instead, a card counted the time until the next look
    and the looks loaded the emulator the writes went to (a look at 100
    cards costs it some 10 ms).
    """

    def __init__(self, read, expected, timeout):
        self.read = read
        self.timeout = timeout
        self.expected = expected
        self.arrived = {}
        self.error = None
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def wait(self):
        """``{card id: Unix time it was written}``, once every card is."""
        if self._thread.ident is None:  # never started: watch here
            self._watch()
        else:
            self._thread.join()
        if self.error:
            raise self.error
        return self.arrived

    def _watch(self):
        deadline = time.monotonic() + self.timeout
        expected, arrived = self.expected, self.arrived
        try:
            while len(arrived) < len(expected):
                if time.monotonic() > deadline:
                    raise BenchmarkError(
                        f"{len(expected) - len(arrived)} cards did not change in "
                        f"{self.timeout} s"
                    )
                waiting = [card_id for card_id in expected if card_id not in arrived]
                cards = self.read(waiting)
                now = time.time()
                for card_id in waiting:
                    key, value = expected[card_id]
                    card = cards.get(card_id, {})
                    if card.get(key) == value:
                        arrived[card_id] = written_at(card) or now
                time.sleep(CARD_POLL_SECONDS)
        except Exception as err:  # noqa: BLE001 (raised again by wait())
            self.error = err


def written_at(card):
    """The Unix time of a card's ``dateLastActivity`` (None without)."""
    text = card.get("dateLastActivity")
    if not text:
        return None
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    return moment.replace(tzinfo=timezone.utc).timestamp()

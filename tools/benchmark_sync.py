#!/usr/bin/env python3
# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Seconds for a change to cross the hands-off sync, both ways.

It starts the Trello emulator (seed ``demo``) and a real Odoo server with
``queue_job`` loaded server-wide (its job runner runs the jobs), on a
database of its own with both addons (at each run a new copy of the
template the server benchmarks share, ``tools/bench_harness.py``), imports
the demo boards and registers the webhooks, then measures over N changes
(median and max):

* Trello -> Odoo: a card renamed by the emulator's second member, until the
  task has the new name (webhook, import job, runner);
* Odoo -> Trello: a task renamed through JSON-RPC, until the card has the
  new name (listener, export job, runner).

With ``--rate-limit``: 4 job workers importing 4 boards at once under the
emulator's rate limit (Trello's: 100 requests per 10 s per token). Odoo runs
with ``--workers=4`` and the job runner's channel ``root`` at capacity 4; the
emulator serves the seed ``boards:4xN`` (``--cards N``, 150 by default): four
boards of N cards, each card with an uploaded file. The load is the first
import's downloads: each file is fetched with a request of its own, so one
board costs about N + 3 requests (the board, its card page, its comment
page, N files) and 4 workers fetching files at once send far more than 100
requests in 10 s. It ticks the boards, presses Synchronize (one job per
board), waits for every job, and prints the tasks and files of each board
against the emulator's cards, the jobs done and failed (and the failed
tries they counted), the requests served, the 429s the emulator answered,
the seconds, the backend's request budget (``--request-budget``, 90 by
default; 0 turns the shared budget off), Odoo's ``limit_time_real``
(``--limit-time-real``, Odoo's 120 s by default) and the load average; and
how long Odoo's login page took to answer while the 4 jobs ran.
"""

import argparse
import collections
import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request

import bench_harness
import run_tests
from demo import DEFAULT_DATABASE, ROOT, Demo, DemoError, http_get

sys.path.insert(0, str(ROOT))
from trello_emulator import DEFAULT_KEY, OTHER_TOKEN  # noqa: E402

POLL_SECONDS = 0.1
CHANGE_TIMEOUT = 60
#: --rate-limit: Odoo workers (and job channel capacity), boards imported.
WORKERS = 4
BOARDS = 4
BUSY_JOB_STATES = {"wait_dependencies", "pending", "enqueued", "started"}
#: ``python -m odoo``, its prefork server spawning no websocket server.
NO_WEBSOCKET_ODOO = (
    "import odoo.cli, odoo.service.server as server;"
    "server.PreforkServer.long_polling_spawn = lambda self: None;"
    "odoo.cli.main()"
)


class SyncBenchmark(Demo):
    EMULATOR_STEPS = [
        "check_ports",
        "prepare_database",
        "start_emulator",
        "start_odoo",
        "confirm_demo_backend",
        "tick_boards",
        "import_boards",
        "register_webhooks",
        "measure",
    ]

    def __init__(self, args, env=None):
        super().__init__(args, env={} if env is None else env)
        # one template for every benchmark that runs an Odoo server
        self.template = bench_harness.SERVER_TEMPLATE

    def report(self):
        """The numbers are printed by measure()."""

    def emulator_call(self, method, path, **params):
        params = dict(params, key=DEFAULT_KEY, token=OTHER_TOKEN)
        url = f"{self.emulator_url}/1/{path}?{urllib.parse.urlencode(params)}"
        status, body = http_get(url) if method == "GET" else self.http_put(url)
        if status != 200:
            raise DemoError(f"the emulator answered {status} to {method} {path}")
        return json.loads(body)

    @staticmethod
    def http_put(url):
        request = urllib.request.Request(url, method="PUT", data=b"")
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()

    def wait_for(self, check, what):
        started = time.monotonic()
        while time.monotonic() - started < CHANGE_TIMEOUT:
            if check():
                return time.monotonic() - started
            time.sleep(POLL_SECONDS)
        raise DemoError(f"{what} did not arrive in {CHANGE_TIMEOUT} s")

    def measure(self):
        cards = self.rpc(
            "trello.project.task",
            "search_read",
            [("backend_id", "=", self.backend_id), ("external_id", "!=", False)],
            fields=["external_id", "odoo_id"],
            limit=1,
        )
        card_id, task_id = cards[0]["external_id"], cards[0]["odoo_id"][0]
        changes = self.args.changes

        def task_name():
            return self.rpc("project.task", "read", [task_id], ["name"])[0]["name"]

        to_odoo = []
        for number in range(changes):
            name = f"Renamed in Trello {number}"
            self.emulator_call("PUT", f"cards/{card_id}", name=name)
            to_odoo.append(
                self.wait_for(
                    lambda name=name: task_name() == name, "The webhook's import"
                )
            )
        self.say_times("Trello -> Odoo (webhook, import job)", to_odoo)
        to_trello = []
        for number in range(changes):
            name = f"Renamed in Odoo {number}"
            self.rpc("project.task", "write", [task_id], {"name": name})
            to_trello.append(
                self.wait_for(
                    lambda name=name: self.card_name(card_id) == name, "The export"
                )
            )
        self.say_times("Odoo -> Trello (listener, export job)", to_trello)

    def card_name(self, card_id):
        """The card's name in the emulator's store (its control API: polling
        the REST API would spend the token's rate limit)."""
        state = json.loads(http_get(self.emulator_url + "/_emulator/state")[1])
        return state["cards"][card_id]["name"]

    def say_times(self, label, seconds):
        self.say(
            f"{label}: median {statistics.median(seconds):.2f} s, "
            f"max {max(seconds):.2f} s over {len(seconds)} changes"
        )


class RateLimitBenchmark(SyncBenchmark):
    """4 job workers importing 4 boards at once under the rate limit."""

    EMULATOR_STEPS = [
        "check_ports",
        "prepare_database",
        "start_emulator",
        "seed_boards",
        "start_odoo",
        "confirm_demo_backend",
        "set_request_budget",
        "tick_boards",
        "import_concurrently",
    ]

    def emulator_control(self, path, **data):
        """POST to the emulator's control API (not counted, not limited)."""
        request = urllib.request.Request(
            self.emulator_url + path,
            data=urllib.parse.urlencode(data).encode(),
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.loads(answer.read())

    def seed_boards(self):
        seed = f"boards:{BOARDS}x{self.args.cards}"
        self.emulator_control("/_emulator/reset", seed=seed)
        self.say(f"Emulator reseeded: {seed} (rate limit on)")

    def odoo_command(self, *extra, **kwargs):
        """Odoo without its websocket server (no browser here). With workers
        Odoo spawns it by running ``sys.argv[0]`` again, which fails under
        ``python -m odoo`` (``odoo/__main__.py`` cannot run as a script) or
        when gevent cannot start; Odoo then respawns it in a loop, a process
        a second that would eat the CPU the jobs are measured on."""
        command = super().odoo_command(*extra, **kwargs)
        command[1:3] = ["-c", NO_WEBSOCKET_ODOO]
        return command

    def odoo_server_options(self):
        """Odoo with 4 workers; the job runner runs 4 jobs at once."""
        # the runner reads its channels from the environment, which the
        # child inherits
        os.environ["ODOO_QUEUE_JOB_CHANNELS"] = f"root:{WORKERS}"
        limit = self.args.limit_time_real
        return [f"--workers={WORKERS}"] + (
            [f"--limit-time-real={limit}"] if limit else []
        )

    def odoo_server_note(self):
        return f": {WORKERS} workers, queue_job channels root:{WORKERS}"

    def set_request_budget(self):
        budget = self.args.request_budget
        self.rpc(
            "trello.backend", "write", [self.backend_id], {"request_budget": budget}
        )
        self.say(
            f"Request budget: {budget} per 10 s"
            if budget
            else "Request budget: off (0)"
        )

    def sql(self, query, params=()):
        """Read the database directly: while 4 jobs hold the 4 workers, an
        RPC call would wait for one of them to finish."""
        conn = run_tests.connect(self.args.database)
        try:
            with conn.cursor() as cr:
                cr.execute(query, params)
                return cr.fetchall()
        finally:
            conn.close()

    def job_states(self):
        return dict(
            self.sql(
                "SELECT state, count(*) FROM queue_job "
                "WHERE channel LIKE 'root.trello%%' GROUP BY state"
            )
        )

    def failed_tries(self):
        """Tries the jobs counted as failed: ``retry`` counts every try but a
        done job's last one and those retried with ``ignore_retry`` (a 429,
        a concurrent job's binding)."""
        return self.sql(
            "SELECT coalesce(sum(retry - CASE WHEN state = 'done' THEN 1 ELSE 0 "
            "END), 0) FROM queue_job WHERE channel LIKE 'root.trello%%'"
        )[0][0]

    def emulator_json(self, path):
        return json.loads(http_get(self.emulator_url + path, timeout=60)[1])

    def import_concurrently(self):
        self.emulator_control("/_emulator/counters/reset")
        started = time.monotonic()
        self.rpc("trello.backend", "action_synchronize", [self.backend_id])
        deadline = started + self.args.timeout
        states = self.job_states()
        page_wait = None
        while BUSY_JOB_STATES & set(states) and time.monotonic() < deadline:
            if page_wait is None and states.get("started", 0) >= WORKERS:
                page_wait = self.time_a_page()
            time.sleep(1)
            states = self.job_states()
        seconds = time.monotonic() - started
        counters = self.emulator_json("/_emulator/counters")
        self.report_imports(states, counters, seconds)
        if page_wait is not None:
            self.say(
                f"  Odoo's login page, asked while {WORKERS} jobs ran, answered "
                f"in {page_wait:.1f} s (each job holds a worker)"
            )

    def time_a_page(self):
        asked = time.monotonic()
        http_get(self.odoo_url + "/web/login", timeout=self.args.timeout)
        return time.monotonic() - asked

    def report_imports(self, states, counters, seconds):
        store = self.emulator_json("/_emulator/state")
        cards = collections.Counter(c["idBoard"] for c in store["cards"].values())
        uploads = collections.Counter(
            store["cards"][a["_idCard"]]["idBoard"]
            for a in store["attachments"].values()
            if a["isUpload"]
        )
        tasks = dict(
            self.sql(
                "SELECT p.external_id, count(t.id) FROM trello_project_project p "
                "JOIN trello_project_task t ON t.project_binding_id = p.id "
                "GROUP BY p.external_id"
            )
        )
        files = dict(
            self.sql(
                "SELECT p.external_id, count(a.id) FROM trello_project_project p "
                "JOIN trello_project_task t ON t.project_binding_id = p.id "
                "JOIN trello_ir_attachment a ON a.card_binding_id = t.id "
                "GROUP BY p.external_id"
            )
        )
        say = self.say
        say("")
        imported = 0
        for board_id, board in sorted(
            store["boards"].items(), key=lambda item: item[1]["name"]
        ):
            if board_id not in cards:
                continue
            done = (tasks.get(board_id, 0), files.get(board_id, 0)) == (
                cards[board_id],
                uploads[board_id],
            )
            imported += done
            say(
                f"  {board['name']}: {tasks.get(board_id, 0)}/{cards[board_id]} "
                f"tasks, {files.get(board_id, 0)}/{uploads[board_id]} files"
            )
        jobs = ", ".join(f"{count} {state}" for state, count in sorted(states.items()))
        jobs += f" ({self.failed_tries()} failed tries counted)"
        budget = self.args.request_budget
        load = os.getloadavg()
        say(
            f"{imported}/{len(cards)} boards imported; jobs: {jobs}; "
            f"{counters['total']} requests served, {counters['rate_limited']} "
            f"answered 429 by the rate limit; {seconds:.1f} s; request budget "
            f"{budget or 'off'}; limit_time_real "
            f"{self.args.limit_time_real or '120 (default)'}; load average "
            f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
        )
        if set(states) & BUSY_JOB_STATES:
            say(f"  jobs still waiting or running after {self.args.timeout} s")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", help=f"{DEFAULT_DATABASE}_bench (--rate-limit: …_rate)"
    )
    parser.add_argument("--http-port", type=int, help="8169 (--rate-limit: 8269)")
    parser.add_argument("--emulator-port", type=int, help="8865 (--rate-limit: 8965)")
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument(
        "--rate-limit",
        action="store_true",
        help=f"measure {WORKERS} workers importing {BOARDS} boards at once "
        "under the rate limit instead",
    )
    parser.add_argument(
        "--cards", type=int, default=150, help="cards (and files) per board"
    )
    parser.add_argument(
        "--request-budget",
        type=int,
        default=90,
        help="the backend's requests per 10 s (0: no shared budget)",
    )
    parser.add_argument(
        "--timeout", type=int, default=600, help="seconds to wait for the jobs"
    )
    parser.add_argument(
        "--limit-time-real",
        type=int,
        help="Odoo's limit_time_real (default: Odoo's, 120 s): a worker running "
        "a job longer is killed",
    )
    args = parser.parse_args(argv)
    # a fresh emulator each run: the database must start from it too
    args.reset = True
    args.board = None
    # --rate-limit has ports and a database of its own: both can run at once
    database, http_port, emulator_port = (
        (DEFAULT_DATABASE + "_rate", 8269, 8965)
        if args.rate_limit
        else (DEFAULT_DATABASE + "_bench", 8169, 8865)
    )
    args.database = args.database or database
    args.http_port = args.http_port or http_port
    args.emulator_port = args.emulator_port or emulator_port
    args.check = False
    return args


def main(argv=None):
    args = parse_args(argv)
    bench = (RateLimitBenchmark if args.rate_limit else SyncBenchmark)(args, env={})
    try:
        bench.run()
        return 0
    except DemoError as err:
        bench.say(f"benchmark_sync: {err}")
        return 1
    finally:
        bench.stop()


if __name__ == "__main__":
    sys.exit(main())

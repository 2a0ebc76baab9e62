#!/usr/bin/env python3
# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Randomized concurrency suite: two Odoo nodes, both sides edited at once.

Usage: ``python3 tools/concurrency_suite.py [--seed 7] [--ops 100]`` (seed
1, 1000 ops by default). It starts the Trello emulator (seed ``demo``, real
clock, webhooks on, rate limit off) and two Odoo servers on one database
with both addons (a copy of a template built once per code version): node A
and node B, ``--workers=2`` each, queue_job loaded server-wide with channel
``root:2``. queue_job 18.0 elects one job runner per database (a PostgreSQL
advisory lock): node A's runs the jobs, on node A, and node B's waits for
the lock. The demo boards are imported, the members mapped, the webhooks
registered to node B.

Then ``--ops`` operations drawn from ``--seed`` (``concurrency_mix.py``):
Odoo edits over JSON-RPC as Marc Demo, on either node; Trello edits as bob
through the emulator's API; webhook bursts. Halfway, once a job has
started, node A is killed (SIGKILL of its process group): its runner's lock
and its jobs' ``queue_job_lock`` rows go with its connections, so node B's
runner takes over and requeues the jobs node A had started (queue_job
requeues a started job whose lock row is free once it was enqueued 10 s
ago). At three quarters node A is started again (as the standby).

Afterwards it waits until no job is pending or running and the emulator has
delivered every webhook, runs one full import of each board, waits again,
and counts (``concurrency_checks.py``): duplicates on either side, lost
edits, values apart, jobs failed for good, and the jobs node A had started
that no other node finished. It prints a table and a final line, and exits
1 when a count is not 0.
"""

import argparse
import hashlib
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

import benchmark_sync
import demo
import run_tests
from concurrency_checks import Checks, name_groups, snapshot
from concurrency_mix import Mix, api_url, trello_request
from demo import ROOT, DemoError, http_get

sys.path.insert(0, str(ROOT))
from trello_emulator import DEFAULT_KEY, OTHER_TOKEN  # noqa: E402

WORKERS = 2
BUSY = "('wait_dependencies', 'pending', 'enqueued', 'started')"
RUNNER_READY = "queue job runner ready for db"
#: The counts printed, in order; each must be 0.
COUNTED = [
    "duplicate Trello cards",
    "duplicate Odoo tasks",
    "duplicate Odoo sub-tasks",
    "duplicate Trello check items",
    "duplicate Trello lists",
    "duplicate Trello labels",
    "duplicate Trello comments",
    "duplicate Odoo notes",
    "duplicate trello.project.task per odoo_id",
    "duplicate trello.project.task per external_id",
    "lost edits",
    "lost creations",
    "lost deletions",
    "values apart",
    "jobs failed for good",
    "killed node's jobs not finished",
]


class Node:
    def __init__(self, name, port):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"
        self.process = None
        self.starts = 0
        self.rpcs = {}

    @property
    def alive(self):
        return self.process is not None and self.process.poll() is None


class ConcurrencySuite(benchmark_sync.RateLimitBenchmark):
    EMULATOR_STEPS = [
        "check_ports",
        "prepare_database",
        "start_emulator",
        "start_nodes",
        "confirm_demo_backend",
        "tick_boards",
        "import_boards",
        "map_members",
        "register_webhooks",
        "run_mix",
        "quiesce",
        "full_import",
        "quiesce",
        "count",
    ]

    def __init__(self, args, env=os.environ):
        super().__init__(args, env)
        key = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
        # one template per worktree (rebuilt when its code changes)
        self.template = f"trello_conc_{key}_template"
        self.nodes = [
            Node("A", args.http_port),
            Node("B", args.http_port + 1),
        ]
        self.pid_node = {}
        self.node_rng = random.Random(args.seed)
        self.notes = []
        self.mix = None
        self.board_members_only = args.board_members_only
        self.set_edits_apart = args.set_edits_apart
        self.baseline = None
        self.orphans = []
        self.failed = 0
        self.exit_code = 0

    def note(self, text):
        self.notes.append(text)
        if self.args.verbose:
            self.say(f"  {text}")

    def check_ports(self):
        for port in (self.args.emulator_port, *(n.port for n in self.nodes)):
            if demo.port_taken(port):
                raise DemoError(f"port {port} is taken: choose --port-base")

    def start_emulator(self):
        port = self.args.emulator_port
        cmd = [sys.executable, "-m", "trello_emulator", "--seed", "demo"]
        cmd += ["--real-time", "--no-rate-limit", "--port", str(port)]
        log_name = f"{self.args.database}-emulator.log"
        self.wait_for_emulator(self.spawn(cmd, log_name), log_name)

    # -- the two nodes ----------------------------------------------------

    def start_nodes(self):
        for node in self.nodes:
            self.start_node(node)
        self.odoo_url = self.nodes[1].url  # webhooks go to node B
        self.rpc = self.admin_rpc()
        self.say(
            f"Odoo nodes A {self.nodes[0].url} and B {self.nodes[1].url} on "
            f"{self.args.database}: {WORKERS} workers each, channel root:{WORKERS}"
        )

    def start_node(self, node):
        node.starts += 1
        log = f"{self.args.database}-node{node.name}-{node.starts}.log"
        os.environ["ODOO_QUEUE_JOB_CHANNELS"] = f"root:{WORKERS}"
        node.process = self.spawn(
            self.odoo_command(
                "--load=web,queue_job",
                f"--http-port={node.port}",
                "--http-interface=127.0.0.1",
                f"--workers={WORKERS}",
                "--max-cron-threads=0",
            ),
            log,
        )
        node.rpcs = {}
        self.wait_until(
            lambda: http_get(node.url + "/web/login", timeout=30)[0] == 200,
            node.process,
            f"Odoo node {node.name}",
            180,
            log,
        )
        if node.starts == 1 and node is self.nodes[0]:
            # node A must hold the runner's lock before node B starts
            self.wait_until(
                lambda: RUNNER_READY in (demo.DEMO_DIR / log).read_text(),
                node.process,
                f"node {node.name}'s job runner",
                60,
                log,
            )
        self.sample_pids()

    def live_node(self):
        nodes = [n for n in self.nodes if n.alive]
        if not nodes:
            raise DemoError("both Odoo nodes are down")
        return self.node_rng.choice(nodes)

    def node_rpc(self, node, login):
        if login not in node.rpcs:
            node.rpcs[login] = demo.OdooRPC(node.url, self.args.database, login, login)
        return node.rpcs[login]

    def admin_rpc(self):
        return self.node_rpc(self.nodes[1], "admin")

    def user_rpc(self):
        return self.node_rpc(self.live_node(), "demo")

    def sample_pids(self):
        """Which node each Odoo process belongs to (its process group)."""
        for node in self.nodes:
            if not node.alive:
                continue
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[2]) == node.process.pid:  # its process group
                    label = node.name if node.starts == 1 else f"{node.name}'"
                    self.pid_node[int(stat.parent.name)] = label

    def job_started(self, seconds):
        """Whether a job runs, looking for up to ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.sql("SELECT 1 FROM queue_job WHERE state = 'started' LIMIT 1"):
                return True
            time.sleep(0.05)
        return False

    def kill_node(self, node):
        """SIGKILL the node's whole process group; note its started jobs
        (its processes are known from the last :meth:`sample_pids`)."""
        os.killpg(node.process.pid, signal.SIGKILL)
        node.process.wait()
        self.orphans = self.sql(
            "SELECT uuid, state, worker_pid FROM queue_job "
            "WHERE state IN ('enqueued', 'started')"
        )
        started = sum(1 for row in self.orphans if row[1] == "started")
        self.say(
            f"  node {node.name} killed (SIGKILL) at op {self.mix.op}: "
            f"{started} jobs started, {len(self.orphans) - started} enqueued on it"
        )

    # -- the mix -----------------------------------------------------------

    def trello_call(self, method, path, **params):
        url = api_url(self.emulator_url, path, DEFAULT_KEY, OTHER_TOKEN, **params)
        return trello_request(url, method)

    def emulator_get(self, path):
        return http_get(self.emulator_url + path, timeout=120)[1]

    def run_mix(self):
        ops, node_a = self.args.ops, self.nodes[0]
        self.mix = Mix(self, self.args.seed)
        self.mix.refresh()
        self.baseline = name_groups(snapshot(self))
        kill_from = ops // 2 if self.args.kill else None
        restart_at = ops * 3 // 4 if self.args.restart else None
        self.emulator_control("/_emulator/counters/reset")
        self.mix_started = time.monotonic()
        for op in range(1, ops + 1):
            if op % 25 == 0 or op == kill_from:
                self.mix.refresh()
                self.sample_pids()
            if kill_from and op >= kill_from and node_a.alive and node_a.starts == 1:
                if self.job_started(3) or op >= kill_from + ops // 10:
                    self.mix.op = op
                    self.kill_node(node_a)
            if restart_at and op == restart_at and not node_a.alive:
                self.start_node(node_a)
                self.say(f"  node A started again at op {op} (the standby runner)")
            self.mix.step(op)
            if op % 100 == 0:
                self.say(f"  {op} ops, {time.monotonic() - self.mix_started:.0f} s")
        self.mix_seconds = time.monotonic() - self.mix_started

    def quiesce(self):
        """Until no job waits or runs and every webhook was delivered."""
        started, stable = time.monotonic(), 0
        while stable < 3:
            if time.monotonic() - started > self.args.timeout:
                raise DemoError(f"still busy after {self.args.timeout} s")
            flushed = self.emulator_control("/_emulator/webhooks/flush", timeout=10)
            busy = self.sql(f"SELECT count(*) FROM queue_job WHERE state IN {BUSY}")
            stable = stable + 1 if flushed.get("ok") and not busy[0][0] else 0
            waited = time.monotonic() - started
            if busy[0][0] and int(waited) % 60 == 0 and waited >= 60:
                self.say(f"  still busy after {waited:.0f} s: {self.busy_jobs()}")
            time.sleep(1)
        self.say(f"  quiet after {time.monotonic() - started:.0f} s")

    def busy_jobs(self):
        rows = self.sql(
            f"SELECT state, name, eta FROM queue_job WHERE state IN {BUSY} "
            "ORDER BY id LIMIT 5"
        )
        return "; ".join(
            f"{s} {n!r} eta {e:%H:%M:%S}" if e else f"{s} {n!r}" for s, n, e in rows
        )

    def full_import(self):
        """A full import of every board: without a checkpoint the next
        import of a board is a full one."""
        self.sql_write(
            "UPDATE trello_project_project SET last_action_id = NULL, "
            "last_action_date = NULL, last_actions_seen = NULL WHERE backend_id = %s",
            (self.backend_id,),
        )
        self.admin_rpc()("trello.backend", "action_synchronize", [self.backend_id])
        self.say("  full import of every board queued")

    def sql_write(self, query, params=()):
        conn = run_tests.connect(self.args.database)
        try:
            with conn, conn.cursor() as cr:
                cr.execute(query, params)
        finally:
            conn.close()

    # -- the counts --------------------------------------------------------

    def log_errors(self):
        """The ERROR lines of the nodes' logs, by their PostgreSQL error (a
        serialization failure is retried by Odoo; shown, not counted)."""
        kinds = {}
        for log in demo.DEMO_DIR.glob(f"{self.args.database}-node*.log"):
            lines = log.read_text(errors="replace").splitlines()
            for number, line in enumerate(lines):
                if " ERROR " not in line:
                    continue
                after = lines[number + 1 : number + 2] or [""]
                kind = after[0] if after[0].startswith("ERROR:") else line[24:120]
                kinds[kind] = kinds.get(kind, 0) + 1
        return "; ".join(f"{n} x {k}" for k, n in sorted(kinds.items()))

    def count(self):
        self.snap = snapshot(self)
        checks = Checks(self.mix, self.snap, self.baseline)
        counts = checks.run()
        failed = self.sql(
            "SELECT coalesce(exc_name, '?'), count(*) FROM queue_job "
            "WHERE state = 'failed' GROUP BY 1"
        )
        counts["jobs failed for good"] = sum(n for _, n in failed)
        finished = self.orphan_fates()
        counts["killed node's jobs not finished"] = sum(
            n for (state, _node), n in finished.items() if state != "done"
        )
        self.print_counts(counts, checks, failed, finished)

    def orphan_fates(self):
        fates = {}
        self.sample_pids()
        uuids = [row[0] for row in self.orphans]
        if not uuids:
            return fates
        for state, pid in self.sql(
            "SELECT state, worker_pid FROM queue_job WHERE uuid IN %s", (tuple(uuids),)
        ):
            key = (state, self.pid_node.get(pid, f"pid {pid}"))
            fates[key] = fates.get(key, 0) + 1
        return fates

    def print_counts(self, counts, checks, failed, finished):
        say, mix = self.say, self.mix
        jobs = dict(self.sql("SELECT state, count(*) FROM queue_job GROUP BY state"))
        say("")
        say(f"{'check':48} count")
        for what in COUNTED + sorted(set(counts) - set(COUNTED)):
            say(f"{what:48} {counts.get(what, 0)}")
        for what, examples in sorted(checks.examples.items()):
            for example in examples:
                say(f"  {what}: {example}")
        for name, number in failed:
            say(f"  failed for good: {number} {name}")
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(mix.counts.items()))
        refused = sum(mix.refused.values())
        say(f"ops: {kinds}; {refused} refused or failed on the caller's side")
        say(
            f"{len(mix.writes)} field writes logged, {checks.noted} decided by the "
            f"conflict policy with a note; jobs: "
            + ", ".join(f"{n} {s}" for s, n in sorted(jobs.items()))
        )
        say(f"ERROR lines in the nodes' logs: {self.log_errors() or 'none'}")
        fates = ", ".join(f"{n} {s} by node {who}" for (s, who), n in finished.items())
        say(
            f"jobs node A had started or was sent when killed: "
            f"{len(self.orphans)}: {fates or '-'}"
        )
        total = sum(counts.get(what, 0) for what in COUNTED) + sum(
            n for what, n in counts.items() if what not in COUNTED
        )
        load = os.getloadavg()
        say(
            f"concurrency suite: seed {self.args.seed}, {self.args.ops} ops, 2 nodes, "
            f"{'1 kill' if self.orphans or self.args.kill else 'no kill'}; "
            f"{total} problems; mix {self.mix_seconds:.0f} s, total "
            f"{time.monotonic() - self.started:.0f} s; load {load[0]:.1f} "
            f"{load[1]:.1f} {load[2]:.1f}"
        )
        self.exit_code = 1 if total else 0
        if total:
            self.save_report(counts, checks)

    def save_report(self, counts, checks):
        """What a failed run saw, for its replay: the mix's log and counts."""
        path = demo.DEMO_DIR / f"{self.args.database}-report.json"
        mix = self.mix
        path.write_text(
            json.dumps(
                {
                    "args": vars(self.args),
                    "counts": counts,
                    "examples": checks.examples,
                    "writes": [w._asdict() for w in mix.writes],
                    "made": [m._asdict() for m in mix.made],
                    "gone": sorted(mix.gone),
                    "notes": self.notes,
                    "snapshot": self.snap,
                },
                indent=1,
                default=str,
            )
        )
        self.say(f"the run's log: {path}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument(
        "--port-base",
        type=int,
        default=9460,
        help="the emulator's port; the nodes take the next two",
    )
    parser.add_argument("--database", help="default: trello_conc_<pid>")
    parser.add_argument("--no-kill", dest="kill", action="store_false")
    parser.add_argument("--no-restart", dest="restart", action="store_false")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--keep-failed-db", action="store_true", help="keep it when a count is not 0"
    )
    parser.add_argument("--timeout", type=int, default=900, help="quiesce seconds")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--board-members-only",
        action="store_true",
        help="Odoo assigns only users whose member is on the task's board",
    )
    parser.add_argument(
        "--set-edits-apart",
        action="store_true",
        help="the two sides edit the label and member lists of different cards",
    )
    args = parser.parse_args(argv)
    args.database = args.database or f"trello_conc_{os.getpid()}"
    args.emulator_port = args.port_base
    args.http_port = args.port_base + 1
    args.reset, args.board, args.check = True, None, False
    args.limit_time_real = None
    return args


def main(argv=None):
    args = parse_args(argv)
    suite = ConcurrencySuite(args, env={})
    try:
        suite.run()
    except DemoError as err:
        suite.say(f"concurrency_suite: {err}")
        suite.exit_code = 2
    except KeyboardInterrupt:
        suite.say("concurrency_suite: interrupted")
        suite.exit_code = 130
    finally:
        suite.stop()
        if not (args.keep_db or (args.keep_failed_db and suite.exit_code)):
            demo.drop_database(args.database, suite.data_dir)
    return suite.exit_code


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark connector_trello's board import against the Trello emulator.

Usage::

    python3 tools/benchmark_import.py                 # seeds demo and cards:2500
    python3 tools/benchmark_import.py --with-10000    # cards:10000 as well
    python3 tools/benchmark_import.py --db DB         # an existing database

Without ``--db`` it creates a throwaway database the way ``tools/run_tests.py``
does (same PostgreSQL set-up and role), installs ``connector_trello`` in it,
measures, and drops it (unless ``--keep-db``).

The measure runs in a child process that opens the database with Odoo's
registry, like ``odoo shell``. For each seed it starts the emulator
in-process, connects a backend, ticks every board the token sees, then times
a full import and a second, incremental import of the unchanged boards. The
requests are counted by the emulator, attachment downloads apart. Nothing is
committed: each seed runs in its own transaction, rolled back at the end.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = "connector_trello"
RESULT_PREFIX = "BENCHMARK-RESULT "
COLUMNS = [
    ("seed", "seed"),
    ("cards", "cards"),
    ("requests_full", "requests (full)"),
    ("requests_incremental", "requests (incr.)"),
    ("downloads", "downloads"),
    ("seconds_full", "seconds (full)"),
    ("seconds_incremental", "seconds (incr.)"),
    ("tasks", "tasks created"),
]


def load_run_tests():
    """``tools/run_tests.py`` as a module: its PostgreSQL and Odoo helpers."""
    spec = importlib.util.spec_from_file_location(
        "run_tests", Path(__file__).resolve().parent / "run_tests.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- child process: the measure, inside Odoo ---------------------------------


def api_requests(counters):
    """Requests to the REST API and attachment downloads, apart."""
    api, downloads = 0, 0
    for route, count in counters["by_route"].items():
        if "/download/" in route:
            downloads += count
        else:
            api += count
    return api, downloads


def measure_seed(registry, seed):
    """Full then incremental import of every board of ``seed``; a dict."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415 (child process only)

    from trello_emulator import (  # noqa: PLC0415
        DEFAULT_KEY,
        DEFAULT_SECRET,
        DEFAULT_TOKEN,
        TrelloEmulator,
    )

    with TrelloEmulator(seed=seed) as emulator, registry.cursor() as cr:
        env = api.Environment(
            cr,
            SUPERUSER_ID,
            {"tracking_disable": True, "queue_job__no_delay": True},
        )
        backend = env["trello.backend"].create(
            {
                "name": f"Benchmark {seed}",
                "api_url": emulator.api_url,
                "api_key": DEFAULT_KEY,
                "api_token": DEFAULT_TOKEN,
                "api_secret": DEFAULT_SECRET,
            }
        )
        backend.action_check_connection()
        backend.action_fetch_boards()
        backend.board_ids.synchronize = True
        board_ids = set(backend.board_ids.mapped("external_id"))
        cards = [
            card
            for card in emulator.store.cards.values()
            if card["idBoard"] in board_ids
        ]
        env.flush_all()

        timings, requests = [], []
        for _run in ("full", "incremental"):
            emulator.reset_counters()
            started = time.perf_counter()
            backend.action_synchronize()
            env.flush_all()
            timings.append(time.perf_counter() - started)
            requests.append(api_requests(emulator.counters()))

        tasks = (
            env["trello.project.task"]
            .with_context(active_test=False)
            .search_count([("backend_id", "=", backend.id)])
        )
        cr.rollback()
    return {
        "seed": seed,
        "boards": len(board_ids),
        "cards": len(cards),
        "requests_full": requests[0][0],
        "requests_incremental": requests[1][0],
        "downloads": requests[0][1] + requests[1][1],
        "seconds_full": round(timings[0], 2),
        "seconds_incremental": round(timings[1], 2),
        "tasks": tasks,
    }


def child_main(database, seeds):
    """Open ``database`` like ``odoo shell`` and print one result per seed."""
    run_tests = load_run_tests()
    sys.path.append(str(ROOT))  # trello_emulator, beside the addons

    import odoo  # noqa: PLC0415 (the parent process never imports Odoo)
    from odoo.modules.registry import Registry  # noqa: PLC0415

    options = run_tests.odoo_command(database, "--log-level=warn")[3:]
    odoo.tools.config.parse_config(options)
    registry = Registry(database)
    for seed in seeds:
        result = measure_seed(registry, seed)
        print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


# -- parent process: database, child, table ----------------------------------


def install(run_tests, database):
    cmd = run_tests.odoo_command(
        database,
        f"--init={ADDON}",
        "--without-demo=all",
        "--stop-after-init",
        "--log-level=warn",
    )
    print(f"installing {ADDON} into {database}", flush=True)
    started = time.monotonic()
    returncode = subprocess.call(cmd, cwd="/")
    print(f"installed in {time.monotonic() - started:.0f} s", flush=True)
    return returncode == 0


def run_child(database, seeds):
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--db", database]
    cmd += ["--seed", *seeds]
    results = []
    with subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1
    ) as proc:
        for line in proc.stdout:
            if line.startswith(RESULT_PREFIX):
                results.append(json.loads(line[len(RESULT_PREFIX) :]))
            else:
                sys.stdout.write(line)
        returncode = proc.wait()
    return results, returncode


def print_table(results):
    headers = [title for _key, title in COLUMNS]
    rows = [[str(result[key]) for key, _title in COLUMNS] for result in results]
    widths = [
        max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)
    ]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    print()
    print(
        "requests: to Trello's REST API, attachment downloads apart; seconds: "
        "wall clock of action_synchronize, database flush included."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="existing database with connector_trello")
    parser.add_argument(
        "--seed",
        nargs="+",
        default=None,
        help="emulator seeds to measure (default: demo cards:2500)",
    )
    parser.add_argument(
        "--with-10000", action="store_true", help="also measure cards:10000"
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    seeds = args.seed or ["demo", "cards:2500"]
    if args.with_10000 and "cards:10000" not in seeds:
        seeds.append("cards:10000")

    if args.child:
        return child_main(args.db, seeds)

    run_tests = load_run_tests()
    if not run_tests.ensure_postgres():
        print("no PostgreSQL server to benchmark on")
        return 1
    database = args.db
    created = False
    if not database:
        database = (
            f"connector_trello_bench_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}"
        )
        created = True
        if not install(run_tests, database):
            print(f"cannot install {ADDON} into {database}")
            run_tests.drop_database(database)
            return 1
    try:
        results, returncode = run_child(database, seeds)
    finally:
        if created and not args.keep_db:
            run_tests.drop_database(database)
    if results:
        print_table(results)
    if returncode or len(results) != len(seeds):
        print(f"the measure failed (exit code {returncode})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

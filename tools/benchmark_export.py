#!/usr/bin/env python3
"""Benchmark connector_trello's export of task edits against the emulator.

Usage::

    python3 tools/benchmark_export.py             # 100 edits on a cards:500 board
    python3 tools/benchmark_export.py --edits 300 --db DB

Without ``--db`` it creates a throwaway database the way ``tools/run_tests.py``
does, installs ``connector_trello`` in it, measures, and drops it (unless
``--keep-db``). The measure (in a child process, like
``tools/benchmark_import.py``, whose helpers it reuses) imports the board, then
edits ``--edits`` tasks in Odoo (a new name; one in ten also moves to another
stage) and exports them twice over: one task at a time (``trello_export()``
per task: one conflict read and one ``PUT`` each), then all at once (reads by
batches of 10, one ``PUT`` per card). Requests are counted by the emulator.
Nothing is committed.
"""

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCHMARK-RESULT "


def load_tool(name):
    spec = importlib.util.spec_from_file_location(
        name, Path(__file__).resolve().parent / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(registry, seed, edits):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415 (child process only)

    from trello_emulator import (  # noqa: PLC0415
        DEFAULT_KEY,
        DEFAULT_SECRET,
        DEFAULT_TOKEN,
        TrelloEmulator,
    )

    with (
        TrelloEmulator(seed=seed, rate_limit=False) as emulator,
        registry.cursor() as cr,
    ):
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
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
        backend.action_synchronize()
        cards = env["trello.project.task"].search(
            [("backend_id", "=", backend.id), ("parent_id", "=", False)],
            limit=edits * 2,
            order="id",
        )
        results = {"seed": seed, "edits": edits}
        for run, chunk in (("one_by_one", cards[:edits]), ("batched", cards[edits:])):
            stages = chunk.project_binding_id.mapped(
                lambda b: env["trello.project.task.type"].search(
                    [("project_binding_id", "=", b.id)], limit=2
                )
            )
            for index, card in enumerate(chunk):
                values = {"name": f"{card.name} (edited {run})"}
                if index % 10 == 0 and len(stages) > 1:
                    other = stages.filtered(
                        lambda s, card=card: s.odoo_id != card.stage_id
                    )
                    values["stage_id"] = other[:1].odoo_id.id
                card.odoo_id.write(values)
            env.flush_all()
            emulator.reset_counters()
            started = time.perf_counter()
            if run == "one_by_one":
                for card in chunk:
                    card.odoo_id.trello_export()
            else:
                chunk.odoo_id.trello_export()
            env.flush_all()
            results[f"seconds_{run}"] = round(time.perf_counter() - started, 2)
            results[f"requests_{run}"] = emulator.counters()["total"]
            exported = sum(
                1
                for card in chunk
                if emulator.store.cards[card.external_id]["name"].endswith(
                    f"(edited {run})"
                )
            )
            results[f"exported_{run}"] = exported
        cr.rollback()
    return results


def child_main(database, seed, edits):
    run_tests = load_tool("run_tests")
    sys.path.append(str(ROOT))
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    options = run_tests.odoo_command(database, "--log-level=warn")[3:]
    odoo.tools.config.parse_config(options)
    result = measure(Registry(database), seed, edits)
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="existing database with connector_trello")
    parser.add_argument("--seed", default="cards:500", help="emulator seed")
    parser.add_argument("--edits", type=int, default=100, help="task edits")
    parser.add_argument("--keep-db", action="store_true", help="keep the database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main(args.db, args.seed, args.edits)

    run_tests = load_tool("run_tests")
    bench_import = load_tool("benchmark_import")
    if not run_tests.ensure_postgres():
        print("no PostgreSQL server to benchmark on")
        return 1
    database, created = args.db, False
    if not database:
        database = (
            f"connector_trello_bench_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}"
        )
        created = True
        if not bench_import.install(run_tests, database):
            print(f"cannot install connector_trello into {database}")
            run_tests.drop_database(database)
            return 1
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--db", database]
    cmd += ["--seed", args.seed, "--edits", str(args.edits)]
    try:
        import subprocess  # noqa: PLC0415

        output = subprocess.run(
            cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False
        )
    finally:
        if created and not args.keep_db:
            run_tests.drop_database(database)
    results = [
        json.loads(line[len(RESULT_PREFIX) :])
        for line in output.stdout.splitlines()
        if line.startswith(RESULT_PREFIX)
    ]
    if not results:
        print(output.stdout)
        print(f"the measure failed (exit code {output.returncode})")
        return 1
    result = results[0]
    print()
    for run, title in (
        ("one_by_one", "one task at a time"),
        ("batched", "all at once"),
    ):
        print(
            f"export of {result['edits']} task edits, {title}: "
            f"{result[f'requests_{run}']} requests, {result[f'seconds_{run}']} s "
            f"({result[f'exported_{run}']} cards updated)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

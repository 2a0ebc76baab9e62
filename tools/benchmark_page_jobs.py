#!/usr/bin/env python3
# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Seconds of each job of a large first import run as page jobs.

Usage::

    python3 tools/benchmark_page_jobs.py                    # cards:10000
    python3 tools/benchmark_page_jobs.py --seed cards:2500
    python3 tools/benchmark_page_jobs.py --db DB --keep-db

Without ``--db`` it creates a throwaway database the way ``tools/run_tests.py``
does, installs ``connector_trello_queue`` in it, measures, and drops it
(unless ``--keep-db``). The measure runs in a child process that opens the
database with Odoo's registry (like ``odoo shell``) and starts the emulator
in-process: it connects a backend, ticks the seed's board, delays its import
job as the Synchronize button does, then runs the queued jobs one at a time
as queue_job's runner does (each in a transaction of its own, committed when
it is done, the jobs it delays committed with it) until none is left, and
prints each job's name, seconds (commit included) and requests to Trello.
The goal: no job over about a minute on the 2-core development machine.
The database is the benchmark's own: the jobs commit.
"""

import argparse
import json
import sys
import time

import bench_harness
from bench_harness import BenchmarkError

ADDON = "connector_trello_queue"
RESULT_PREFIX = "PAGE-JOB "
#: Waiting imports are retried after a minute: the benchmark does not wait.
MAX_JOBS = 200


# -- child process: the jobs, inside Odoo -------------------------------------


def run_job(registry, uuid):
    """Run one stored job as the job runner does; a result dict."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415 (child process only)

    from odoo.addons.queue_job.exception import (  # noqa: PLC0415
        RetryableJobError,
    )
    from odoo.addons.queue_job.job import Job  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        job = Job.load(env, uuid)
        job.set_started()
        job.store()
        cr.commit()
        started = time.perf_counter()
        try:
            job.perform()
            env.flush_all()
            job.set_done()
            job.store()
            cr.commit()
        except RetryableJobError as err:
            cr.rollback()
            return {"name": job.description, "retried": str(err)}
        seconds = time.perf_counter() - started
        return {"name": job.description, "seconds": round(seconds, 1)}


def child_main(database, seed):
    registry = bench_harness.open_registry(database)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415 (child process only)

    from odoo.addons.connector_trello_queue.jobs import (  # noqa: PLC0415
        board_import_job,
    )

    from trello_emulator import TrelloEmulator  # noqa: PLC0415

    with TrelloEmulator(seed=seed) as emulator:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            backend = bench_harness.connect_backend(env, emulator, f"Page jobs {seed}")
            board = backend.board_ids[:1]
            board.synchronize = True
            env["trello.project.project"].with_delay(
                **board_import_job(backend, board.external_id, board.name)
            ).import_board(backend, board.external_id)
            cr.commit()
        started = time.perf_counter()
        for _number in range(MAX_JOBS):
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT uuid FROM queue_job WHERE state = 'pending' "
                    "AND model_name = 'trello.project.project' ORDER BY id LIMIT 1"
                )
                row = cr.fetchone()
            if not row:
                break
            emulator.reset_counters()
            result = run_job(registry, row[0])
            result["requests"] = emulator.counters()["total"]
            print(RESULT_PREFIX + json.dumps(result), flush=True)
            if "retried" in result:
                return 1
        total = time.perf_counter() - started
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            backend = env["trello.backend"].browse(backend.id)
            binding = env["trello.project.project"].search(
                [("backend_id", "=", backend.id)]
            )
            tasks = (
                env["trello.project.task"]
                .with_context(active_test=False)
                .search_count([("backend_id", "=", backend.id)])
            )
            summary = {
                "total_seconds": round(total, 1),
                "tasks": tasks,
                "checkpoint": bool(binding.last_action_id),
                "marker": bool(binding.page_import_token),
                "summary": backend.board_ids[:1].last_sync_result,
            }
        print(RESULT_PREFIX + json.dumps(summary), flush=True)
    return 0


# -- parent process: database, child, table ----------------------------------


def print_table(seed, results):
    jobs = [r for r in results if "name" in r]
    width = max(len(job["name"]) for job in jobs)
    print()
    print(f"{'job'.ljust(width)}  seconds  requests")
    print(f"{'-' * width}  -------  --------")
    for job in jobs:
        seconds = job.get("seconds", "retried")
        print(f"{job['name'].ljust(width)}  {seconds!s:>7}  {job['requests']:>8}")
    print()
    summary = results[-1]
    if "total_seconds" in summary:
        longest = max(job.get("seconds", 0) for job in jobs)
        print(
            f"{seed}: {len(jobs)} jobs, {summary['total_seconds']} s in all, the "
            f"longest {longest} s; {summary['tasks']} tasks; checkpoint "
            f"{'set' if summary['checkpoint'] else 'NOT set'}; marker "
            f"{'still set' if summary['marker'] else 'cleared'}."
        )
        print(summary["summary"])
    bench_harness.print_load()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="existing database with connector_trello_queue")
    parser.add_argument("--seed", default="cards:10000", help="emulator seed")
    parser.add_argument("--keep-db", action="store_true", help="keep the database")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main(args.db, args.seed)

    try:
        with bench_harness.benchmark_database(
            ADDON, args.db, args.keep_db, prefix="connector_trello_pages"
        ) as database:
            results, returncode = bench_harness.run_child(
                __file__, "--db", database, "--seed", args.seed, prefix=RESULT_PREFIX
            )
    except BenchmarkError as err:
        print(err)
        return 1
    if results:
        print_table(args.seed, results)
    if returncode or not results or "total_seconds" not in results[-1]:
        print(f"the measure failed (exit code {returncode})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

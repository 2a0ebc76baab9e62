#!/usr/bin/env python3
"""Benchmark connector_trello's board import against the Trello emulator.

Usage::

    python3 tools/benchmark_import.py                 # seeds demo and cards:2500
    python3 tools/benchmark_import.py --with-10000    # cards:10000 as well
    python3 tools/benchmark_import.py --db DB         # an existing database

Without ``--db`` it creates a throwaway database the way ``tools/run_tests.py``
does (same PostgreSQL set-up and role), installs ``connector_trello`` in it,
measures, and drops it (unless ``--keep-db``).

Each seed is measured in its own child process that opens the database with
Odoo's registry, like ``odoo shell`` (a fresh process, so that the memory one
import adds is not hidden by what an earlier one freed). The child starts the
emulator in-process, connects a backend, ticks every board the token sees,
then times a full import and a second, incremental import of the unchanged
boards. The requests are counted by the emulator, attachment downloads apart;
the time spent in requests (the emulator answers in the same process) is
measured apart too, and "Odoo-side" is the rest. The memory the import adds is
the peak RSS during the full import minus the RSS before it (sampled every
5 ms). Then, in the same process and database, the two floors: creating
tasks with a stage, two tags and an HTML description by batches of 500 and
one ``create`` per task (``--floor-tasks``, 2,500 by default). Nothing is
committed: each measure runs in its own transaction, rolled back at the end.
``--profile N`` prints the N costliest functions of the full import
(cProfile, by own time and by cumulative time).
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import threading
import time
from contextlib import contextmanager

import bench_harness
from bench_harness import RESULT_PREFIX, BenchmarkError

ADDON = "connector_trello"
COLUMNS = [
    ("seed", "seed"),
    ("cards", "cards"),
    ("requests_full", "requests (full)"),
    ("requests_incremental", "requests (incr.)"),
    ("downloads", "downloads"),
    ("seconds_full", "seconds (full)"),
    ("seconds_requests", "of which requests"),
    ("seconds_incremental", "seconds (incr.)"),
    ("cards_per_second", "cards/s (Odoo-side)"),
    ("floor_batched", "floor batched (tasks/s)"),
    ("floor_one_by_one", "floor 1-by-1 (tasks/s)"),
    ("ratio_batched", "ratio to batched"),
    ("ratio_one_by_one", "ratio to 1-by-1"),
    ("memory_mb", "memory added (MB)"),
    ("tasks", "tasks created"),
]
FLOOR_BATCH = 500
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


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


def rss():
    """The resident memory of this process, in bytes."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


@contextmanager
def peak_rss(result):
    """``result["added"]``: peak RSS during the block minus RSS before it."""
    before = rss()
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.wait(0.005):
            peak[0] = max(peak[0], rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield
    finally:
        done.set()
        sampler.join()
        peak[0] = max(peak[0], rss())
        result["added"] = peak[0] - before


@contextmanager
def request_timer():
    """Time spent in the Trello client (requests and JSON decoding)."""
    from odoo.addons.connector_trello.client import TrelloClient  # noqa: PLC0415

    spent = {"seconds": 0.0}
    originals = {name: getattr(TrelloClient, name) for name in ("request", "download")}

    def timed(original):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent["seconds"] += time.perf_counter() - started

        return wrapper

    for name, original in originals.items():
        setattr(TrelloClient, name, timed(original))
    try:
        yield spent
    finally:
        for name, original in originals.items():
            setattr(TrelloClient, name, original)


def measure_floors(registry, count):
    """Tasks/s of plain Odoo creates: by batches of 500, and one by one."""
    from odoo import SUPERUSER_ID, Command, api  # noqa: PLC0415

    floors = {}
    with registry.cursor() as cr:
        env = api.Environment(
            cr,
            SUPERUSER_ID,
            {
                "tracking_disable": True,
                "mail_create_nolog": True,
                "mail_create_nosubscribe": True,
                "mail_notrack": True,
            },
        )
        project = env["project.project"].create({"name": "Floor"})
        stage = env["project.task.type"].create(
            {"name": "Floor stage", "project_ids": [Command.link(project.id)]}
        )
        tags = env["project.tags"].create(
            [{"name": "Floor tag 1"}, {"name": "Floor tag 2"}]
        )

        def values(i):
            return {
                "name": f"Task {i}",
                "project_id": project.id,
                "stage_id": stage.id,
                "tag_ids": [Command.set(tags.ids)],
                "description": f"<p>Description of <strong>task {i}</strong>.</p>",
            }

        tasks = env["project.task"]
        env.flush_all()
        started = time.perf_counter()
        for start in range(0, count, FLOOR_BATCH):
            end = min(count, start + FLOOR_BATCH)
            tasks.create([values(i) for i in range(start, end)])
        env.flush_all()
        floors["floor_batched"] = count / (time.perf_counter() - started)
        env.invalidate_all()
        started = time.perf_counter()
        for i in range(count):
            tasks.create(values(i))
        env.flush_all()
        floors["floor_one_by_one"] = count / (time.perf_counter() - started)
        cr.rollback()
    return floors


def measure_seed(registry, seed, profile=0):
    """Full then incremental import of every board of ``seed``; a dict."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415 (child process only)

    from trello_emulator import TrelloEmulator  # noqa: PLC0415

    memory = {}
    with TrelloEmulator(seed=seed) as emulator, registry.cursor() as cr:
        env = api.Environment(
            cr,
            SUPERUSER_ID,
            {"tracking_disable": True, "queue_job__no_delay": True},
        )
        backend = bench_harness.connect_backend(env, emulator, f"Benchmark {seed}")
        backend.board_ids.synchronize = True
        board_ids = set(backend.board_ids.mapped("external_id"))
        cards = [
            card
            for card in emulator.store.cards.values()
            if card["idBoard"] in board_ids
        ]
        env.flush_all()

        timings, requests, in_requests = [], [], []
        for run in ("full", "incremental"):
            emulator.reset_counters()
            profiler = cProfile.Profile() if profile and run == "full" else None
            with request_timer() as spent, peak_rss(memory.setdefault(run, {})):
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                backend.action_synchronize()
                env.flush_all()
                if profiler:
                    profiler.disable()
                timings.append(time.perf_counter() - started)
            in_requests.append(spent["seconds"])
            requests.append(api_requests(emulator.counters()))
            if profiler:
                print_profile(profiler, seed, profile)

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
        "seconds_requests": round(in_requests[0], 2),
        "seconds_odoo": timings[0] - in_requests[0],
        "seconds_incremental": round(timings[1], 2),
        "memory_mb": round(memory["full"]["added"] / 2**20, 1),
        "tasks": tasks,
    }


def print_profile(profiler, seed, top):
    for sort in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(sort).print_stats(top)
        print(f"--- profile of the full import of {seed}, by {sort}")
        lines = out.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        print("\n".join(line[:150] for line in lines[start - 1 :] if line.strip()))


def add_ratios(result, floors):
    """Cards per second on Odoo's side, and their ratios to the floors."""
    per_second = result["cards"] / max(result.pop("seconds_odoo"), 1e-9)
    result["cards_per_second"] = round(per_second)
    for key in ("floor_batched", "floor_one_by_one"):
        result[key] = round(floors[key]) if key in floors else "-"
        ratio_key = "ratio_" + key[len("floor_") :]
        result[ratio_key] = round(per_second / floors[key], 2) if key in floors else "-"
    return result


def child_main(database, seeds, floor_tasks=0, profile=0):
    """Open ``database`` like ``odoo shell`` and print one result per seed."""
    registry = bench_harness.open_registry(database)
    for seed in seeds:
        result = measure_seed(registry, seed, profile=profile)
        # The floors after the import, in the same process: measured before,
        # the memory they free would hide part of what the import adds.
        floors = measure_floors(registry, floor_tasks) if floor_tasks else {}
        print(RESULT_PREFIX + json.dumps(add_ratios(result, floors)), flush=True)
    return 0


# -- parent process: database, child, table ----------------------------------


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
        "wall clock of action_synchronize, database flush included; of which "
        "requests: time in the Trello client (the emulator answers in the same "
        "process); cards/s (Odoo-side): cards / (seconds - requests); floors: "
        "project.task create with a stage, two tags and an HTML description, "
        f"by batches of {FLOOR_BATCH} and one by one, measured right after the "
        "import in the same process; memory added: peak RSS during the full "
        "import minus RSS before it."
    )
    bench_harness.print_load()


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
    parser.add_argument(
        "--floor-tasks",
        type=int,
        default=2500,
        help="tasks created by each floor measure (0: no floors)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="print the N costliest functions of each full import",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    seeds = args.seed or ["demo", "cards:2500"]
    if args.with_10000 and "cards:10000" not in seeds:
        seeds.append("cards:10000")

    if args.child:
        return child_main(args.db, seeds, args.floor_tasks, args.profile)

    results, returncode = [], 0
    try:
        with bench_harness.benchmark_database(ADDON, args.db, args.keep_db) as db:
            for seed in seeds:
                # A fresh process per seed: what one import leaves in memory
                # and caches does not change the next one's figures. The
                # floors only beside the large imports they are compared with.
                floor_tasks = 0 if seed in ("demo", "empty") else args.floor_tasks
                seed_results, returncode = bench_harness.run_child(
                    __file__,
                    *("--db", db, "--seed", seed),
                    *("--floor-tasks", floor_tasks, "--profile", args.profile),
                )
                results += seed_results
                if returncode:
                    break
    except BenchmarkError as err:
        print(err)
        return 1
    if results:
        print_table(results)
    if returncode or len(results) != len(seeds):
        print(f"the measure failed (exit code {returncode})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

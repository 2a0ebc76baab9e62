"""The Odoo-free parts of tools/benchmark_sync.py --rate-limit.

The emulator is real (on a free loopback port); Odoo runs only for its
``--version``, and only where it is installed.
"""

import collections
import subprocess
import sys

import benchmark_sync
import demo
import pytest

from .test_demo import free_port


def test_each_mode_has_its_own_ports_and_database():
    sync = benchmark_sync.parse_args([])
    rate = benchmark_sync.parse_args(["--rate-limit"])
    assert (sync.http_port, sync.emulator_port) == (8169, 8865)
    assert (rate.http_port, rate.emulator_port) == (8269, 8965)
    assert sync.database.endswith("_bench") and rate.database.endswith("_rate")
    # neither collides with make demo
    demo_args = demo.parse_args([])
    assert demo_args.http_port not in (sync.http_port, rate.http_port)
    assert demo_args.emulator_port not in (sync.emulator_port, rate.emulator_port)
    assert (rate.request_budget, rate.cards, rate.limit_time_real) == (90, 150, None)


def test_the_emulator_serves_four_boards_of_cards_with_a_file_each():
    port = free_port()
    args = benchmark_sync.parse_args(
        ["--rate-limit", "--cards", "3", "--emulator-port", str(port)]
    )
    bench = benchmark_sync.RateLimitBenchmark(args, env={})
    bench.start_emulator()
    try:
        bench.seed_boards()
        state = bench.emulator_json("/_emulator/state")
        counters = bench.emulator_json("/_emulator/counters")
    finally:
        bench.stop()
    cards = collections.Counter(
        state["boards"][c["idBoard"]]["name"] for c in state["cards"].values()
    )
    assert cards == {f"Load 3 #{n}": 3 for n in (1, 2, 3, 4)}
    uploads = [a for a in state["attachments"].values() if a["isUpload"]]
    assert len(uploads) == 12
    assert counters["rate_limited"] == 0


def test_odoo_runs_with_workers_without_its_websocket_server():
    pytest.importorskip("odoo")
    args = benchmark_sync.parse_args(["--rate-limit"])
    command = benchmark_sync.RateLimitBenchmark(args, env={}).odoo_command("--version")
    assert command[:3] == [sys.executable, "-c", benchmark_sync.NO_WEBSOCKET_ODOO]
    assert "--workers=0" in command  # start_odoo adds --workers=4 after it
    # the launcher is Odoo's command line: it runs with the same options
    version = subprocess.run(
        [sys.executable, "-c", benchmark_sync.NO_WEBSOCKET_ODOO, "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert version.stdout.startswith("Odoo Server 18.0")

"""The Odoo-free parts of tools/benchmark_export.py --jobs.

The emulator is real (on a free loopback port); Odoo does not run.
"""

import benchmark_export
import benchmark_sync
import demo

from .test_demo import free_port


def jobs_bench(*argv):
    args = benchmark_export.jobs_args(benchmark_export.parse_args(["--jobs", *argv]))
    return benchmark_export.ExportJobsBenchmark(args, env={})


def test_the_jobs_mode_has_its_own_ports_and_database():
    args = jobs_bench().args
    assert (args.http_port, args.emulator_port) == (8369, 9065)
    assert args.database.endswith("_export")
    # neither make demo's nor benchmark_sync's
    others = [demo.parse_args([])]
    others += [benchmark_sync.parse_args(a) for a in ([], ["--rate-limit"])]
    for other in others:
        assert args.http_port != other.http_port
        assert args.emulator_port != other.emulator_port
        assert args.database != other.database
    # two bursts of 100, 20 single edits and some room
    assert (args.edits, args.changes, args.cards) == (100, 20, 250)
    assert jobs_bench("--edits", "3", "--changes", "2").args.cards == 38


def test_the_odoo_of_the_template_is_built_on_its_own_database():
    command = jobs_bench().odoo_command("--stop-after-init", database="elsewhere")
    assert "--database=elsewhere" in command
    assert command[1:3] == ["-c", benchmark_sync.NO_WEBSOCKET_ODOO]


def test_the_cards_are_polled_without_a_counted_request():
    port = free_port()
    bench = jobs_bench(
        "--cards", "12", "--emulator-port", str(port), "--database", f"pytest_{port}"
    )
    bench.start_emulator()
    try:
        bench.seed_board()
        cards = bench.stored_cards([])
        assert len(cards) == 12
        first, second = sorted(cards)[:2]
        bench.emulator_call("PUT", f"cards/{first}", name="Moved on")
        bench.emulator_control("/_emulator/counters/reset")
        arrived = bench.wait_cards(
            {first: ("name", "Moved on"), second: ("name", cards[second]["name"])}
        )
        assert set(arrived) == {first, second}
        assert bench.emulator_json("/_emulator/counters")["total"] == 0
    finally:
        bench.stop()
        bench.emulator_state.unlink(missing_ok=True)  # saved on its exit

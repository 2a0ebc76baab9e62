#!/usr/bin/env python3
"""``make demo``: the suite running on the embedded Trello emulator.

It starts the emulator with the ``demo`` seed on 127.0.0.1:8765, creates
the database ``connector_trello_demo`` with both addons and their demo data
as a copy of a template database (built once, again only when the addons'
code changes), or reuses it with the emulator's saved data, starts Odoo on
127.0.0.1:8069 with ``queue_job`` loaded server-wide (so queued jobs run by
themselves), then, through Odoo's JSON-RPC as admin: confirms the demo
backend, fetches and ticks the demo boards, maps the seeded Trello members to
Odoo users (before the first import: their cards and comments are the users'
from the start), runs the first import and registers the webhooks (to this
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
import os
import signal
import sys
import time

from demo_backend import BackendPhase
from demo_check import CHECK_MARK, CHECK_TIMEOUT, CheckPhase
from demo_common import (
    DEFAULT_DATABASE,
    DEMO_DIR,
    TEMPLATE_SUFFIX,
    DemoError,
    OdooRPC,
    http_get,
    plural,
    port_taken,
)
from demo_database import (
    DatabasePhase,
    code_key,
    drop_database,
    odoo_distributions,
    plan_database,
)
from demo_processes import ProcessesPhase
from run_tests import ROOT

__all__ = [
    "CHECK_MARK",
    "DEFAULT_DATABASE",
    "DEMO_DIR",
    "ROOT",
    "Demo",
    "DemoError",
    "OdooRPC",
    "code_key",
    "drop_database",
    "http_get",
    "odoo_distributions",
    "plan_database",
    "plural",
    "port_taken",
]


class Demo(ProcessesPhase, DatabasePhase, BackendPhase, CheckPhase):
    """One run of ``make demo``: the processes it started and what it did."""

    EMULATOR_STEPS = [
        "check_ports",
        "check_requirements",
        "prepare_database",
        "start_emulator",
        "start_odoo",
        "confirm_demo_backend",
        "tick_boards",
        "map_members",
        "import_boards",
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
        # Ctrl-C is how the demo ends: not an error for make to report
        demo.say("\nStopping…")
        return 0
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

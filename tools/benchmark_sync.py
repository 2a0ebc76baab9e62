#!/usr/bin/env python3
# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Seconds for a change to cross the hands-off sync, both ways.

It starts the Trello emulator (seed ``demo``) and a real Odoo server with
``queue_job`` loaded server-wide (its job runner runs the jobs), on a
database of its own with both addons (a new copy of its template at each
run), imports the demo boards and registers the webhooks, then measures over
N changes (median and max):

* Trello -> Odoo: a card renamed by the emulator's second member, until the
  task has the new name (webhook, import job, runner);
* Odoo -> Trello: a task renamed through JSON-RPC, until the card has the
  new name (listener, export job, runner).

Not measured yet: 4 workers importing 4 boards under the rate limit.
"""

import argparse
import statistics
import sys
import time
import urllib.parse

import demo
from demo import DEFAULT_DATABASE, ROOT, Demo, DemoError, http_get

sys.path.insert(0, str(ROOT))
from trello_emulator import DEFAULT_KEY, OTHER_TOKEN  # noqa: E402

POLL_SECONDS = 0.1
CHANGE_TIMEOUT = 60


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

    def report(self):
        """The numbers are printed by measure()."""

    def emulator_call(self, method, path, **params):
        params = dict(params, key=DEFAULT_KEY, token=OTHER_TOKEN)
        url = f"{self.emulator_url}/1/{path}?{urllib.parse.urlencode(params)}"
        status, body = http_get(url) if method == "GET" else self.http_put(url)
        if status != 200:
            raise DemoError(f"the emulator answered {status} to {method} {path}")
        return demo.json.loads(body)

    @staticmethod
    def http_put(url):
        request = demo.urllib.request.Request(url, method="PUT", data=b"")
        with demo.urllib.request.urlopen(request, timeout=10) as answer:
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
        state = demo.json.loads(http_get(self.emulator_url + "/_emulator/state")[1])
        return state["cards"][card_id]["name"]

    def say_times(self, label, seconds):
        self.say(
            f"{label}: median {statistics.median(seconds):.2f} s, "
            f"max {max(seconds):.2f} s over {len(seconds)} changes"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE + "_bench")
    parser.add_argument("--http-port", type=int, default=8169)
    parser.add_argument("--emulator-port", type=int, default=8865)
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args(argv)
    # a fresh emulator each run: the database must start from it too
    args.reset = True
    args.board = None
    args.check = False
    bench = SyncBenchmark(args, env={})
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

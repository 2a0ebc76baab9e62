"""What ``make demo`` does for a new administrator (issue 18's demo items).

The emulator is real (on a free loopback port); Odoo is a fake JSON-RPC
that records the calls, or does not run at all.
"""

import json
import os
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

import demo

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN

from .test_demo import free_port, make_demo, until_ctrl_c

#: The demo users of Odoo's demo data (fake ids), and carol's new one.
USERS = {"user_admin": 2, "user_demo": 6}
CAROL_ID = 9


class FakeOdoo:
    """The JSON-RPC calls the member mapping makes, on an empty database."""

    def __init__(self):
        self.calls = []

    def ref(self, module, name):
        return USERS[name]

    def __call__(self, model, method, *args, **kwargs):
        self.calls.append((model, method, args))
        if (model, method) == ("res.users", "read"):
            return [{"name": f"user {args[0][0]}"}]
        answers = {
            ("trello.member", "search_read"): [],
            ("res.users", "search"): [],
            ("res.users", "create"): CAROL_ID,
            ("trello.member", "create"): 1,
        }
        return answers[model, method]


def started_emulator():
    port = free_port()
    runner = make_demo(emulator_port=port, database=f"pytest_phase_{port}")
    runner.start_emulator()
    return runner


def stopped(runner):
    runner.stop()
    runner.emulator_state.unlink(missing_ok=True)


def test_the_emulator_runs_on_the_real_clock():
    """A comment posted during the demo is dated now, not in January 2025."""
    runner = started_emulator()
    try:
        state = json.loads(demo.http_get(runner.emulator_url + "/_emulator/state")[1])
        card = next(c for c in state["cards"].values() if c["name"] == "Dark mode")
        query = urllib.parse.urlencode(
            {"key": DEFAULT_KEY, "token": DEFAULT_TOKEN, "text": "Now"}
        )
        request = urllib.request.Request(
            f"{runner.emulator_url}/1/cards/{card['id']}/actions/comments?{query}",
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            action = json.loads(answer.read())
    finally:
        stopped(runner)
    posted = datetime.fromisoformat(action["date"].replace("Z", "+00:00"))
    assert abs(posted - datetime.now(timezone.utc)) < timedelta(minutes=5)


def test_the_members_are_mapped_before_the_first_import():
    """Seeded comments by a mapped member are then the user's, as new ones."""
    steps = demo.Demo.EMULATOR_STEPS
    assert steps.index("map_members") < steps.index("import_boards")
    runner = started_emulator()
    try:
        runner.rpc, runner.backend_id = FakeOdoo(), 5
        runner.map_members()
        state = json.loads(demo.http_get(runner.emulator_url + "/_emulator/state")[1])
    finally:
        stopped(runner)
    member_ids = {m["username"]: m["id"] for m in state["members"].values()}
    created = {
        args[0]["username"]: args[0]
        for model, method, args in runner.rpc.calls
        if (model, method) == ("trello.member", "create")
    }
    assert {name: m["user_id"] for name, m in created.items()} == {
        "alice": USERS["user_admin"],
        "bob": USERS["user_demo"],
        "carol": CAROL_ID,
    }
    for name, member in created.items():
        assert member["external_id"] == member_ids[name]
        assert member["backend_id"] == 5


def test_make_demo_ends_without_an_error_on_ctrl_c(tmp_path):
    """Ctrl-C reaches make and the demo (one process group, as in a terminal):
    the demo stops everything and exits 0, so make reports no error."""
    port = free_port()
    script = tmp_path / "demo_until_ctrl_c.py"
    script.write_text(until_ctrl_c(port, f"pytest_make_{port}"))
    (tmp_path / "Makefile").write_text(f"demo:\n\t{sys.executable} {script}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRELLO_")}
    make = subprocess.Popen(
        ["make", "--no-print-directory", "demo"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a terminal's job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines = []
    for line in make.stdout:
        lines.append(line)
        if line.startswith("READY"):
            break
    os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C does
    rest = make.stdout.read()
    make.wait(timeout=30)
    (demo.DEMO_DIR / f"pytest_make_{port}.emulator.json").unlink(missing_ok=True)
    assert "Stopping" in rest, "".join(lines) + rest
    assert "Error" not in rest, rest
    assert not demo.port_taken(port)

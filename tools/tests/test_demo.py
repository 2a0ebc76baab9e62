"""The Odoo-free parts of tools/demo.py: its processes, its steps, Ctrl-C.

The emulator is real (on a free loopback port); Odoo is not involved.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import demo
import demo_check
import pytest

TOOLS = Path(demo.__file__).resolve().parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gone(pid, timeout=10):
    """Whether ``pid`` ends within ``timeout`` (a signal lands asynchronously)."""
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def command_lines():
    """The command line of every process, read from /proc: a bare Debian
    (debootstrap's minbase, the debian image) has no ``ps``."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(
                cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
        except OSError:  # the process ended meanwhile
            continue
    return lines


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead but still listed until its parent reaps it
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def until_ctrl_c(port, database):
    """A demo with only the emulator step, that says READY then serves."""
    return (
        f"import sys; sys.path.insert(0, {str(TOOLS)!r}); import demo\n"
        "demo.Demo.EMULATOR_STEPS = ['check_ports', 'start_emulator']\n"
        "demo.Demo.report = lambda self: self.say('READY')\n"
        "demo.Demo.serve = lambda self: self.processes[0].wait()\n"
        f"sys.exit(demo.main(['--emulator-port', '{port}', "
        f"'--http-port', '{free_port()}', '--database', '{database}']))\n"
    )


def make_demo(env=None, **options):
    args = demo.parse_args([])
    args = argparse.Namespace(**{**vars(args), **options})
    return demo.Demo(args, env=env or {})


def test_plural():
    assert demo.plural(1, "comment", "comments") == "1 comment"
    assert demo.plural(0, "comment", "comments") == "0 comments"
    assert demo.plural(11, "task", "tasks") == "11 tasks"


def test_real_trello_needs_the_three_credentials():
    credentials = {"TRELLO_KEY": "k", "TRELLO_TOKEN": "t", "TRELLO_SECRET": "s"}
    real = make_demo(env=credentials)
    assert real.real_trello
    assert "start_emulator" not in real.steps
    assert "configure_real_backend" in real.steps
    assert "register_webhooks" not in real.steps  # Trello cannot reach 127.0.0.1
    public = make_demo(credentials, public_url="https://odoo.example.com/")
    assert public.steps[-1] == "register_webhooks"
    assert public.public_url == "https://odoo.example.com"
    partial = make_demo(env={"TRELLO_KEY": "k", "TRELLO_TOKEN": "t"})
    assert not partial.real_trello
    assert partial.steps[:4] == [
        "check_ports",
        "check_requirements",
        # before the emulator starts: it may delete the emulator's saved data
        "prepare_database",
        "start_emulator",
    ]
    assert partial.steps[-1] == "register_webhooks"
    for step in {*real.steps, *partial.steps}:
        assert callable(getattr(demo.Demo, step))


def test_the_check_needs_the_emulator():
    credentials = {"TRELLO_KEY": "k", "TRELLO_TOKEN": "t", "TRELLO_SECRET": "s"}
    real = make_demo(env=credentials, check=True)
    with pytest.raises(demo.DemoError, match="emulator only"):
        real.run()
    assert real.processes == []


KEY = "0123456789abcdef"


@pytest.mark.parametrize(
    ("demo_key", "template_key", "reset", "saved", "action", "reason"),
    [
        # the usual later run: both made from this code, the emulator's data kept
        (KEY, KEY, False, True, "reuse", ""),
        # no emulator (real Trello): nothing saved to pair with
        (KEY, KEY, False, None, "reuse", ""),
        # --reset: a new copy, the template kept
        (KEY, KEY, True, True, "copy", "--reset"),
        (None, KEY, False, False, "copy", "it did not exist"),
        ("other", KEY, False, True, "copy", "the addons' code changed"),
        ("unfinished", KEY, False, True, "copy", "its last copy did not finish"),
        # a database without the emulator it was used with is not reused
        (KEY, KEY, False, False, "copy", "the emulator's saved data is missing"),
        # the first run, and the first after a change of the code
        (None, None, False, False, "build", "it did not exist"),
        (KEY, "other", True, True, "build", "--reset"),
        ("other", "other", False, True, "build", "the addons' code changed"),
    ],
)
def test_plan_database(demo_key, template_key, reset, saved, action, reason):
    plan = demo.plan_database(KEY, demo_key, template_key, reset, saved)
    assert plan.action == action
    assert plan.reason.startswith(reason)


@pytest.mark.parametrize(
    ("template_key", "template_reason"),
    [
        (None, "it did not exist yet"),
        ("", "its last build did not finish"),
        ("other", "the addons' code changed"),
    ],
)
def test_plan_says_why_the_template_is_built(template_key, template_reason):
    plan = demo.plan_database(KEY, None, template_key)
    assert plan.action == "build"
    assert plan.template_reason == template_reason


def test_a_database_this_tool_did_not_make_is_dropped_on_reset_only():
    assert demo.plan_database(KEY, "", KEY).action == "foreign"
    assert demo.plan_database(KEY, "", KEY, reset=True).action == "copy"


@pytest.fixture
def addon_tree(tmp_path):
    """Two stand-in addons with the kinds of files a real one has."""
    for addon in ("addon_a", "addon_b"):
        for name in (
            "__manifest__.py",
            "models/model.py",
            "views/views.xml",
            "security/ir.model.access.csv",
            "tests/test_model.py",
            "readme/USAGE.md",
            "static/description/index.html",
            "i18n/fr.po",
            "README.rst",
        ):
            path = tmp_path / addon / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{addon} {name}\n")
    return tmp_path


def tree_key(root, distributions=(("odoo", "18.0"),)):
    return demo.code_key(root, ["addon_a", "addon_b"], set(distributions))


@pytest.mark.parametrize(
    "name", ["__manifest__.py", "models/model.py", "views/views.xml", "data/new.xml"]
)
def test_the_code_key_follows_what_an_install_reads(addon_tree, name):
    before = tree_key(addon_tree)
    assert tree_key(addon_tree) == before  # the same code, the same key
    path = addon_tree / "addon_b" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("changed\n")
    assert tree_key(addon_tree) != before


@pytest.mark.parametrize(
    "name",
    [
        "tests/test_model.py",
        "readme/USAGE.md",
        "static/description/index.html",
        "i18n/fr.po",
        "README.rst",
        "models/__pycache__/model.cpython-311.pyc",
    ],
)
def test_the_code_key_ignores_what_an_install_does_not_read(addon_tree, name):
    before = tree_key(addon_tree)
    path = addon_tree / "addon_a" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("changed\n")
    assert tree_key(addon_tree) == before


def test_the_code_key_follows_odoo_and_the_oca_addons(addon_tree):
    before = tree_key(addon_tree, [("odoo", "18.0"), ("odoo-addon-queue-job", "1")])
    after = tree_key(addon_tree, [("odoo", "18.0"), ("odoo-addon-queue-job", "2")])
    assert before != after
    assert tree_key(addon_tree, [("odoo", "18.0.post2")]) != tree_key(addon_tree)


def test_only_odoo_and_its_addons_are_in_the_key():
    for name, version in demo.odoo_distributions():
        assert name == "odoo" or name.startswith(("odoo-addon-", "odoo18-addon-"))
        assert version


def test_stop_ends_the_children_and_their_own_children():
    runner = make_demo()
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen(['sleep', '60'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    process = runner.spawn([sys.executable, "-c", script], "test-stop.log")
    log = demo.DEMO_DIR / "test-stop.log"
    deadline = time.monotonic() + 10
    while not log.read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchild = int(log.read_text().split()[0])
    runner.stop()
    assert process.returncode is not None
    assert gone(process.pid)
    assert gone(grandchild)
    assert runner.processes == []
    log.unlink()


def test_the_emulator_step_serves_the_demo_seed_then_stops():
    port = free_port()
    runner = make_demo(emulator_port=port, database=f"pytest_demo_{port}")
    runner.start_emulator()
    try:
        status, body = demo.http_get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert b"Website relaunch" in body
        info = json.loads(demo.http_get(f"http://127.0.0.1:{port}/_emulator/info")[1])
        assert info["self_urls"] is True  # "Open in Trello" stays on the emulator
    finally:
        runner.stop()
    assert not demo.port_taken(port)
    # its data is saved next to the database it goes with, for the next run
    saved = json.loads(runner.emulator_state.read_text())
    runner.emulator_state.unlink()
    assert runner.emulator_state.name == f"pytest_demo_{port}.emulator.json"
    assert "Website relaunch" in {b["name"] for b in saved["boards"].values()}


def test_the_check_changes_a_card_with_its_pages_form():
    """--check's Trello side: the form a person submits on the card's page."""
    port = free_port()
    runner = make_demo(emulator_port=port, database=f"pytest_form_{port}")
    runner.start_emulator()
    try:
        state = json.loads(demo.http_get(runner.emulator_url + "/_emulator/state")[1])
        card = next(c for c in state["cards"].values() if c["name"] == "Dark mode")
        runner.submit_card_form(card["shortLink"], do="rename", name="Dark mode v2")
        assert runner.emulator_card(card["id"])["name"] == "Dark mode v2"
        with pytest.raises(demo.DemoError, match=r"refused the change \(HTTP 400\)"):
            runner.submit_card_form(card["shortLink"], do="rename", name="")
        assert runner.emulator_card(card["id"])["name"] == "Dark mode v2"
    finally:
        runner.stop()
        runner.emulator_state.unlink(missing_ok=True)


def test_a_change_that_does_not_arrive_is_a_sentence(monkeypatch):
    monkeypatch.setattr(demo_check, "CHECK_TIMEOUT", 0.3)
    runner = make_demo()
    with pytest.raises(demo.DemoError) as caught:
        runner.wait_for_change(
            time.monotonic(), lambda: False, "The task renamed in Odoo", "its card"
        )
    assert str(caught.value).startswith(
        "The task renamed in Odoo did not reach its card in 0.3 s: see Queue"
    )
    assert runner.wait_for_change(time.monotonic(), lambda: True, "x", "y") < 0.3


def test_the_check_mark_of_an_interrupted_check_is_removed():
    name = "Dark mode (renamed in Trello at 17:02:03)"
    assert demo.CHECK_MARK.sub("", name) == "Dark mode"
    assert demo.CHECK_MARK.sub("", "Dark mode (v2)") == "Dark mode (v2)"


def test_a_taken_port_is_a_sentence():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        runner = make_demo(emulator_port=port, http_port=free_port())
        with pytest.raises(demo.DemoError, match=f"port {port} is taken"):
            runner.check_ports()
        runner = make_demo(emulator_port=free_port(), http_port=port)
        with pytest.raises(demo.DemoError, match="--http-port N"):
            runner.check_ports()
    runner.check_ports()
    assert runner.processes == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_leaves_no_process_behind(signum):
    """main() with only the emulator step, interrupted once it is ready."""
    port = free_port()
    script = until_ctrl_c(port, f"pytest_ctrl_c_{port}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRELLO_")}
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        # as from a terminal: SIGINT not ignored, whatever this test inherits
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("READY"):
            break
    assert demo.port_taken(port), "".join(lines)
    process.send_signal(signum)
    rest = process.stdout.read()
    assert process.wait(timeout=30) == 0  # Ctrl-C is how the demo ends
    assert "Stopping" in rest
    assert not demo.port_taken(port)
    assert not [args for args in command_lines() if f"--port {port}" in args]
    (demo.DEMO_DIR / f"pytest_ctrl_c_{port}.emulator.json").unlink()

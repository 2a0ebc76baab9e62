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
    partial = make_demo(env={"TRELLO_KEY": "k", "TRELLO_TOKEN": "t"})
    assert not partial.real_trello
    assert partial.steps[:3] == ["check_ports", "check_requirements", "start_emulator"]
    for step in {*real.steps, *partial.steps}:
        assert callable(getattr(demo.Demo, step))


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
    runner = make_demo(emulator_port=port)
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
    script = (
        f"import sys; sys.path.insert(0, {str(TOOLS)!r}); import demo\n"
        "demo.Demo.EMULATOR_STEPS = ['check_ports', 'start_emulator']\n"
        "demo.Demo.report = lambda self: self.say('READY')\n"
        "demo.Demo.serve = lambda self: self.processes[0].wait()\n"
        f"sys.exit(demo.main(['--emulator-port', '{port}', "
        f"'--http-port', '{free_port()}']))\n"
    )
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
    assert process.wait(timeout=30) == 130
    assert "Stopping" in rest
    assert not demo.port_taken(port)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True)
    assert f"--port {port}" not in ps.stdout

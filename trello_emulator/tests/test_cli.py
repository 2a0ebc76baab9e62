"""``python3 -m trello_emulator``: first line, serving, clean stop, state."""

import os
import signal
import subprocess
import sys

import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _start(*args):
    proc = subprocess.Popen(
        [sys.executable, "-m", "trello_emulator", "--port", "0", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline().strip()
    assert line.startswith("listening on http://127.0.0.1:"), line
    return proc, line.split(" ", 2)[2]


def test_cli_serves_and_stops_on_sigterm(tmp_path):
    state = tmp_path / "state.json"
    proc, url = _start("--seed", "cards:20", "--state", str(state), "--no-rate-limit")
    try:
        auth = {"key": DEFAULT_KEY, "token": DEFAULT_TOKEN}
        boards = requests.get(
            url + "/1/members/me/boards", params=auth, timeout=5
        ).json()
        assert [b["name"] for b in boards] == ["Load 20"]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert state.exists()
    proc, url = _start("--state", str(state), "--faults", "503:1", "--key", "k" * 32)
    try:
        resp = requests.get(url + "/1/members/me", timeout=5)
        assert resp.status_code == 503
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0


def test_cli_rejects_bad_options():
    result = subprocess.run(
        [sys.executable, "-m", "trello_emulator", "--seed", "bogus"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2 and "unknown seed" in result.stderr


def test_cli_members_limit():
    proc, url = _start("--seed", "empty", "--members-limit", "1")
    try:
        auth = {"key": DEFAULT_KEY, "token": DEFAULT_TOKEN}
        first = requests.get(url + "/1/members/me", params=auth, timeout=5)
        second = requests.get(url + "/1/members/me", params=auth, timeout=5)
        assert (first.status_code, second.status_code) == (200, 429)
        assert second.json()["error"] == "MEMBER_LIMIT_EXCEEDED"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0

"""The Odoo-free rules of tools/run_tests.py: the checklog, the console."""

import os
import subprocess
import sys
from pathlib import Path

import run_tests
from run_tests import ROOT, Tally, about_us, check_log_line


def warning(message, logger="py.warnings"):
    line = f"2026-11-26 18:12:10,690 8179 WARNING testdb {logger}: {message}"
    match = run_tests.LOG_LINE.match(line)
    assert match, line
    return match


def test_a_library_warning_from_the_clones_venv_is_not_about_us():
    """The clone is named connector_trello, its .venv/ with it (make test
    from a fresh clone): Werkzeug's deprecation is still not ours."""
    venv_file = ROOT / ".venv/lib/python3.11/site-packages/werkzeug/urls.py"
    message = (
        f"{venv_file}:545: DeprecationWarning: 'werkzeug.urls.URL' is "
        "deprecated and will be removed in Werkzeug 3.0."
    )
    tally = Tally()
    assert not check_log_line(warning(message), tally)
    assert tally.problems == []


def test_a_warning_in_a_file_of_our_addons_is_about_us():
    for package in ("connector_trello", "connector_trello_queue", "trello_emulator"):
        message = f"{ROOT / package / 'models/x.py'}:12: DeprecationWarning: old"
        tally = Tally()
        assert check_log_line(warning(message), tally)
        assert tally.problems == [
            f"log WARNING from our addons: py.warnings: {message}"
        ]


def test_our_modules_models_and_urls_are_still_about_us():
    assert about_us("odoo.addons.connector_trello.models.backend: no key")
    assert about_us("Field trello.backend.token: two different labels")
    assert about_us("retrying https://api.trello.com/1/boards/abc/cards")
    assert about_us("the module connector_trello_queue: inconsistent states")
    assert not about_us("/usr/lib/python3/dist-packages/babel/core.py:1: Warning")


def test_its_lines_come_before_the_output_of_the_commands_it_runs():
    """In a CI log (stdout a pipe, so block-buffered) a line printed before a
    command runs must come before what the command prints."""
    script = (
        "import run_tests\n"
        "print('installing the package')\n"
        "run_tests.run(['echo', 'from the command'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(run_tests.__file__).resolve().parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.splitlines() == ["installing the package", "from the command"]


def test_the_concurrency_suite_counts_as_one_test(monkeypatch):
    """Its exit code is one test of the closing line, passed or failed."""
    commands = []
    for code, expected in ((0, "1 passed, 0 failed"), (1, "0 passed, 1 failed")):
        monkeypatch.setattr(
            run_tests, "run", lambda cmd, code=code: commands.append(cmd) or code
        )
        tally = Tally()
        run_tests.run_concurrency_suite(tally)
        assert tally.closing_line() == expected
        assert bool(tally.problems) == bool(code)
    assert commands[0][1:6] == [
        "tools/concurrency_suite.py",
        "--seed",
        "11",
        "--ops",
        "100",
    ]

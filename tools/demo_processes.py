# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``make demo``'s processes: the emulator and Odoo, started and stopped.

Each child runs in a session of its own, so that only the demo decides when
it stops (:meth:`ProcessesPhase.stop`, newest first), Ctrl-C included.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.error

import run_tests
from demo_common import DEMO_DIR, STOP_TIMEOUT, DemoError, OdooRPC, http_get, port_taken
from run_tests import ROOT


class ProcessesPhase:
    """Spawn, wait for, serve and stop the demo's children."""

    def spawn(self, cmd, log_name):
        """Start a child in its own session, so only we decide when it stops."""
        with open(DEMO_DIR / log_name, "w") as log:
            process = subprocess.Popen(
                cmd,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.processes.append(process)
        return process

    def stop(self):
        """Stop every child, newest first: SIGTERM, then SIGKILL if it hangs."""
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in reversed(self.processes):
            try:
                process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = []

    def serve(self):
        """Wait while Odoo serves: until Ctrl-C, or until Odoo stops."""
        self.odoo.wait()
        self.say(f"Odoo stopped (exit code {self.odoo.returncode}).")

    def wait_until(self, ready, process, what, timeout, log_name):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise DemoError(
                    f"{what} stopped (exit code {process.returncode}): "
                    f"see {DEMO_DIR / log_name}"
                )
            try:
                if ready():
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.3)
        raise DemoError(f"{what} did not answer in {timeout} s: see {DEMO_DIR}")

    def check_requirements(self):
        """The OCA addons come from PyPI: install the project's requirements
        when they are missing (the bootstrap does it for a new .venv)."""
        probe = subprocess.run(
            [sys.executable, "-c", "import odoo.addons.queue_job"],
            cwd="/",
            capture_output=True,
            check=False,
        )
        if probe.returncode != 0 and not run_tests.install_requirements(True):
            raise DemoError("pip could not install the project's requirements")

    def check_ports(self):
        """Before the long steps: the ports we will listen on must be free."""
        ports = [("--http-port", self.args.http_port, "another Odoo")]
        if not self.real_trello:
            ports.append(("--emulator-port", self.args.emulator_port, "another demo"))
        for option, port, who in ports:
            if port_taken(port):
                raise DemoError(
                    f"port {port} is taken ({who}?): stop it, or choose another "
                    f"with ARGS='{option} N'"
                )

    def start_emulator(self):
        port = self.args.emulator_port
        # --self-urls: "Open in Trello" opens the emulator's own card page.
        cmd = [sys.executable, "-m", "trello_emulator", "--seed", "demo", "--self-urls"]
        # the wall clock: what is posted during the demo is dated today
        cmd.append("--real-time")
        # --state: what changed in the emulator is kept with the database
        cmd += ["--state", str(self.emulator_state), "--port", str(port)]
        self.wait_for_emulator(self.spawn(cmd, "emulator.log"), "emulator.log")
        self.say(f"Trello emulator (seed demo) on {self.emulator_url}")

    def wait_for_emulator(self, process, log_name):
        """Wait until the emulator ``process`` answers (its log: ``log_name``)."""
        self.wait_until(
            lambda: http_get(self.emulator_url + "/_emulator/info")[0] == 200,
            process,
            "The Trello emulator",
            30,
            log_name,
        )

    def start_odoo(self):
        port = self.args.http_port
        self.odoo = self.spawn(
            self.odoo_command(
                "--load=web,queue_job",
                f"--http-port={port}",
                "--http-interface=127.0.0.1",
                "--max-cron-threads=0",
                *self.odoo_server_options(),
            ),
            "odoo.log",
        )
        self.wait_until(
            lambda: http_get(self.odoo_url + "/web/login", timeout=30)[0] == 200,
            self.odoo,
            "Odoo",
            120,
            "odoo.log",
        )
        self.rpc = OdooRPC(self.odoo_url, self.args.database, "admin", "admin")
        self.say(f"Odoo on {self.odoo_url}{self.odoo_server_note()}")

    def odoo_server_options(self):
        """More options of the serving Odoo: a benchmark adds its workers."""
        return []

    def odoo_server_note(self):
        """What the line that announces Odoo says about how it runs."""
        return " (queue_job loaded server-wide)"

    def odoo_command(self, *extra, database=None):
        database = database or self.args.database
        return [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={ROOT}",
            # the filestores of the demo's databases, next to its logs
            f"--data-dir={self.data_dir}",
            *run_tests.database_options(database),
            "--workers=0",
            *extra,
        ]

#!/usr/bin/env python3
# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``make screenshots``: the pictures of README.rst, taken in headless Chromium.

It brings up what ``make demo`` brings up (tools/demo.py's ``Demo``: the
emulator with the ``demo`` seed, Odoo with both addons and demo data, the
demo boards imported by queue jobs), on ports and a database of its own
(recreated at each run, so the pictures do not depend on an earlier run),
then changes a task and comments on another in Odoo, waits until queue_job's
runner has exported both to the emulator, and saves PNG pictures of:

* the backend form (boards, their last synchronization, the chatter);
* the kanban of the synchronized project;
* a task with its sub-tasks (the card's checklist) and its chatter (the
  card's comments, and the comment written in Odoo);
* the same task's properties (the board's custom fields) and its start
  date next to its deadline;
* the synchronization log (a line per board and run, in each direction);
* the queue jobs (imports and exports, done);
* then, once those are taken, the form of a failed export job: a task
  renamed while the emulator refuses card writes (a 403), whose job fails
  for good; its form opens on the sentence for the admin, the traceback
  below (its file paths shortened to where they start from an addon);
* last, the sync rules form of a board line (only some lists, none of a
  label), and the preview of the wizard that puts a new board onto an
  existing project (matched stages, new stages and lists, cards to make).

The scenes (what is done before each picture, and the pictures' pages) are
in tools/screenshot_scenes.py, the browser in tools/screenshot_browser.py.

Chromium is logged in with the session cookie of a JSON-RPC
``/web/session/authenticate``; each picture is taken once the page has what
it must show and no loading indicator, then reduced to 256 colours.
"""

import argparse
import base64
import http.cookiejar
import io
import json
import signal
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import demo
import demo_check
import demo_common
import demo_database
import demo_processes
import run_tests
from demo import ROOT, Demo, DemoError
from screenshot_browser import SETTLE_SECONDS, DevTools
from screenshot_scenes import Scenes

DEFAULT_DATABASE = "connector_trello_screenshots"
OUTPUT_DIR = ROOT / "connector_trello" / "static" / "description"
LOG_DIR = ROOT / ".demo" / "screenshots"


class Screenshots(Scenes, Demo):
    """The demo, then its pictures."""

    EMULATOR_STEPS = [
        "check_chromium",
        *Demo.EMULATOR_STEPS,
        "change_in_odoo",
        "take_screenshots",
        "fail_an_export",
        "take_failed_job_screenshot",
        "prepare_rules_scenes",
        "take_rules_screenshots",
    ]

    def __init__(self, args):
        # .demo/ is `make demo`'s: the logs of this run (and the messages
        # that name them) go to a folder of their own inside it
        # (each demo module imported the folder's name: all of them are told)
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        for module in (demo, demo_check, demo_common, demo_database, demo_processes):
            module.DEMO_DIR = LOG_DIR
        super().__init__(args, env={})  # the emulator, never real Trello
        self.project_id = None
        self.task_id = None
        self.failed_job_id = None
        self.wizard_id = None
        self.saved = []

    def check_chromium(self):
        """Before the long steps: Chromium (installed as root on Debian)."""
        if not run_tests.ensure_chromium():
            raise DemoError(
                "Chromium is missing: install Debian's chromium, or run as root"
            )

    def session_cookie(self):
        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(cookies)
        )
        payload = {
            "jsonrpc": "2.0",
            "params": {"db": self.args.database, "login": "admin", "password": "admin"},
        }
        request = urllib.request.Request(
            self.odoo_url + "/web/session/authenticate",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with opener.open(request, timeout=60) as answer:
            if json.load(answer).get("error"):
                raise DemoError("Odoo refused the admin login of the pictures")
        return next(c.value for c in cookies if c.name == "session_id")

    def take_screenshots(self):
        self.take_all(self.shots())

    def take_failed_job_screenshot(self):
        """The failed job's form, taken after the others (whose job list
        shows done jobs only)."""
        self.take_all([self.failed_job_shot()])

    def take_rules_screenshots(self):
        """The sync rules and the wizard, taken last: the rules would keep
        the other pictures' export from some cards."""
        self.take_all(self.rules_shots())

    def take_all(self, shots):
        from PIL import Image  # noqa: PLC0415 (comes with Odoo)

        output = self.args.output
        output.mkdir(parents=True, exist_ok=True)
        cookie = self.session_cookie()
        # Chromium's helper processes may still write the profile a moment
        # after it stopped: its removal must not fail the run
        with tempfile.TemporaryDirectory(
            prefix="screenshots-chromium-", ignore_cleanup_errors=True
        ) as profile:
            browser = DevTools(self.spawn, Path(profile), LOG_DIR)
            try:
                browser.call(
                    "Network.setCookie",
                    name="session_id",
                    value=cookie,
                    domain="127.0.0.1",
                    path="/",
                    httpOnly=True,
                )
                for shot in shots:
                    path = output / shot["file"]
                    png = self.take(browser, shot)
                    image = Image.open(io.BytesIO(png)).convert("RGB")
                    # UI pictures have few colours: a palette keeps them small
                    image = image.quantize(colors=256, dither=Image.Dither.NONE)
                    image.save(path, optimize=True)
                    self.saved.append(path)
                    self.say(f"  {path} ({path.stat().st_size // 1024} KB)")
            finally:
                browser.close()
                self.stop_last(browser.process)

    def take(self, browser, shot):
        width, height = shot["size"]
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        browser.call("Page.navigate", url=self.odoo_url + shot["url"])
        time.sleep(0.5)  # the previous page is still there a moment
        browser.wait_for(shot["ready"], shot["what"])
        for action, ready, what in shot.get("then", []):
            if not browser.evaluate(action):
                raise DemoError(f"nothing to click for {what}")
            browser.wait_for(ready, what)
        time.sleep(SETTLE_SECONDS)
        return base64.b64decode(
            browser.call("Page.captureScreenshot", format="png")["data"]
        )

    def stop_last(self, process):
        """Stop Chromium now (the demo's processes stop at the end)."""
        if process.poll() is None:
            process.terminate()
            process.wait(20)
        self.processes.remove(process)

    def report(self):
        self.say(
            f"{len(self.saved)} pictures in {self.args.output} "
            f"in {time.monotonic() - self.started:.0f} s."
        )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--http-port", type=int, default=8369)
    parser.add_argument("--emulator-port", type=int, default=8867)
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR)
    args = parser.parse_args(argv)
    # the demo's options, with their defaults, then ours
    demo_args = demo.parse_args([])
    for name, value in vars(args).items():
        setattr(demo_args, name, value)
    demo_args.reset = True  # pictures of a fresh import, whatever ran before
    demo_args.no_wait = True
    return demo_args


def main(argv=None):
    args = parse_args(argv)
    shots = Screenshots(args)

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        shots.run()
        return 0
    except KeyboardInterrupt:
        shots.say("\nStopping…")
        return 130
    except DemoError as err:
        shots.say(f"make screenshots: {err}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        shots.stop()


if __name__ == "__main__":
    sys.exit(main())

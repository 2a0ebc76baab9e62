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
* the synchronization log (a line per board and run, in each direction);
* the queue jobs (imports and exports, done);
* then, once those are taken, the form of a failed export job: a task
  renamed while the emulator refuses card writes (a 403), whose job fails
  for good; its form opens on the sentence for the admin, the traceback
  below.

Chromium is driven through its DevTools protocol (``websocket-client``, of
test-requirements.txt), logged in with the session cookie of a JSON-RPC
``/web/session/authenticate``; each picture is taken once the page has what
it must show and no loading indicator, then reduced to 256 colours.
"""

import argparse
import base64
import http.cookiejar
import io
import json
import shutil
import signal
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import demo
import run_tests
from demo import ROOT, Demo, DemoError, http_get

DEFAULT_DATABASE = "connector_trello_screenshots"
OUTPUT_DIR = ROOT / "connector_trello" / "static" / "description"
LOG_DIR = ROOT / ".demo" / "screenshots"
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
#: Flags for a headless Chromium that contacts no host but ours.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--lang=en-US",
]
BOARD = "Website relaunch"
#: The task whose form is shown: the demo card with a checklist and comments.
TASK = "New hero banner"
#: The task edited in Odoo before the pictures (its export job is shown).
EDITED_TASK = "Rework the navigation"
EDITED_DESCRIPTION = "<p>Six entries at most; the footer keeps the legal pages.</p>"
ODOO_COMMENT = "The mobile crop is fixed in the new export."
#: The task renamed while Trello refuses card writes: its export job fails.
FAILED_TASK = "SEO migration plan"
FAILED_NAME = "SEO migration plan (redirects)"
#: The emulator's fault: every card write answered 403, as Trello does for
#: a token whose member may not change the board.
REFUSED_WRITES = "403:1@PUT /1/cards/*"
PAGE_TIMEOUT = 90
#: Seconds given to animations and fonts once a page has what it must show.
SETTLE_SECONDS = 1.5

#: A page is ready when no loading indicator is left (Odoo's, the chatter's).
LOADING = ".o_loading_indicator, .o_blockUI, .o-mail-Thread .fa-spin"
NOT_LOADING = f"""(() =>
    document.readyState === "complete"
    && !document.querySelector({json.dumps(LOADING)})
)()"""


def count_at_least(selector, count):
    return f"document.querySelectorAll({json.dumps(selector)}).length >= {count}"


def click_js(selector, text=None):
    """JavaScript that clicks the first element of ``selector`` (with ``text``)."""
    text = json.dumps(text)
    return f"""(() => {{
        const found = [...document.querySelectorAll({json.dumps(selector)})].find(
            (el) => {text} === null || el.textContent.includes({text})
        );
        if (found) {{ found.click(); }}
        return Boolean(found);
    }})()"""


class DevTools:
    """A headless Chromium, driven through its DevTools protocol."""

    def __init__(self, spawn, profile_dir):
        import websocket  # noqa: PLC0415 (test-requirements.txt)

        binary = next(filter(None, map(shutil.which, CHROMIUM)), None)
        if binary is None:
            raise DemoError(
                "Chromium is missing: install Debian's chromium (the test "
                "command does it as root)"
            )
        self.profile_dir = profile_dir
        self.process = spawn(
            [
                binary,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile_dir}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            "chromium.log",
        )
        port = self._devtools_port()
        targets = json.loads(http_get(f"http://127.0.0.1:{port}/json/list")[1])
        page = next(target for target in targets if target["type"] == "page")
        self.socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=PAGE_TIMEOUT, suppress_origin=True
        )
        self.last_id = 0

    def _devtools_port(self):
        """Chromium writes the port it chose in its profile directory."""
        port_file = self.profile_dir / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DemoError(f"Chromium stopped at once: see {LOG_DIR}/chromium.log")
            if port_file.exists():
                lines = port_file.read_text().splitlines()
                if lines and lines[0].isdigit():
                    return int(lines[0])
            time.sleep(0.2)
        raise DemoError("Chromium did not open its DevTools port in 30 s")

    def call(self, method, **params):
        self.last_id += 1
        self.socket.send(
            json.dumps({"id": self.last_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") != self.last_id:
                continue  # an event: none is subscribed to, some come anyway
            if "error" in message:
                raise DemoError(f"Chromium refused {method}: {message['error']}")
            return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def wait_for(self, expression, what):
        deadline = time.monotonic() + PAGE_TIMEOUT
        while time.monotonic() < deadline:
            if self.evaluate(f"({expression}) && {NOT_LOADING}"):
                return
            time.sleep(0.3)
        raise DemoError(f"the page never showed {what} in {PAGE_TIMEOUT} s")

    def close(self):
        self.socket.close()


class Screenshots(Demo):
    """The demo, then its pictures."""

    EMULATOR_STEPS = [
        "check_chromium",
        *Demo.EMULATOR_STEPS,
        "change_in_odoo",
        "take_screenshots",
        "fail_an_export",
        "take_failed_job_screenshot",
    ]

    def __init__(self, args):
        # .demo/ is `make demo`'s: the logs of this run (and the messages
        # that name them) go to a folder of their own inside it
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        demo.DEMO_DIR = LOG_DIR
        super().__init__(args, env={})  # the emulator, never real Trello
        self.project_id = None
        self.task_id = None
        self.failed_job_id = None
        self.saved = []

    def check_chromium(self):
        """Before the long steps: Chromium (installed as root on Debian)."""
        if not run_tests.ensure_chromium():
            raise DemoError(
                "Chromium is missing: install Debian's chromium, or run as root"
            )

    def search_one(self, model, domain):
        found = self.rpc(model, "search", domain, limit=1)
        if not found:
            raise DemoError(f"the demo has no {model} matching {domain}")
        return found[0]

    def change_in_odoo(self):
        """What a user does in Odoo: export jobs to show, a comment to read."""
        self.project_id = self.search_one("project.project", [("name", "=", BOARD)])
        in_board = [("project_id", "=", self.project_id)]
        edited = self.search_one(
            "project.task", [*in_board, ("name", "=", EDITED_TASK)]
        )
        self.rpc("project.task", "write", [edited], {"description": EDITED_DESCRIPTION})
        self.task_id = self.search_one("project.task", [*in_board, ("name", "=", TASK)])
        self.rpc(
            "project.task",
            "message_post",
            [self.task_id],
            body=ODOO_COMMENT,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.wait_for_jobs()
        failed = self.rpc("queue.job", "search_count", [("state", "=", "failed")])
        if failed:
            raise DemoError(f"{failed} job(s) failed: see Job Queue › Jobs in Odoo")
        card_id = self.rpc(
            "trello.project.task",
            "search_read",
            [("odoo_id", "=", edited)],
            fields=["external_id"],
        )[0]["external_id"]
        state = json.loads(http_get(self.emulator_url + "/_emulator/state")[1])
        if "Six entries" not in state["cards"][card_id]["desc"]:
            raise DemoError(f"the edit of {EDITED_TASK!r} did not reach its card")
        self.say(f"Edited {EDITED_TASK!r} and commented on {TASK!r}: exported")

    def set_faults(self, spec):
        """The emulator's fault injection (``None``: none)."""
        data = urllib.parse.urlencode({"spec": spec or ""}).encode()
        request = urllib.request.Request(
            self.emulator_url + "/_emulator/faults", data=data, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()

    def fail_an_export(self):
        """A task renamed while Trello refuses card writes: a failed job."""
        task = self.search_one(
            "project.task",
            [("project_id", "=", self.project_id), ("name", "=", FAILED_TASK)],
        )
        self.set_faults(REFUSED_WRITES)
        try:
            self.rpc("project.task", "write", [task], {"name": FAILED_NAME})
            failed = self.wait_for_failed_job()
        finally:
            self.set_faults(None)
        self.failed_job_id = failed[0]["id"]
        self.say(f"Renamed {FAILED_TASK!r} while Trello refused: its job failed")

    def wait_for_failed_job(self, timeout=120):
        """The export job failed for good (with its sentence), once there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            failed = self.rpc(
                "queue.job",
                "search_read",
                [("state", "=", "failed"), ("exc_message", "!=", False)],
                fields=["exc_message"],
                order="id desc",
                limit=1,
            )
            if failed:
                return failed
            time.sleep(0.5)
        raise DemoError(f"the export of {FAILED_NAME!r} did not fail as planned")

    def take_failed_job_screenshot(self):
        """The failed job's form, taken after the others (whose job list
        shows done jobs only)."""
        self.take_all([self.failed_job_shot()])

    def failed_job_shot(self):
        return {
            "file": "screenshot_failed_job.png",
            "url": ("/odoo/action-queue_job.action_queue_job/" f"{self.failed_job_id}"),
            "size": (1400, 900),
            "ready": (
                "document.querySelector('.o_form_view .alert-danger')"
                " && document.querySelector('.o_field_widget[name=exc_info]')"
            ),
            "what": "the failed job's sentence and traceback",
        }

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

    def shots(self):
        """Each picture: file, URL, what must show, then clicks and waits."""
        backend_url = (
            f"/odoo/action-connector_trello.trello_backend_action/{self.backend_id}"
        )
        tasks_url = f"/odoo/project/{self.project_id}/tasks"
        board_rows = ".o_field_widget[name=board_ids] .o_data_row"
        return [
            {
                "file": "screenshot_backend.png",
                "url": backend_url,
                "size": (1400, 1000),
                "ready": count_at_least(
                    f"{board_rows} td[name=last_sync_state] .badge", 2
                ),
                "what": "the boards and their last synchronization",
            },
            {
                "file": "screenshot_kanban.png",
                "url": tasks_url,
                "size": (1700, 640),
                "ready": count_at_least(".o_kanban_record", 8),
                "what": "the tasks of the board",
            },
            {
                "file": "screenshot_task.png",
                "url": f"{tasks_url}/{self.task_id}",
                "size": (1600, 760),
                "ready": count_at_least(".o-mail-Message", 3),
                "what": "the task and its comments",
                "then": [
                    (
                        click_js(".o_notebook .nav-link", "Sub-tasks"),
                        count_at_least(
                            ".o_field_widget[name=child_ids] .o_data_row", 3
                        ),
                        "the sub-tasks",
                    )
                ],
            },
            {
                "file": "screenshot_sync_log.png",
                "url": "/odoo/action-connector_trello.trello_sync_log_action",
                "size": (1500, 460),
                "ready": count_at_least(".o_list_view .o_data_row", 2),
                "what": "the synchronization log",
            },
            {
                "file": "screenshot_jobs.png",
                "url": "/odoo/action-queue_job.action_queue_job",
                "size": (1500, 420),
                "ready": count_at_least(".o_searchview_facet", 1),
                "what": "the jobs list",
                "then": [
                    (
                        click_js(".o_searchview_facet .o_facet_remove"),
                        "!document.querySelector('.o_searchview_facet') && "
                        + count_at_least(".o_list_view .o_data_row", 3),
                        "every job, done ones included",
                    )
                ],
            },
        ]

    def take_screenshots(self):
        self.take_all(self.shots())

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
            browser = DevTools(self.spawn, Path(profile))
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

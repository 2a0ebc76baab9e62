# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The browser of ``make screenshots``: a headless Chromium, driven through
its DevTools protocol (``websocket-client``, of test-requirements.txt), and
the JavaScript snippets that say when a page is ready or click in it."""

import json
import shutil
import time

from demo import DemoError, http_get

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


def click_in_row_js(rows, text, selector):
    """JavaScript that clicks ``selector`` in the first of ``rows`` with ``text``."""
    return f"""(() => {{
        const row = [...document.querySelectorAll({json.dumps(rows)})].find(
            (el) => el.textContent.includes({json.dumps(text)})
        );
        const found = row && row.querySelector({json.dumps(selector)});
        if (found) {{ found.click(); }}
        return Boolean(found);
    }})()"""


#: A traceback's file paths, shortened to where a reader knows them from:
#: the addons of this repository and Odoo (``odoo/addons/…`` included), then
#: the installed packages and Python's library.
TRACEBACK_PATHS = (
    r'File "/[^"]*?/((?:connector_trello|trello_emulator|odoo)[a-z_]*/[^"]*)"',
    r'File "/[^"]*/(?:site|dist)-packages/([^"]*)"',
    r'File "/[^"]*/(python3[.0-9]*/[^"]*)"',
)


def trim_paths_js(selector):
    """JavaScript that shortens each ``File "…"`` path of a traceback shown
    in ``selector`` (see ``TRACEBACK_PATHS``): the picture shows neither the
    machine's nor the checkout's folders."""
    return f"""(() => {{
        const patterns = {json.dumps(TRACEBACK_PATHS)}.map(
            (source) => new RegExp(source, "g")
        );
        const trim = (text) => patterns.reduce(
            (done, pattern) => done.replace(pattern, 'File "$1"'), text
        );
        let found = false;
        for (const el of document.querySelectorAll({json.dumps(selector)})) {{
            found = true;
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {{
                walker.currentNode.nodeValue = trim(walker.currentNode.nodeValue);
            }}
            for (const area of el.querySelectorAll("textarea")) {{
                area.value = trim(area.value);
            }}
        }}
        return found;
    }})()"""


def do_action_js(action):
    """JavaScript that runs an Odoo window action (a dict) in the web client,
    as a button of a form would: a ``target: "new"`` one opens as a dialog
    over the current page, which a URL cannot do."""
    return f"""(() => {{
        const services = odoo.__WOWL_DEBUG__.root.env.services;
        services.action.doAction({json.dumps(action)});
        return true;
    }})()"""


class DevTools:
    """A headless Chromium, driven through its DevTools protocol."""

    def __init__(self, spawn, profile_dir, log_dir):
        import websocket  # noqa: PLC0415 (test-requirements.txt)

        binary = next(filter(None, map(shutil.which, CHROMIUM)), None)
        if binary is None:
            raise DemoError(
                "Chromium is missing: install Debian's chromium (the test "
                "command does it as root)"
            )
        self.profile_dir = profile_dir
        self.log_dir = log_dir
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
                raise DemoError(
                    f"Chromium stopped at once: see {self.log_dir}/chromium.log"
                )
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

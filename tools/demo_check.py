# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``make demo``'s end: the report, and ``--check``'s two-way round trip."""

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from demo_common import (
    COUNTED,
    DEMO_DIR,
    NO_REDIRECT,
    DemoError,
    OdooRPC,
    http_get,
    plural,
)

#: --check: how long a change may take to cross, and how often it looks.
CHECK_TIMEOUT = 30
CHECK_POLL_SECONDS = 0.1
#: What --check adds to a card's name (and removes, should a check have
#: been interrupted before it renamed the card back).
CHECK_MARK = re.compile(r" \(renamed in Trello at \d\d:\d\d:\d\d\)$")


class CheckPhase:
    """What the demo prints once ready, and its self-test."""

    def check_two_way(self):
        """The demo's self-test: a change made on each side, as a user makes it.

        A card renamed with the form of its emulator page (as bob) must reach
        its task by itself (webhook, import job); the task renamed back in
        Odoo by Marc Demo, bob's user, must reach the card by itself (export
        job). Both sides end as they began.
        """
        binding = self.rpc(
            "trello.project.task",
            "search_read",
            [("backend_id", "=", self.backend_id), ("external_id", "!=", False)],
            fields=["external_id", "odoo_id"],
            order="id",
            limit=1,
        )
        if not binding:
            raise DemoError("nothing to check: no task was imported")
        card_id, task_id = binding[0]["external_id"], binding[0]["odoo_id"][0]
        card = self.emulator_card(card_id)
        original = CHECK_MARK.sub("", card["name"])
        renamed = f"{original} (renamed in Trello at {time.strftime('%H:%M:%S')})"
        self.say("")
        self.say(f"Two-way check on the card {original!r}:")
        started = time.monotonic()
        self.submit_card_form(card["shortLink"], do="rename", name=renamed)
        seconds = self.wait_for_change(
            started,
            lambda: self.task_name(task_id) == renamed,
            "The card renamed on the emulator's page",
            "its task in Odoo",
        )
        self.say(
            f"  Trello → Odoo: renamed on its emulator page (as bob), the task "
            f"had the new name {seconds:.2f} s later (webhook, import job)"
        )
        user = OdooRPC(self.odoo_url, self.args.database, "demo", "demo")
        started = time.monotonic()
        user("project.task", "write", [task_id], {"name": original})
        saved = time.monotonic() - started
        seconds = self.wait_for_change(
            started,
            lambda: self.emulator_card(card_id)["name"] == original,
            "The task renamed in Odoo",
            "its card in the emulator",
        )
        self.say(
            f"  Odoo → Trello: renamed back in Odoo (as Marc Demo), the card "
            f"had the old name again {seconds:.2f} s later (the save itself: "
            f"{saved:.2f} s; then the export job)"
        )
        # the export's own webhook queues an import: let it end before we stop
        self.wait_for_jobs(CHECK_TIMEOUT)
        self.say("Two-way check passed.")

    def task_name(self, task_id):
        return self.rpc("project.task", "read", [task_id], ["name"])[0]["name"]

    def emulator_card(self, card_id):
        """The card as the emulator stores it (its control API, which spends
        no request of the rate limit)."""
        state = json.loads(http_get(self.emulator_url + "/_emulator/state")[1])
        return state["cards"][card_id]

    def submit_card_form(self, short_link, **form):
        """POST a form of the card's page, as the browser does (303 then GET)."""
        request = urllib.request.Request(
            f"{self.emulator_url}/c/{short_link}",
            data=urllib.parse.urlencode(form).encode(),
            method="POST",
        )
        try:
            with NO_REDIRECT.open(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as err:
            status = err.code
        if status != 303:
            raise DemoError(
                f"the emulator's card page refused the change (HTTP {status})"
            )

    def wait_for_change(self, started, arrived, what, where):
        """Seconds from ``started`` (the user's save) until ``arrived()``."""
        while not arrived():
            if time.monotonic() - started > CHECK_TIMEOUT:
                raise DemoError(
                    f"{what} did not reach {where} in {CHECK_TIMEOUT} s: see "
                    f"Queue › Jobs in Odoo, and {DEMO_DIR / 'odoo.log'}"
                )
            time.sleep(CHECK_POLL_SECONDS)
        return time.monotonic() - started

    def report(self):
        on_backend = [("backend_id", "=", self.backend_id)]
        projects = self.rpc(
            "trello.project.project",
            "search_read",
            on_backend,
            fields=["odoo_id", "external_id"],
        )
        counts = [
            plural(self.rpc(model, "search_count", on_backend), one, many)
            for model, one, many in COUNTED
        ]
        say = self.say
        say("")
        names = ", ".join(p["odoo_id"][1] for p in projects) or "none"
        say(f"{plural(len(projects), 'board', 'boards')} in Odoo: {names}")
        say("  " + ", ".join(counts))
        if not self.real_trello:
            counters = http_get(self.emulator_url + "/_emulator/counters")[1]
            counters = json.loads(counters)
            say(
                f"  {plural(counters['total'], 'request', 'requests')} served "
                f"by the emulator ({self.emulator_url}/_emulator/counters)"
            )
        say(f"Ready in {time.monotonic() - self.started:.0f} s.")
        say("")
        say(f"Odoo:     {self.odoo_url}/odoo/project (log in as admin, password admin)")
        say(
            f"  the backend: {self.odoo_url}/odoo/"
            f"action-connector_trello.trello_backend_action/{self.backend_id}"
        )
        for project in projects:
            say(
                f"  {project['odoo_id'][1]}: "
                f"{self.odoo_url}/odoo/project/{project['odoo_id'][0]}/tasks"
            )
        if not self.real_trello:
            say(f"Emulator: {self.emulator_url}/ (a card's page edits it as bob)")
            for project in projects:
                say(f"  {self.emulator_url}/?board={project['external_id']}")
        if not self.real_trello:
            say(
                "Both ways by themselves: a card changed on its emulator page "
                "reaches its task in Odoo (webhook, import job), a task changed "
                "in Odoo reaches its card (export job)."
            )
        else:
            say(
                "Trello's changes come in when Synchronize is pressed on the "
                "backend (no webhook: Trello cannot reach an Odoo on 127.0.0.1)."
            )
        if self.args.check:
            say(f"Logs: {DEMO_DIR}/.")
        else:
            say(f"Logs: {DEMO_DIR}/. Ctrl-C stops Odoo and the emulator.")

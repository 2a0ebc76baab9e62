# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``make demo``'s Odoo side: the backend, its boards, members and webhooks.

Everything goes through Odoo's JSON-RPC as admin, as a user would click it.
"""

import json
import time

from demo_common import (
    CAROL,
    DEMO_BACKEND_XMLID,
    MEMBER_USERS,
    REAL_BACKEND_NAME,
    REAL_TRELLO_API,
    DemoError,
    http_get,
)


class BackendPhase:
    """Confirm a backend, tick and import its boards, map members, webhooks."""

    def confirm_demo_backend(self):
        self.backend_id = self.rpc.ref(*DEMO_BACKEND_XMLID)
        if not self.backend_id:
            raise DemoError(
                "the database has no demo backend (it was created without demo "
                "data): run `make demo ARGS=--reset`"
            )
        self.rpc(
            "trello.backend",
            "write",
            [self.backend_id],
            {"api_url": self.emulator_url + "/1"},
        )
        self.check_connection()

    def configure_real_backend(self):
        backends = self.rpc(
            "trello.backend", "search", [("name", "=", REAL_BACKEND_NAME)]
        )
        values = {
            "name": REAL_BACKEND_NAME,
            "api_url": REAL_TRELLO_API,
            "api_key": self.env["TRELLO_KEY"],
            "api_token": self.env["TRELLO_TOKEN"],
            "api_secret": self.env["TRELLO_SECRET"],
        }
        if backends:
            self.backend_id = backends[0]
            self.rpc("trello.backend", "write", backends[:1], values)
        else:
            self.backend_id = self.rpc("trello.backend", "create", values)
        self.check_connection()

    def check_connection(self):
        for method in ("action_check_connection", "action_fetch_boards"):
            answer = self.rpc("trello.backend", method, [self.backend_id])
            params = answer.get("params", {}) if isinstance(answer, dict) else {}
            if params.get("type") == "danger":
                raise DemoError(params.get("message") or params.get("title"))
        backend = self.rpc(
            "trello.backend", "read", [self.backend_id], ["name", "member_username"]
        )[0]
        self.say(
            f"Backend {backend['name']!r} confirmed, as Trello member "
            f"{backend['member_username']}"
        )

    def tick_boards(self):
        domain = [("backend_id", "=", self.backend_id), ("closed", "=", False)]
        if self.real_trello:
            if not self.args.board:
                self.say(
                    "No board ticked: tick boards on the backend form, or name "
                    "them with ARGS='--board NAME'."
                )
            domain.append(("name", "in", self.args.board or []))
        boards = self.rpc("trello.board", "search_read", domain, fields=["name"])
        if boards:
            self.rpc(
                "trello.board",
                "write",
                [board["id"] for board in boards],
                {"synchronize": True},
            )
        self.say(f"Boards ticked: {', '.join(b['name'] for b in boards) or 'none'}")

    def import_boards(self):
        ticked = self.rpc(
            "trello.board",
            "search_count",
            [("backend_id", "=", self.backend_id), ("synchronize", "=", True)],
        )
        if not ticked:
            return
        started = time.monotonic()
        last_job = self.last_job_id()
        answer = self.rpc("trello.backend", "action_synchronize", [self.backend_id])
        self.wait_for_jobs()
        self.say(f"Import done in {time.monotonic() - started:.1f} s")
        jobs = self.rpc(
            "queue.job",
            "search_read",
            [("id", ">", last_job), ("method_name", "=", "import_board")],
            fields=["state", "result", "exc_message", "name"],
            order="id",
        )
        if jobs:  # queued: each job's result is its board's summary
            lines = [
                job["result"]
                if job["state"] == "done"
                else f"{job['name']}: {job['state']} {job['exc_message'] or ''}"
                for job in jobs
            ]
        else:  # imported at once: the notification says it all
            lines = [(answer or {}).get("params", {}).get("message") or ""]
        for line in "\n".join(lines).splitlines():
            self.say(f"  {line}")

    def last_job_id(self):
        last = self.rpc("queue.job", "search", [], order="id desc", limit=1)
        return last[0] if last else 0

    def wait_for_jobs(self, timeout=300):
        """Queued imports run in queue_job's runner: wait until they are done."""
        if not self.rpc("ir.model", "search_count", [("model", "=", "queue.job")]):
            return
        busy = [("state", "in", ["wait_dependencies", "pending", "enqueued"])]
        busy = ["|", ("state", "=", "started"), *busy]
        deadline = time.monotonic() + timeout
        while self.rpc("queue.job", "search_count", busy):
            if time.monotonic() > deadline:
                raise DemoError(
                    f"the import jobs were still running after {timeout} s: "
                    "see Queue › Jobs in Odoo"
                )
            time.sleep(0.5)

    def map_members(self):
        """Map the emulator's members to the demo users, before the first
        import: the cards and comments it brings are then the users' from
        the start (as later ones are), not "Bob Lee (Trello)"'s.

        A member not imported yet is created with its Trello id, which the
        import then finds; one already there (a reused database) gets its
        user written when it has another.
        """
        known = {
            member["external_id"]: member
            for member in self.rpc(
                "trello.member",
                "search_read",
                [("backend_id", "=", self.backend_id)],
                fields=["external_id", "user_id"],
            )
        }
        mapped = []
        for member in self.emulator_members():
            user_id = self.demo_user(member["username"])
            if not user_id:
                continue
            binding = known.get(member["id"])
            if binding is None:
                values = {
                    "backend_id": self.backend_id,
                    "external_id": member["id"],
                    "username": member["username"],
                    "full_name": member["fullName"],
                    "user_id": user_id,
                }
                self.rpc("trello.member", "create", values)
            elif (binding["user_id"] or [False])[0] != user_id:
                values = {"user_id": user_id}
                self.rpc("trello.member", "write", [binding["id"]], values)
            name = self.rpc("res.users", "read", [user_id], ["name"])[0]["name"]
            mapped.append(f"{member['username']} → {name}")
        self.say(f"Members mapped: {', '.join(mapped) or 'none'}")

    def emulator_members(self):
        """The emulator's members (its control API: no request counted)."""
        state = json.loads(http_get(self.emulator_url + "/_emulator/state")[1])
        return list(state["members"].values())

    def register_webhooks(self):
        """One webhook per ticked board, to the Odoo this demo serves: the
        emulator delivers to loopback, so the Odoo URL is the public one;
        real Trello delivers to ``--public-url`` (a tunnel or a proxy to
        this Odoo)."""
        self.rpc(
            "trello.backend",
            "write",
            [self.backend_id],
            {"webhook_base_url": self.public_url or self.odoo_url},
        )
        answer = self.rpc(
            "trello.backend", "action_register_webhooks", [self.backend_id]
        )
        params = answer.get("params", {}) if isinstance(answer, dict) else {}
        if params.get("type") != "success":
            raise DemoError(
                f"{params.get('title')}: {params.get('message')}".rstrip(": ")
            )
        self.say(f"Webhooks registered: {params.get('message')}")

    def demo_user(self, username):
        if username in MEMBER_USERS:
            return self.rpc.ref(*MEMBER_USERS[username])
        if username != CAROL["login"]:
            return False
        found = self.rpc("res.users", "search", [("login", "=", CAROL["login"])])
        return found[0] if found else self.rpc("res.users", "create", CAROL)

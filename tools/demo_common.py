# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What every phase of ``make demo`` shares: its places, names and helpers.

:class:`DemoError` is a sentence for the user; :class:`OdooRPC` speaks
Odoo's JSON-RPC with the standard library only (the demo runs before any
requirement is installed).
"""

import json
import socket
import urllib.request

from run_tests import ROOT

DEMO_DIR = ROOT / ".demo"
DEFAULT_DATABASE = "connector_trello_demo"
#: The demo database is a copy of ``<database>_template``.
TEMPLATE_SUFFIX = "_template"
REAL_TRELLO_API = "https://api.trello.com/1"
REAL_BACKEND_NAME = "Trello (make demo)"
DEMO_BACKEND_XMLID = ("connector_trello", "trello_backend_demo")
#: The emulator's seeded members and the demo users they are mapped to.
MEMBER_USERS = {"alice": ("base", "user_admin"), "bob": ("base", "user_demo")}
#: Odoo's demo data has two internal users: the third member gets her own,
#: created in the demo database only (as demo data of the addon, a user
#: named like a seeded member would change the matching the tests check).
CAROL = {"name": "Carol Diaz", "login": "carol", "password": "carol"}
#: Imported records per binding model, in the order they are reported.
COUNTED = [
    ("trello.project.task", "task", "tasks"),
    ("trello.project.task.type", "stage", "stages"),
    ("trello.project.tags", "tag", "tags"),
    ("trello.mail.message", "comment", "comments"),
    ("trello.checkitem", "sub-task", "sub-tasks"),
    ("trello.ir.attachment", "attachment", "attachments"),
]
STOP_TIMEOUT = 20


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECT = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))


class DemoError(Exception):
    """Something the user must fix; shown as a sentence, no traceback."""


def plural(count, singular, plural_form):
    return f"{count} {singular if count == 1 else plural_form}"


def port_taken(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.status, answer.read()


class OdooRPC:
    """Odoo's JSON-RPC, as admin of one database (the standard library only)."""

    def __init__(self, url, database, login, password):
        self.url = url
        self.database = database
        self.password = password
        self.uid = self.call("common", "login", database, login, password)
        if not self.uid:
            raise DemoError(
                f"Odoo refused the login {login}/{password} on {database}: "
                "run `make demo ARGS=--reset` to recreate the demo database."
            )

    def call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
        }
        request = urllib.request.Request(
            self.url + "/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=600) as answer:
            reply = json.load(answer)
        if reply.get("error"):
            data = reply["error"].get("data") or {}
            raise DemoError(
                f"Odoo answered an error: {data.get('message') or reply['error']}"
            )
        return reply["result"]

    def __call__(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            self.database,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )

    def ref(self, module, name):
        found = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return found[0]["res_id"] if found else False

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Test base of connector_trello: an emulated Trello on loopback, cassettes.

Every test talks to ``trello_emulator`` (the Trello-compatible server at the
root of this repository), started in-process on 127.0.0.1: no request leaves
the machine. The tests that replay HTTP cassettes (``tests/cassettes``) were
recorded against it; to record them again::

    TRELLO_RECORD=1 make test ARGS=--skip-lint

(``record_mode="all"``; the cassette file is deleted first, since vcrpy
appends to an existing one). In replay mode every interaction must be
played exactly once: none repeated, none left over. The key, the token
and the secret are scrubbed from the query strings, the headers and the
bodies before a cassette is written. The emulator's seeds are deterministic
(fixed clock, ids and short links), so a re-recording only changes what the
code changed. The assertions compare Odoo with the emulator's data, so the
cassettes are recorded against the emulator, not against real Trello.
"""

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import requests
from vcr import VCR

from odoo import api
from odoo.modules.registry import Registry
from odoo.tests import tagged

from odoo.addons.component.tests.common import TransactionComponentCase

# trello_emulator lives at the root of this repository, beside the addons: it
# is not an Odoo addon and not installed as a package.
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.append(str(REPO_ROOT))

from trello_emulator import (  # noqa: E402
    DEFAULT_KEY,
    DEFAULT_SECRET,
    DEFAULT_TOKEN,
    OTHER_TOKEN,
    TrelloEmulator,
)

CASSETTE_DIR = Path(__file__).resolve().parent / "cassettes"
RECORDING = os.environ.get("TRELLO_RECORD") == "1"
SCRUBBED = "SCRUBBED"
_SECRETS = re.compile(
    "|".join(re.escape(s) for s in (DEFAULT_KEY, DEFAULT_TOKEN, DEFAULT_SECRET))
)


def _scrub_text(value):
    if isinstance(value, bytes):
        return _SECRETS.sub(SCRUBBED, value.decode("utf-8", "replace")).encode()
    if isinstance(value, str):
        return _SECRETS.sub(SCRUBBED, value)
    return value


def _scrub_request(request):
    request.uri = _scrub_text(request.uri)
    request.body = _scrub_text(request.body)
    for header in list(request.headers):
        request.headers[header] = _scrub_text(request.headers[header])
    return request


def _scrub_response(response):
    response["body"]["string"] = _scrub_text(response["body"]["string"])
    for header in ("Set-Cookie", "set-cookie"):
        response["headers"].pop(header, None)
    return response


recorder = VCR(
    cassette_library_dir=str(CASSETTE_DIR),
    path_transformer=VCR.ensure_suffix(".yaml"),
    record_mode="all" if RECORDING else "none",
    match_on=["method", "path", "query", "body"],
    filter_headers=["Authorization"],
    filter_query_parameters=["key", "token"],
    before_record_request=_scrub_request,
    before_record_response=_scrub_response,
    decode_compressed_response=True,
)


@tagged("post_install", "-at_install")
class TrelloCase(TransactionComponentCase):
    """A backend connected to a fresh emulator seeded with ``emulator_seed``."""

    emulator_seed = "demo"
    emulator_options = {"rate_limit": False}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=True, queue_job__no_delay=True
            )
        )
        cls.emulator = TrelloEmulator(
            seed=cls.emulator_seed, **cls.emulator_options
        ).start()
        cls.addClassCleanup(cls.emulator.stop)
        cls.addClassCleanup(cls.forget_create_intents)
        cls.backend = cls.env["trello.backend"].create(
            {
                "name": "Emulated Trello",
                "api_url": cls.emulator.api_url,
                "api_key": DEFAULT_KEY,
                "api_token": DEFAULT_TOKEN,
                "api_secret": DEFAULT_SECRET,
            }
        )

    def setUp(self):
        super().setUp()
        self.emulator.reset_counters()
        self.addCleanup(self.forget_create_intents)

    @classmethod
    def forget_create_intents(cls):
        """Delete the create intents the test left.

        The export commits them in cursors of their own: the test's rollback
        leaves them behind, and a later test exporting a record of the
        class's setup would bind an object of an emulator since reset.
        """
        with cls.env["trello.create.intent"]._own_cursor() as cr:
            cr.execute("DELETE FROM trello_create_intent")

    # -- helpers ---------------------------------------------------------

    @classmethod
    def store_board(cls, name):
        return next(b for b in cls.emulator.store.boards.values() if b["name"] == name)

    def store_cards(self, board_id):
        return [
            c for c in self.emulator.store.cards.values() if c["idBoard"] == board_id
        ]

    def as_person(self, method, path, **params):
        """Change Trello as another member would, with their own token."""
        response = requests.request(
            method,
            f"{self.emulator.api_url}/{path.lstrip('/')}",
            params=dict(params, key=DEFAULT_KEY, token=OTHER_TOKEN),
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def fetch_and_tick(self, *board_names):
        self.backend.action_check_connection()
        self.backend.action_fetch_boards()
        boards = self.backend.board_ids.filtered(lambda b: b.name in board_names)
        self.assertEqual(len(boards), len(board_names))
        boards.synchronize = True
        return boards

    def open_second_transaction(self):
        """``self.cr2`` and ``self.env2``: another transaction on a connection
        of its own (the test's runs in one transaction), rolled back and
        closed at the test's end. What a second job or click would use."""
        self.cr2 = Registry(self.env.cr.dbname).cursor()
        self.env2 = api.Environment(self.cr2, self.env.uid, {})

        @self.addCleanup
        def close_cr2():
            self.cr2.rollback()
            self.cr2.close()

    def import_board_named(self, name, seed="demo"):
        """Re-seed the emulator, tick the board ``name`` and import it: sets
        ``self.board`` (Trello's) and ``self.binding`` (the board's binding)."""
        self.emulator.reset(seed=seed)
        self.board = self.store_board(name)
        self.fetch_and_tick(name)
        self.backend.action_synchronize()
        self.binding = self.board_binding(self.board["id"])

    def board_binding(self, board_id):
        return self.env["trello.project.project"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "=", board_id)]
        )

    def card_binding(self, card_id):
        """The card's binding, archived or not."""
        return (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search(
                [("backend_id", "=", self.backend.id), ("external_id", "=", card_id)]
            )
        )

    def card_named(self, name):
        """The card ``name`` of ``self.board`` in the emulator."""
        return next(c for c in self.store_cards(self.board["id"]) if c["name"] == name)

    def list_named(self, name):
        """The list ``name`` of ``self.board`` in the emulator."""
        return next(
            lst
            for lst in self.emulator.store.lists.values()
            if lst["idBoard"] == self.board["id"] and lst["name"] == name
        )

    def request_count(self):
        return self.emulator.counters()["total"]

    @contextmanager
    def cassette(self, name):
        """Replay (or, with TRELLO_RECORD=1, record) the HTTP of a block.

        The backend points at the emulator in both modes, so the requests are
        the same; in replay mode vcrpy answers them from the cassette, each
        interaction once, and the block must play all of them: a request the
        code no longer sends fails the test as surely as a new one.
        """
        if RECORDING:
            # record_mode="all" appends to an existing file: stale
            # interactions would stay in it for ever.
            (CASSETTE_DIR / f"{name}.yaml").unlink(missing_ok=True)
        with recorder.use_cassette(name, allow_playback_repeats=False) as cassette:
            yield cassette
            if not RECORDING:
                unplayed = [
                    f"{request.method} {request.path}"
                    for index, request in enumerate(cassette.requests)
                    if not cassette.play_counts[index]
                ]
                self.assertFalse(
                    unplayed, f"cassette {name}: interactions never played"
                )

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An import under faults converges to the clean import's result.

The emulator answers a fifth of the requests with a 429, a 500, a 503, a
dropped connection, an answer slower than the client's timeout or a JSON
body cut in half. Each failed run is done again the way the job runner does
it (the ``RetryableJobError`` rolls the job's transaction back, here a
savepoint, and the job runs again) until one succeeds. What Odoo holds then
must equal what a clean import (an emulator without faults, same seed) gives:
the same projects, stages in the same order, tasks with every mapped field,
tags, sub-tasks, notes, attachments and bindings, and no binding twice.
"""

import logging
import re
import socket
import threading
from unittest import mock

import requests

from odoo.tests import common as odoo_test_common
from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import RetryableJobError

from ..client import TrelloClient, TrelloRetryableError
from .common import DEFAULT_KEY, MACHINE, OTHER_TOKEN, TrelloCase, TrelloEmulator

_logger = logging.getLogger(__name__)

#: A fifth of the requests fail; each request draws once and the entries
#: share the draw, so a request matches at most 20 %. Only JSON answers are
#: truncated (a download cut short with a matching Content-Length is not a
#: network fault but a different file). The seed makes the faults the same
#: on every run of the test.
FAULTS = (
    "429:4%,500:4%,503:3%,drop:3%,delay=3s:3%,"
    "truncate:3%@GET /1/boards/*,truncate:3%@GET /1/batch*;seed={seed}"
)
#: Seven failed runs (a slow answer, 500s, a 429, a 503, a dropped
#: connection, one after the cards were written) before one succeeds.
SEED = 7
#: On the 300-card board: a slow answer, a 429, a truncated page and a
#: dropped connection, each before the cards are written (a run failing
#: after them would cost a whole import again, and SEED covers that case).
SEED_300 = 22
#: Seconds the client waits in these tests: below the injected delay.
CLIENT_TIMEOUT = 1.5
#: A run that has not converged after this many tries never will.
MAX_RUNS = 60
BINDING_MODELS = (
    "trello.project.project",
    "trello.project.task.type",
    "trello.project.tags",
    "trello.project.task",
    "trello.checkitem",
    "trello.mail.message",
    "trello.ir.attachment",
    "trello.member",
)
_EMULATOR_URL = re.compile(r"http://127\.0\.0\.1:\d+")


def _on_its_card(binding, model):
    """A comment's or attachment's card, and whether it sits on its task."""
    card = binding.card_binding_id
    return card.external_id, model, binding.res_id == card.odoo_id.id


def _text(value):
    """A stored value, with the emulator's address (its port) left out."""
    if not value:
        return value
    return _EMULATOR_URL.sub("<trello>", str(value))


class TestFaultInjectionConvergence(TrelloCase):
    """Imports retried through faults end where a clean import ends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend.import_archived_cards = True
        cls.user_bob = cls.env["res.users"].create(
            {"name": "Robert L.", "login": "bob", "email": "robert@example.com"}
        )
        # The faulty emulator: same seed and ids (the same Trello account) as
        # the clean one, faults set per run.
        cls.faulty = TrelloEmulator(
            seed="demo", rate_limit=False, account=MACHINE
        ).start()
        cls.addClassCleanup(cls.faulty.stop)

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # Odoo's test harness raises every timeout below 10 s to 10 s: the
        # emulator on loopback is asked directly, with the client's timeout.
        if r.url.startswith("http://127.0.0.1:"):
            return odoo_test_common._super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        original_init = TrelloClient.__init__

        def short_timeout_init(client, *args, **kwargs):
            original_init(client, *args, **kwargs)
            client.timeout = CLIENT_TIMEOUT

        patcher = mock.patch.object(TrelloClient, "__init__", short_timeout_init)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(self.faulty.set_faults, None)

    # -- runs --------------------------------------------------------------

    def _use(self, emulator, seed):
        emulator.reset(seed=seed)
        self.backend.api_url = emulator.api_url

    def _import_once(self, board_ids):
        for board_id in board_ids:
            self.env["trello.project.project"].import_board(self.backend, board_id)

    @mute_logger("odoo.addons.connector_trello.components.trello_importer")
    def _import_until_done(self, board_ids, faults):
        """Run the import as the job runner would until one run succeeds."""
        self.faulty.set_faults(faults)
        try:
            for run in range(1, MAX_RUNS + 1):
                try:
                    with self.env.cr.savepoint():
                        self._import_once(board_ids)
                    return run
                except RetryableJobError as err:
                    _logger.info("run %s failed, retried: %s", run, err)
            self.fail(f"no run succeeded in {MAX_RUNS} tries under {faults}")
        finally:
            self.faulty.set_faults(None)

    def _clean_dump(self, seed, board_names, then=None):
        """The dump of a clean import, rolled back once taken."""
        savepoint = self.env.cr.savepoint()
        self._use(self.emulator, seed)
        board_ids = self._board_ids(self.emulator, board_names)
        self._import_once(board_ids)
        if then:
            then(self.emulator)
            self._import_once(board_ids)
        dump = self.dump()
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        return dump

    def _board_ids(self, emulator, board_names):
        self.fetch_and_tick(*board_names)
        return [
            next(b["id"] for b in emulator.store.boards.values() if b["name"] == name)
            for name in board_names
        ]

    # -- the canonical dump ------------------------------------------------

    def _bindings(self, model):
        return (
            self.env[model]
            .with_context(active_test=False)
            .search([("backend_id", "=", self.backend.id)], order="external_id")
        )

    @staticmethod
    def _ext(records):
        """External ids of bindings (or of the bindings of Odoo records)."""
        return sorted(records.mapped("external_id"))

    @staticmethod
    def _ranks(cards):
        """``{binding id: rank of its task in its stage}`` by ``sequence``:
        the order Odoo shows, which the sparse numbers only carry."""
        ranks = {}
        for stage in cards.stage_id:
            in_stage = cards.filtered(lambda c, stage=stage: c.stage_id == stage)
            for rank, card in enumerate(
                in_stage.sorted(lambda c: (c.sequence, -c.odoo_id.id))
            ):
                ranks[card.id] = rank
        for card in cards.filtered(lambda c: not c.stage_id):
            ranks[card.id] = None
        return ranks

    def dump(self):
        """What the import left in Odoo, by Trello id, without Odoo ids."""
        self.env.flush_all()
        self.env.invalidate_all()
        dump = {"duplicates": {}, "counts": {}}
        for model in BINDING_MODELS:
            table = self.env[model]._table
            self.env.cr.execute(
                f"SELECT external_id, count(*) FROM {table} "  # pylint: disable=sql-injection
                "WHERE backend_id = %s GROUP BY external_id HAVING count(*) > 1",
                (self.backend.id,),
            )
            dump["duplicates"][model] = self.env.cr.fetchall()
            dump["counts"][model] = len(self._bindings(model))
        projects = self._bindings("trello.project.project")
        dump["projects"] = {
            p.external_id: {
                "name": p.name,
                "description": _text(p.description),
                "trello_desc": p.trello_desc,
                "active": p.active,
                "url": p.trello_url,
                "checkpoint": (p.last_action_id, p.last_action_date),
                # in Odoo's order; the numbers are sparse and depend on
                # the history (a retried page), the order does not
                "stages": [
                    (s.external_id, s.name, s.active, s.trello_pos)
                    for s in self._bindings("trello.project.task.type")
                    .filtered(lambda s, p=p: s.project_binding_id == p)
                    .sorted(lambda s: (s.sequence, s.odoo_id.id))
                ],
                "tasks": self.env["project.task"]
                .with_context(active_test=False)
                .search_count([("project_id", "=", p.odoo_id.id)]),
            }
            for p in projects
        }
        dump["tags"] = {
            t.external_id: (
                t.name,
                t.color,
                t.trello_color,
                t.trello_deleted,
                t.project_binding_id.external_id,
                t.odoo_id.name,
            )
            for t in self._bindings("trello.project.tags")
        }
        dump["members"] = {
            m.external_id: (m.username, m.full_name, m.user_id.login, m.match_method)
            for m in self._bindings("trello.member")
        }
        ranks = self._ranks(self._bindings("trello.project.task"))
        dump["tasks"] = {
            t.external_id: {
                "name": t.name,
                "project": t.project_binding_id.external_id,
                "project_id": t.project_id.trello_bind_ids.external_id,
                "stage": t.stage_id.trello_bind_ids.external_id,
                "rank": ranks[t.id],
                "pos": t.trello_pos,
                "desc": t.trello_desc,
                "description": _text(t.description),
                "deadline": t.date_deadline,
                "start": t.planned_date_begin,
                "state": t.state,
                "active": t.active,
                "deleted": t.trello_deleted,
                "url": t.trello_url,
                "tags": sorted(t.tag_ids.mapped("name")),
                "users": sorted(t.user_ids.mapped("login")),
                "subtasks": sorted(t.child_ids.trello_bind_ids.mapped("external_id")),
                "notes": self.env["mail.message"].search_count(
                    [
                        ("model", "=", "project.task"),
                        ("res_id", "=", t.odoo_id.id),
                        ("message_type", "=", "comment"),
                    ]
                ),
                "attachments": self.env["ir.attachment"].search_count(
                    [("res_model", "=", "project.task"), ("res_id", "=", t.odoo_id.id)]
                ),
            }
            for t in self._bindings("trello.project.task")
        }
        dump["subtasks"] = {
            c.external_id: (
                c.name,
                c.parent_id.trello_bind_ids.external_id,
                c.card_binding_id.external_id,
                c.checklist_external_id,
                c.checklist_name,
                c.state,
                c.active,
                c.trello_deleted,
                c.date_deadline,
                c.trello_pos,
                c.project_id.trello_bind_ids.external_id,
                sorted(c.user_ids.mapped("login")),
            )
            for c in self._bindings("trello.checkitem")
        }
        dump["messages"] = {
            m.external_id: (
                *_on_its_card(m, m.model),
                _text(m.body),
                m.trello_text,
                m.date,
                m.author_id.name,
                m.email_from,
                m.subtype_id.name,
                m.trello_member_id.external_id,
                m.trello_deleted,
            )
            for m in self._bindings("trello.mail.message")
        }
        dump["attachments"] = {
            a.external_id: (
                *_on_its_card(a, a.res_model),
                a.name,
                a.type,
                a.checksum,
                _text(a.url),
                a.mimetype,
                a.trello_is_upload,
                a.trello_bytes,
                _text(a.trello_download_url),
                a.trello_deleted,
            )
            for a in self._bindings("trello.ir.attachment")
        }
        return dump

    def assertConverged(self, clean, faulty, runs):
        for model, duplicates in faulty["duplicates"].items():
            self.assertEqual(duplicates, [], f"{model}: bindings imported twice")
        self.assertGreater(runs, 1, "the faults made at least one run fail")
        for key in clean:
            self.assertEqual(faulty[key], clean[key], f"{key} differ")

    # -- the tests -----------------------------------------------------------

    def _assert_full_import_converges(self, seed, boards, tasks, fault_seed):
        """A full import of ``boards`` under faults ends as a clean one."""
        clean = self._clean_dump(seed, boards)
        self.assertEqual(clean["counts"]["trello.project.task"], tasks)
        self._use(self.faulty, seed)
        runs = self._import_until_done(
            self._board_ids(self.faulty, boards), FAULTS.format(seed=fault_seed)
        )
        faulty = self.dump()
        _logger.info(
            "%s: converged after %s runs, %s requests",
            ", ".join(boards),
            runs,
            self.faulty.counters()["total"],
        )
        self.assertConverged(clean, faulty, runs)

    def test_demo_boards_converge(self):
        boards = ("Website relaunch", "Support")
        self._assert_full_import_converges("demo", boards, 16, SEED)

    def test_300_card_board_converges(self):
        self._assert_full_import_converges("cards:300", ("Load 300",), 300, SEED_300)

    def test_incremental_import_converges(self):
        """Changes made in Trello, then imported from the actions under faults."""
        boards = ("Website relaunch",)
        clean = self._clean_dump("demo", boards, then=self._change_trello)
        self._use(self.faulty, "demo")
        board_ids = self._board_ids(self.faulty, boards)
        runs = self._import_until_done(board_ids, FAULTS.format(seed=SEED))
        self._change_trello(self.faulty)
        runs += self._import_until_done(board_ids, FAULTS.format(seed=SEED))
        faulty = self.dump()
        _logger.info(
            "incremental import: converged after %s runs, %s requests",
            runs,
            self.faulty.counters()["total"],
        )
        self.assertConverged(clean, faulty, runs)
        card_names = {task["name"] for task in faulty["tasks"].values()}
        self.assertIn("Renamed in Trello", card_names)
        self.assertIn("Created in Trello", card_names)

    @staticmethod
    def _change_trello(emulator):
        """The same changes, made by bob, on either emulator (same ids)."""
        store = emulator.store
        board = next(
            b for b in store.boards.values() if b["name"] == "Website relaunch"
        )
        cards = sorted(
            (c for c in store.board_cards(board["id"]) if not c["closed"]),
            key=lambda c: c["id"],
        )
        lists = {lst["name"]: lst for lst in store.board_lists(board["id"])}
        label = next(lb for lb in store.board_labels(board["id"]) if lb["name"])

        def as_bob(method, path, **params):
            response = requests.request(
                method,
                f"{emulator.api_url}/{path}",
                params=dict(params, key=DEFAULT_KEY, token=OTHER_TOKEN),
                timeout=10,
            )
            response.raise_for_status()
            return response.json()

        as_bob("PUT", f"cards/{cards[0]['id']}", name="Renamed in Trello")
        as_bob("PUT", f"cards/{cards[1]['id']}", idList=lists["Done"]["id"])
        as_bob("PUT", f"cards/{cards[2]['id']}", closed="true")
        as_bob("DELETE", f"cards/{cards[3]['id']}")
        as_bob("PUT", f"cards/{cards[4]['id']}", pos="top")
        as_bob("POST", f"cards/{cards[0]['id']}/actions/comments", text="Looks *ok*")
        as_bob("POST", "cards", idList=lists["Doing"]["id"], name="Created in Trello")
        as_bob("POST", f"boards/{board['id']}/lists", name="QA", pos="bottom")
        as_bob("PUT", f"labels/{label['id']}", color="lime")


class TestBodyCutShort(TrelloCase):
    """A connection dropped in the middle of a body is retried.

    The emulator's ``truncate`` fault shortens the body and its
    Content-Length together; here the headers promise twice the bytes sent,
    or a chunked body stops before its last chunk, or a body without a
    length ends before the attachment's ``bytes``.
    """

    emulator_seed = "empty"

    def _serve_cut_body(self, body):
        return self._serve(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body) * 2}\r\n\r\n".encode()
            + body
        )

    def _serve(self, answer_bytes):
        """A one-shot server on loopback that sends ``answer_bytes`` and hangs up."""
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        self.addCleanup(server.close)

        def answer():
            conn, _addr = server.accept()
            with conn:
                conn.recv(65536)
                conn.sendall(answer_bytes)

        threading.Thread(target=answer, daemon=True).start()
        return f"http://127.0.0.1:{server.getsockname()[1]}/1"

    def test_json_body_cut_short_is_retryable(self):
        url = self._serve_cut_body(b'[{"id": "1", "name": "a card"}')
        client = TrelloClient(url, "key", "token")
        with self.assertRaises(TrelloRetryableError):
            client.get("boards/1/cards")

    def test_download_cut_short_is_retryable(self):
        """Content-Length promises 28 bytes, 14 come: no half file."""
        url = self._serve_cut_body(b"half of a file")
        self._assert_download_cut(url, "was cut short: 14 of 28 bytes arrived.")

    def _assert_download_cut(self, url, how):
        """The download from ``url`` is refused as retryable, saying ``how``."""
        client = TrelloClient(url, "key", "token")
        with self.assertRaises(TrelloRetryableError) as caught:
            client.download("cards/1/attachments/2/download/f.txt")
        self.assertEqual(
            str(caught.exception),
            f"The download of cards/1/attachments/2/download/f.txt from Trello {how}",
        )

    def test_chunked_download_cut_short_is_retryable(self):
        """A chunked body that stops before its last chunk."""
        url = self._serve(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            b"Transfer-Encoding: chunked\r\n\r\nE\r\nhalf of a file\r\n"
        )
        self._assert_download_cut(
            url, "was cut short after 14 bytes: the connection dropped."
        )

    def test_download_without_length_checked_against_bytes(self):
        """No Content-Length: the attachment's ``bytes`` tells the size."""
        answer = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhalf of a file"
        client = TrelloClient(self._serve(answer), "key", "token")
        with self.assertRaises(TrelloRetryableError) as caught:
            client.download("cards/1/attachments/2/download/f.txt", expected_size=28)
        self.assertEqual(
            str(caught.exception),
            "The download of cards/1/attachments/2/download/f.txt from Trello "
            "was cut short: 14 of 28 bytes arrived.",
        )
        whole = TrelloClient(self._serve(answer), "key", "token")
        self.assertEqual(
            whole.download("cards/1/attachments/2/download/f.txt", expected_size=14),
            b"half of a file",
        )

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Import hardening: hiccups, odd data and the incremental checkpoint."""

from unittest.mock import MagicMock, patch
from urllib.parse import parse_qsl, urlsplit

import requests

from odoo.addons.connector.exception import InvalidDataError
from odoo.addons.queue_job.exception import RetryableJobError

from ..client import PAGE_SIZE, TrelloClient, TrelloRetryableError
from .common import TrelloCase

BOARD = "Website relaunch"


class HardeningCase(TrelloCase):
    """The demo board imported once; the emulator re-seeded per test."""

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.store_board(BOARD)
        self.fetch_and_tick(BOARD)

    def _sync(self, full=False):
        return self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=full
        )

    def _binding(self):
        return self.board_binding(self.board["id"])

    def _open_cards(self):
        return [c for c in self.store_cards(self.board["id"]) if not c["closed"]]


class TestBatchHiccups(HardeningCase):
    """Only a 404 in a batch answer means "deleted" (defect 2)."""

    def _answer_cards_with(self, status, body):
        """Make the emulator answer every card of a batch with ``status``."""
        app = self.emulator.app
        real = app.dispatch_internal

        def dispatch(call, url):
            if url.startswith("/cards/"):
                return status, body
            return real(call, url)

        return patch.object(app, "dispatch_internal", dispatch)

    def test_a_hiccup_in_a_batch_retries_and_archives_nothing(self):
        self._sync()
        card = self._open_cards()[0]
        checkpoint = self._binding().last_action_id
        self.as_person("PUT", f"cards/{card['id']}", name="Renamed during a hiccup")
        for status, body in (
            (500, "Internal Server Error"),
            (429, "API_TOKEN_LIMIT_EXCEEDED"),
            (503, "Service Unavailable"),
            (400, "invalid value for fields"),
        ):
            with (
                self.subTest(status=status),
                self._answer_cards_with(status, body),
                self.assertRaises(RetryableJobError),
                self.env.cr.savepoint(),
            ):
                self._sync()
            task = self.card_binding(card["id"])
            self.assertTrue(task.active, f"a {status} archived the task")
            self.assertFalse(task.trello_deleted)
            self.assertEqual(self._binding().last_action_id, checkpoint)
        # Trello answers again: the change arrives, nothing was lost.
        self._sync()
        self.assertEqual(self.card_binding(card["id"]).name, "Renamed during a hiccup")
        self.assertTrue(self.card_binding(card["id"]).active)

    def test_a_429_in_a_batch_asks_to_slow_down(self):
        """As a 429 answered to a request: the job waits a window and the
        retry is not a failed try (an outage's would be)."""
        self._sync()
        card = self._open_cards()[0]
        self.as_person("PUT", f"cards/{card['id']}", name="Renamed while throttled")
        body = {"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"}
        with (
            self._answer_cards_with(429, body),
            self.assertRaises(TrelloRetryableError) as caught,
            self.env.cr.savepoint(),
        ):
            self._sync()
        self.assertTrue(caught.exception.throttled)
        self.assertEqual(caught.exception.seconds, 10)
        self.assertIn("429", str(caught.exception))

    def test_a_404_in_a_batch_still_archives(self):
        self._sync()
        card = self._open_cards()[0]
        self.as_person("PUT", f"cards/{card['id']}", name="Then gone")
        with self._answer_cards_with(404, "The requested resource was not found."):
            self._sync()
        task = self.card_binding(card["id"])
        self.assertFalse(task.active)
        self.assertTrue(task.trello_deleted)


class TestMapperKeys(HardeningCase):
    """A key Trello did not send leaves its field alone (defect 8)."""

    def _map(self, record, binding):
        with self.backend.work_on("trello.project.task") as work:
            mapper = work.component(usage="import.mapper")
            return mapper.map_record(record).values(
                project_binding=self._binding(), binding=binding
            )

    def test_missing_or_null_label_and_member_keys_write_nothing(self):
        self._sync()
        card = next(c for c in self._open_cards() if c["idLabels"] and c["idMembers"])
        task = self.card_binding(card["id"])
        for value in ("missing", None):
            record = dict(card)
            if value == "missing":
                del record["idLabels"], record["idMembers"]
            else:
                record.update(idLabels=None, idMembers=None)
            with self.subTest(value=value):
                values = self._map(record, task)
                self.assertNotIn("tag_ids", values)
                self.assertNotIn("user_ids", values)
                self.assertEqual(values["name"], card["name"])

    def test_a_card_without_label_key_keeps_its_tags(self):
        self._sync()
        card = next(c for c in self._open_cards() if c["idLabels"])
        task = self.card_binding(card["id"])
        tags = task.tag_ids
        self.assertEqual(len(tags), len(card["idLabels"]))
        data = {k: v for k, v in card.items() if k not in ("idLabels", "labels")}
        data.update(name="Renamed, labels not sent", dateLastActivity="2030-01-01")
        self.env["trello.project.task"].import_record(
            self.backend, card["id"], data=data
        )
        self.assertEqual(task.name, "Renamed, labels not sent")
        self.assertEqual(task.tag_ids, tags)

    def test_an_empty_label_list_clears_the_tags(self):
        self._sync()
        card = next(c for c in self._open_cards() if c["idLabels"])
        task = self.card_binding(card["id"])
        data = dict(card, idLabels=[], labels=[], dateLastActivity="2030-01-01")
        self.env["trello.project.task"].import_record(
            self.backend, card["id"], data=data
        )
        self.assertFalse(task.tag_ids)


class TestClientHardening(TrelloCase):
    """Paging, batch routes and the HTTP session's lifetime (defect 8)."""

    emulator_seed = "demo"

    def _client(self):
        return TrelloClient(self.emulator.api_url, "key", "token")

    def test_paging_stops_when_the_cursor_does_not_advance(self):
        client = self._client()
        stuck_page = [{"id": f"{n:024x}"} for n in range(PAGE_SIZE)]
        calls = []

        def get(path, **params):
            calls.append(params.get("before"))
            if len(calls) > 3:
                raise AssertionError("paged() asked for the same page again")
            return stuck_page

        with (
            patch.object(client, "get", get),
            self.assertRaisesRegex(InvalidDataError, "did not advance"),
        ):
            list(client.paged("boards/x/cards"))
        self.assertEqual(len(calls), 2, "one page, then the repeated one")

    def test_paging_refuses_objects_without_id(self):
        client = self._client()
        page = [{"name": "no id"}] * PAGE_SIZE
        with (
            patch.object(client, "get", lambda path, **params: page),
            self.assertRaisesRegex(InvalidDataError, "without an id"),
        ):
            list(client.paged("boards/x/cards"))

    def test_batch_routes_are_url_encoded(self):
        with self.backend.work_on("trello.project.task") as work:
            adapter = work.component(usage="backend.adapter")
        params = {"fields": "name,desc", "filter": "a b&c=d#e", "checklists": "all"}
        with patch.object(type(adapter), "_read_params", params):
            route = adapter._batch_route("5f0c0ffee0000000000000a1")
        split = urlsplit(route)
        self.assertEqual(split.path, "/cards/5f0c0ffee0000000000000a1")
        self.assertEqual(dict(parse_qsl(split.query)), params)
        for raw in (",", " ", "#"):
            self.assertNotIn(raw, route)

    def test_the_http_session_is_closed_at_the_end_of_a_synchronization(self):
        self.emulator.reset(seed="demo")
        board = self.store_board(BOARD)
        self.fetch_and_tick(BOARD)
        sessions = []
        real_get_client = type(self.backend)._get_client

        def get_client(backend):
            client = real_get_client(backend)
            client.session = MagicMock(wraps=requests.Session())
            sessions.append(client.session)
            return client

        with patch.object(type(self.backend), "_get_client", get_client):
            self.env["trello.project.project"].import_board(self.backend, board["id"])
            self.backend.action_check_connection()
            self.backend.action_fetch_boards()
        self.assertEqual(len(sessions), 3, "one client per synchronization")
        for session in sessions:
            self.assertTrue(session.close.called)
        # A second synchronization gets a new, working client.
        card = self.store_cards(board["id"])[0]
        self.as_person("PUT", f"cards/{card['id']}", name="After the close")
        self.env["trello.project.project"].import_board(self.backend, board["id"])
        task = self.env["trello.project.task"].search(
            [("external_id", "=", card["id"])]
        )
        self.assertEqual(task.name, "After the close")


class TestPositions(HardeningCase):
    """Trello's ``pos`` is a double: its order survives the import (defect 11)."""

    POSITIONS = [3e-7, 1e-7, 2e-7, 2**47 + 1, 2**47, 2**47 + 0.5, 16384.25]

    def test_tiny_and_huge_positions_keep_trellos_order(self):
        lst = self.as_person(
            "POST", f"boards/{self.board['id']}/lists", name="Odd positions"
        )
        cards = []
        for number, pos in enumerate(self.POSITIONS):
            card = self.as_person(
                "POST", "cards", idList=lst["id"], name=f"Card {number}", pos=repr(pos)
            )
            self.assertEqual(self.emulator.store.cards[card["id"]]["pos"], pos)
            cards.append(self.emulator.store.cards[card["id"]])
        self._sync()
        tasks = self.env["trello.project.task"].search(
            [("external_id", "in", [c["id"] for c in cards])]
        )
        self.assertEqual(
            tasks.sorted("sequence").mapped("external_id"),
            [c["id"] for c in sorted(cards, key=lambda c: c["pos"])],
        )
        by_id = {task.external_id: task for task in tasks}
        for card in cards:
            self.assertEqual(by_id[card["id"]].trello_pos, card["pos"])

        # A move between two tiny positions is a change, and is imported.
        first = min(cards, key=lambda c: c["pos"])  # 1e-7
        self.as_person("PUT", f"cards/{first['id']}", pos=repr(2.5e-7))
        self._sync()
        self.assertEqual(by_id[first["id"]].trello_pos, 2.5e-7)
        self.assertEqual(
            tasks.sorted("sequence").mapped("external_id")[:3],
            [cards[2]["id"], first["id"], cards[0]["id"]],
        )


class TestSameSecondActions(HardeningCase):
    """Actions sharing a second are neither lost nor applied twice."""

    def _store_action(self, like, card, name, counter):
        """An ``updateCard`` renaming ``card``, dated like the action ``like``.

        ``counter`` sets the id's last part: a smaller one than ``like``'s
        is an action another Trello server stored in the same second.
        """
        store = self.emulator.store
        card.update(name=name, dateLastActivity=like["date"])
        action_id = like["id"][:14] + f"{counter:010x}"
        self.assertNotIn(action_id, store.actions)
        action = dict(
            like,
            id=action_id,
            type="updateCard",
            data=dict(store.card_context(card), old={"name": "before"}),
            _models=[card["idBoard"], card["id"]],
        )
        action["data"]["card"]["name"] = name
        store.actions[action_id] = action
        return action

    def test_same_second_actions_across_two_imports(self):
        self._sync()
        first, second, third = self._open_cards()[:3]
        renamed = self.as_person("PUT", f"cards/{first['id']}", name="First rename")
        checkpoint_action = next(
            a
            for a in self.emulator.store.actions.values()
            if a["type"] == "updateCard" and a["data"]["card"]["id"] == first["id"]
        )
        self.assertEqual(renamed["name"], "First rename")
        summary = self._sync()
        self.assertIn("1 change read in Trello", summary)
        binding = self._binding()
        self.assertEqual(binding.last_action_id, checkpoint_action["id"])
        counter = int(checkpoint_action["id"][14:], 16)

        # Two more actions in the checkpoint's second: one stored by another
        # server (a smaller id), one after it (a greater id).
        older = self._store_action(
            checkpoint_action, self.emulator.store.cards[second["id"]], "Older id", 0
        )
        newer = self._store_action(
            checkpoint_action,
            self.emulator.store.cards[third["id"]],
            "Newer id",
            counter + 1000,
        )
        summary = self._sync()
        self.assertIn(
            "2 changes read in Trello",
            summary,
            "the checkpoint's own action is skipped",
        )
        self.assertEqual(self.card_binding(second["id"]).name, "Older id")
        self.assertEqual(self.card_binding(third["id"]).name, "Newer id")
        self.assertEqual(binding.last_action_id, newer["id"])
        self.assertLess(older["id"], binding.last_action_id)

        # Nothing new: nothing applied again.
        self.emulator.reset_counters()
        summary = self._sync()
        self.assertIn("no change", summary)
        self.assertEqual(self.request_count(), 1)
        self.assertEqual(binding.last_action_id, newer["id"])

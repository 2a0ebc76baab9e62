# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Import paths the other tests leave out.

Many changed cards (read by pages, not by batches), a card moved to another
board, the ``import_comments`` and ``download_attachments`` options, and a
card moved to the top of its list (the order follows ``pos``, not the id).
"""

from ..components.board.trello_board_importer import BATCH_READ_LIMIT
from .common import TrelloCase

BOARD = "Website relaunch"
OTHER_BOARD = "Support"
CARDS_PAGE_ROUTE = "GET /1/boards/{id}/cards/{filter}"
BATCH_ROUTE = "GET /1/batch"
DOWNLOAD_ROUTE = "GET /1/cards/{id}/attachments/{idAttachment}/download/{fileName}"
COMMENTS_ROUTE = "GET /1/boards/{id}/actions"


class ImportCase(TrelloCase):
    """The demo seed, re-seeded before each test, the backend unconfigured."""

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.store_board(BOARD)

    def _sync(self, *board_names):
        self.fetch_and_tick(*board_names)
        self.backend.action_synchronize()

    def _project(self, board_name):
        return self.board_binding(self.store_board(board_name)["id"])

    def _card(self, name):
        return next(c for c in self.emulator.store.cards.values() if c["name"] == name)

    def _list(self, board, name):
        return next(
            lst
            for lst in self.emulator.store.board_lists(board["id"])
            if lst["name"] == name
        )

    def _column(self, board, list_name):
        """Task names of a list, in the order Odoo shows them."""
        stage = self.env["trello.project.task.type"].search(
            [("external_id", "=", self._list(board, list_name)["id"])]
        )
        return (
            self.env["trello.project.task"]
            .search(
                [
                    ("project_binding_id", "=", self._project(board["name"]).id),
                    ("stage_id", "=", stage.odoo_id.id),
                ]
            )
            .sorted(lambda t: (t.sequence, t.id))
            .mapped("name")
        )

    def _trello_column(self, board, list_name):
        """Card names of a list, in Trello's order (by pos)."""
        cards = self.emulator.store.list_cards(self._list(board, list_name)["id"])
        return [
            c["name"] for c in sorted(cards, key=lambda c: c["pos"]) if not c["closed"]
        ]


class TestManyChangedCards(ImportCase):
    """Past ``BATCH_READ_LIMIT`` changed cards, the board's cards are paged."""

    def test_more_changed_cards_than_the_batch_limit(self):
        self._sync(BOARD)
        store = self.emulator.store
        bob = self.emulator.other_member_id
        todo = self._list(self.board, "To Do")
        count = BATCH_READ_LIMIT + 5
        created = [
            store.create_card(bob, todo["id"], f"Bulk card {i:02d}", f"Bulk *{i}*")
            for i in range(count)
        ]
        renamed = self._card("Dark mode")
        self.as_person("PUT", f"cards/{renamed['id']}", name="Dark mode, renamed")
        deleted = self._card("Cookie banner")
        self.as_person("DELETE", f"cards/{deleted['id']}")
        self.emulator.reset_counters()

        self.backend.action_synchronize()

        routes = self.emulator.counters()["by_route"]
        self.assertEqual(routes.get(CARDS_PAGE_ROUTE), 1, routes)
        self.assertNotIn(BATCH_ROUTE, routes)
        for card in created:
            task = self.card_binding(card["id"])
            self.assertEqual(task.name, card["name"])
            self.assertEqual(task.trello_desc, card["desc"])
            self.assertEqual(task.stage_id.name, "To Do")
            self.assertTrue(task.active)
        self.assertEqual(self.card_binding(renamed["id"]).name, "Dark mode, renamed")
        gone = self.card_binding(deleted["id"])
        self.assertTrue(gone.trello_deleted)
        self.assertFalse(gone.active)
        self.assertEqual(
            self._column(self.board, "To Do"), self._trello_column(self.board, "To Do")
        )
        self.assertEqual(
            self.env["trello.project.task"].search_count(
                [("project_binding_id", "=", self._project(BOARD).id)]
            ),
            len([c for c in self.store_cards(self.board["id"]) if not c["closed"]]),
        )


class TestCardMovedToAnotherBoard(ImportCase):
    """A card moved to another board leaves its project."""

    def _move(self, card_name, board_name, list_name):
        card = self._card(card_name)
        board = self.store_board(board_name)
        self.as_person(
            "PUT",
            f"cards/{card['id']}",
            idBoard=board["id"],
            idList=self._list(board, list_name)["id"],
        )
        return card

    def test_moved_to_a_board_not_synchronized(self):
        self._sync(BOARD)
        card = self._move("Dark mode", OTHER_BOARD, "New")
        task = self.card_binding(card["id"])
        self.assertTrue(task.active)

        self.backend.action_synchronize()

        self.assertTrue(task.exists(), "nothing is unlinked")
        self.assertTrue(task.trello_deleted)
        self.assertFalse(task.active)
        self.assertEqual(task.project_id, self._project(BOARD).odoo_id)

    def test_moved_to_a_synchronized_board(self):
        self._sync(BOARD, OTHER_BOARD)
        card = self._move("Dark mode", OTHER_BOARD, "New")

        self.backend.action_synchronize()

        task = self.card_binding(card["id"])
        self.assertEqual(len(task), 1, "one binding, moved with the card")
        self.assertEqual(task.project_id, self._project(OTHER_BOARD).odoo_id)
        self.assertEqual(task.project_binding_id, self._project(OTHER_BOARD))
        self.assertEqual(task.stage_id.name, "New")
        self.assertTrue(task.active)
        self.assertFalse(task.trello_deleted)
        # The labels of the old board are dropped by Trello: so are the tags.
        self.assertFalse(task.tag_ids)


class TestImportOptions(ImportCase):
    def test_comments_not_imported(self):
        self.backend.import_comments = False
        self._sync(BOARD)
        card = self._card("New hero banner")
        self.as_person("POST", f"cards/{card['id']}/actions/comments", text="Later")
        self.as_person("PUT", f"cards/{card['id']}", name="Hero banner, renamed")
        self.backend.action_synchronize()

        task = self.card_binding(card["id"])
        self.assertEqual(task.name, "Hero banner, renamed")
        self.assertFalse(
            self.env["trello.mail.message"].search(
                [("backend_id", "=", self.backend.id)]
            )
        )
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "project.task"),
                    (
                        "res_id",
                        "in",
                        self.env["trello.project.task"]
                        .search([("backend_id", "=", self.backend.id)])
                        .odoo_id.ids,
                    ),
                    ("message_type", "=", "comment"),
                ]
            )
        )
        routes = self.emulator.counters()["by_route"]
        # The full import reads no comment page: one actions read in all
        # (the incremental import's).
        self.assertEqual(routes.get(COMMENTS_ROUTE), 1, routes)

    def test_comments_imported_by_default(self):
        self.assertTrue(self.backend.import_comments)
        self._sync(BOARD)
        self.assertEqual(
            sorted(
                self.env["trello.mail.message"]
                .search([("backend_id", "=", self.backend.id)])
                .mapped("trello_text")
            ),
            sorted(
                a["data"]["text"]
                for a in self.emulator.store.actions.values()
                if a["type"] == "commentCard" and a["_idBoard"] == self.board["id"]
            ),
        )

    def test_attachments_not_downloaded(self):
        self.backend.download_attachments = False
        self._sync(BOARD)
        upload = self.env["trello.ir.attachment"].search(
            [("backend_id", "=", self.backend.id), ("trello_is_upload", "=", True)]
        )
        stored = self.emulator.store.attachments[upload.external_id]
        self.assertEqual(upload.name, "notes.txt")
        self.assertEqual(upload.type, "url")
        self.assertEqual(upload.url, stored["url"])
        self.assertFalse(upload.raw)
        self.assertEqual(upload.trello_bytes, len(stored["_content"]))
        self.assertNotIn(DOWNLOAD_ROUTE, self.emulator.counters()["by_route"])


class TestCardOrderFollowsPos(ImportCase):
    """A card moved to the top of its list comes first in Odoo too.

    In the demo seed the ``pos`` order of each list equals the creation
    order (the id order): a card moved up is what tells them apart.
    """

    def _move_to_top(self, name):
        card = self._card(name)
        self.as_person("PUT", f"cards/{card['id']}", pos="top")
        lst = self.emulator.store.lists[card["idList"]]
        self.assertEqual(self._trello_column(self.board, lst["name"])[0], name)
        return lst["name"]

    def test_moved_to_top_then_imported_incrementally(self):
        self._sync(BOARD)
        self.assertEqual(
            self._column(self.board, "Backlog"),
            ["SEO migration plan", "Dark mode", "Cookie banner"],
        )
        list_name = self._move_to_top("Cookie banner")
        self.backend.action_synchronize()
        self.assertEqual(
            self._column(self.board, list_name),
            ["Cookie banner", "SEO migration plan", "Dark mode"],
        )

    def test_moved_to_top_then_imported_in_full(self):
        self._move_to_top("Cookie banner")
        self._move_to_top("Image compression pipeline")
        self._sync(BOARD)
        self.assertEqual(
            self._column(self.board, "Backlog"),
            ["Cookie banner", "SEO migration plan", "Dark mode"],
        )
        for list_name in ("Backlog", "To Do", "Doing", "Review", "Done"):
            self.assertEqual(
                self._column(self.board, list_name),
                self._trello_column(self.board, list_name),
                list_name,
            )
        self.assertEqual(
            self._column(self.board, "Doing")[0], "Image compression pipeline"
        )

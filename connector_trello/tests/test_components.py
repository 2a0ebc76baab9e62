# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from unittest.mock import patch

from odoo.addons.connector.exception import InvalidDataError
from odoo.addons.queue_job.tests.common import trap_jobs

from ..client import TrelloClient
from ..tools import (
    id_to_datetime,
    markdown_to_html,
    odoo_color,
    parse_trello_datetime,
)
from .common import TrelloCase

BOARD = "Website relaunch"


class TestTools(TrelloCase):
    emulator_seed = "empty"

    def test_colour_table(self):
        self.assertEqual(odoo_color("red"), 1)
        self.assertEqual(odoo_color("green_dark"), 10)
        self.assertEqual(odoo_color("sky_light"), 4)
        # colour 0 is invisible on kanban cards: colourless labels are almond
        self.assertEqual(odoo_color(None), 6)
        self.assertEqual(odoo_color("not-a-colour"), 6)

    def test_dates(self):
        self.assertEqual(
            parse_trello_datetime("2025-01-06T09:30:15.901Z"),
            datetime(2025, 1, 6, 9, 30, 15),
        )
        self.assertFalse(parse_trello_datetime(None))
        self.assertEqual(
            id_to_datetime("677b9b945e7a1c0000000004"), datetime(2025, 1, 6, 9, 0, 4)
        )

    def test_markdown(self):
        html = markdown_to_html("# Title\n\n- **one**\n- [two](https://example.com)")
        self.assertIn("<h1>Title</h1>", html)
        self.assertIn("<strong>one</strong>", html)
        self.assertIn('href="https://example.com"', html)
        self.assertNotIn(
            "<script", markdown_to_html("<script>alert(1)</script> *hi*") or ""
        )
        self.assertFalse(markdown_to_html(""))


class TestMappersAndOptions(TrelloCase):
    """Mappers on Trello data, and the backend's import options."""

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.board = self.store_board(BOARD)
        self.fetch_and_tick(BOARD)

    def _map(self, model, record, **options):
        with self.backend.work_on(model) as work:
            mapper = work.component(usage="import.mapper")
            return mapper.map_record(record).values(for_create=True, **options)

    def test_label_mapper_names_nameless_labels_after_their_colour(self):
        values = self._map(
            "trello.project.tags",
            {"id": "a" * 24, "name": "", "color": "sky", "idBoard": "b" * 24},
            project_binding=self.env["trello.project.project"],
        )
        self.assertEqual(values["name"], "sky")
        self.assertEqual(values["color"], 4)
        self.assertEqual(values["trello_color"], "sky")

    def test_card_mapper(self):
        self.backend.action_synchronize()
        binding = self.env["trello.project.project"].search(
            [("external_id", "=", self.board["id"])]
        )
        card = next(c for c in self.store_cards(self.board["id"]) if c["idLabels"])
        values = self._map(
            "trello.project.task",
            dict(card, due="2025-02-01T10:00:00.000Z", dueComplete=True, closed=True),
            project_binding=binding,
            binding=None,
        )
        self.assertEqual(values["name"], card["name"])
        self.assertEqual(values["date_deadline"], datetime(2025, 2, 1, 10, 0))
        # by default the task stays open and shows the due as complete
        self.assertTrue(values["trello_due_complete"])
        self.assertEqual(values["state"], "01_in_progress")
        self.assertFalse(values["active"])
        self.assertEqual(values["project_id"], binding.odoo_id.id)
        tags = self.env["trello.project.tags"].search(
            [("external_id", "in", card["idLabels"])]
        )
        self.assertEqual(len(tags), len(card["idLabels"]))
        self.assertEqual(sorted(values["tag_ids"][0][2]), sorted(tags.odoo_id.ids))

    def test_archived_cards_are_skipped_unless_asked(self):
        self.backend.import_archived_cards = False
        self.backend.action_synchronize()
        archived = [c for c in self.store_cards(self.board["id"]) if c["closed"]]
        self.assertEqual([c["name"] for c in archived], ["Flash intro animation"])
        bound = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("external_id", "in", [c["id"] for c in archived])])
        )
        self.assertFalse(bound)

    def test_cards_created_before_the_cutoff_are_skipped(self):
        self.backend.import_cards_since = date(2030, 1, 1)
        self.backend.action_synchronize()
        self.assertFalse(
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search([("backend_id", "=", self.backend.id)])
        )
        # The board, its lists and labels are still imported.
        self.assertEqual(self.backend.project_binding_ids.name, BOARD)
        self.assertEqual(
            sorted(self.backend.project_binding_ids.odoo_id.type_ids.mapped("name")),
            sorted(["Backlog", "To Do", "Doing", "Review", "Done"]),
        )

    def test_uploads_are_downloaded_and_links_kept(self):
        self.backend.action_synchronize()
        attachments = self.env["trello.ir.attachment"].search(
            [("backend_id", "=", self.backend.id)]
        )
        store = self.emulator.store
        upload = attachments.filtered("trello_is_upload")
        link = attachments - upload
        self.assertEqual(len(upload), 1)
        stored = store.attachments[upload.external_id]
        self.assertEqual(upload.type, "binary")
        self.assertEqual(upload.raw, b"Hero banner notes\n- 1920x600\n")
        self.assertEqual(upload.raw, stored["_content"])
        self.assertEqual(upload.name, "notes.txt")
        self.assertEqual(upload.mimetype, "text/plain")
        self.assertEqual(upload.res_model, "project.task")
        self.assertEqual(
            upload.res_id,
            self.env["trello.project.task"]
            .search([("external_id", "=", stored["_idCard"])])
            .odoo_id.id,
        )
        self.assertEqual(len(link), 1)
        self.assertEqual(link.type, "url")
        self.assertEqual(link.name, "Navigation mockup")
        self.assertEqual(link.url, "https://example.com/navigation-mockup.pdf")

    def test_uploads_over_the_cap_stay_links(self):
        self.backend.attachment_max_size = 0
        self.backend.action_synchronize()
        upload = self.env["trello.ir.attachment"].search(
            [("backend_id", "=", self.backend.id), ("trello_is_upload", "=", True)]
        )
        self.assertEqual(upload.type, "url")
        self.assertFalse(upload.raw)
        self.assertEqual(
            upload.url, self.emulator.store.attachments[upload.external_id]["url"]
        )
        self.assertNotIn(
            "GET /1/cards/{id}/attachments/{idAttachment}/download/{fileName}",
            self.emulator.counters()["by_route"],
        )

    def test_deleter_archives_and_never_unlinks(self):
        self.backend.action_synchronize()
        task = self.env["trello.project.task"].search(
            [("backend_id", "=", self.backend.id)], limit=1
        )
        result = self.env["trello.project.task"].delete_record(
            self.backend, task.external_id
        )
        self.assertEqual(result, "Deleted in Trello: archived.")
        self.assertTrue(task.exists())
        self.assertFalse(task.active)
        self.assertTrue(task.trello_deleted)

    def test_jobs_take_the_backend_first_and_the_external_id_second(self):
        with trap_jobs() as trap:
            self.env["trello.project.project"].with_delay().import_board(
                self.backend, self.board["id"]
            )
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(
                self.env["trello.project.project"].import_board,
                args=(self.backend, self.board["id"]),
            )
            trap.perform_enqueued_jobs()
        self.assertEqual(
            sorted(
                self.env["trello.project.task"]
                .search([("backend_id", "=", self.backend.id)])
                .mapped("name")
            ),
            sorted(
                c["name"] for c in self.store_cards(self.board["id"]) if not c["closed"]
            ),
        )
        card = self.store_cards(self.board["id"])[0]
        self.as_person("PUT", f"cards/{card['id']}", name="Renamed, then delayed")
        with trap_jobs() as trap:
            self.env["trello.project.task"].with_delay().import_record(
                self.backend, card["id"]
            )
            trap.assert_enqueued_job(
                self.env["trello.project.task"].import_record,
                args=(self.backend, card["id"]),
            )
            trap.perform_enqueued_jobs()
        task = self.env["trello.project.task"].search(
            [("external_id", "=", card["id"])]
        )
        self.assertEqual(task.name, "Renamed, then delayed")

    def test_synchronizing_a_board_gone_from_trello_says_so(self):
        store = self.emulator.store
        store.delete_board(self.emulator.member_id, store.boards[self.board["id"]])
        result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertRegex(result["params"]["message"], "no longer has it")

    def test_malformed_data_is_refused_with_a_clear_error(self):
        with self.assertRaisesRegex(InvalidDataError, "malformed Trello Card"):
            self.env["trello.project.task"].import_record(
                self.backend, "a" * 24, data=["not", "a", "card"]
            )

        def garbage_pages(client, path, since=None, **params):
            yield {"name": "a card without an id"}

        with patch.object(TrelloClient, "paged", garbage_pages):
            result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertRegex(result["params"]["message"], "malformed object")

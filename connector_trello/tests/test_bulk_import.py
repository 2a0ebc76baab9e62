# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bulk importer gives what the record importer gives, field by field.

Two backends read the same emulated board: one imports it through the board
importer as it is (pages through ``trello.bulk.importer``), the other with
the bulk importer replaced by the record importer run once per object (the
importer of one object, as ``import_record()`` uses it). Every stored field
of every task, sub-task, note and attachment is compared, through Trello ids
and names (the Odoo ids differ between the two).
"""

from unittest.mock import patch

from odoo import fields
from odoo.tools import mute_logger

from .. import usage
from ..components.board import trello_board_importer as board_importer
from ..components.trello_bulk_importer import TrelloBulkImporter
from .common import DEFAULT_KEY, DEFAULT_SECRET, DEFAULT_TOKEN, TrelloCase
from .common_export import TrelloExportCase

BOARD = "Website relaunch"

TASK_FIELDS = [
    "name",
    "description",
    "active",
    "state",
    "date_deadline",
    "stage_id",
    "tag_ids",
    "user_ids",
    "project_id",
    "company_id",
    "display_in_project",
    "priority",
    "trello_pos",
    "trello_date_last_activity",
    "trello_synced_values",
    "trello_deleted",
]
CARD_FIELDS = TASK_FIELDS + ["trello_desc", "trello_url", "planned_date_begin"]
CHECKITEM_FIELDS = TASK_FIELDS + ["checklist_external_id", "checklist_name"]
MESSAGE_FIELDS = [
    "body",
    "date",
    "author_id",
    "email_from",
    "model",
    "message_type",
    "subtype_id",
    "record_name",
    "trello_text",
    "trello_member_id",
    "trello_date_last_activity",
]
ATTACHMENT_FIELDS = [
    "name",
    "type",
    "url",
    "mimetype",
    "checksum",
    "res_model",
    "trello_is_upload",
    "trello_bytes",
    "trello_download_url",
    "trello_synced_values",
]


def one_by_one(self, records_options, force=False):
    """``run_page`` as the record importer: one object at a time."""
    importer = self.component(usage=usage.RECORD_IMPORTER)
    for record, options in records_options:
        importer.run(record["id"], force=force, data=record, **options)
    return []


class TestBulkImport(TrelloCase):
    maxDiff = None

    def setUp(self):
        super().setUp()
        self.emulator.reset(seed="demo")
        self.backend.import_archived_cards = True
        self.board = self.store_board(BOARD)
        self.other = self.env["trello.backend"].create(
            {
                "name": "Same Trello, record importer",
                "api_url": self.emulator.api_url,
                "api_key": DEFAULT_KEY,
                "api_token": DEFAULT_TOKEN,
                "api_secret": DEFAULT_SECRET,
            }
        )
        self.other.import_archived_cards = True
        # alice maps to her verified e-mail's user; bob (by login) and
        # carol (by name) are suggested.
        self.env["res.users"].create(
            [
                {"name": "Alice M.", "login": "alice@example.com"},
                {"name": "Robert L.", "login": "bob", "email": "robert@example.com"},
                {"name": "Carol Diaz", "login": "carol.d", "email": "cd@example.com"},
            ]
        )

    def _sync(self, backend, batched):
        backend.action_check_connection()
        backend.action_fetch_boards()
        backend.board_ids.filtered(lambda b: b.name == BOARD).synchronize = True
        # Both backends import the same board on purpose (the comparison):
        # import it directly, as Synchronize refuses a board another backend
        # already synchronizes.
        model = self.env["trello.project.project"]
        if batched:
            model.import_board(backend, self.board["id"])
            return
        with patch.object(TrelloBulkImporter, "run_page", one_by_one):
            model.import_board(backend, self.board["id"])

    def _import_board(self, backend, batched):
        binding = self.env["trello.project.project"].search(
            [("backend_id", "=", backend.id), ("external_id", "=", self.board["id"])]
        )
        model = self.env["trello.project.project"]
        if batched:
            model.import_board(backend, binding.external_id, full=True)
            return
        with patch.object(TrelloBulkImporter, "run_page", one_by_one):
            model.import_board(backend, binding.external_id, full=True)

    @staticmethod
    def _value(record, name):
        value = record[name]
        field = record._fields[name]
        if field.type == "many2one":
            return value.display_name or False
        if field.type in ("many2many", "one2many"):
            return sorted(value.mapped("display_name"))
        return value

    @staticmethod
    def _rank(record):
        """The task's place among its siblings as Odoo shows them: the
        sparse ``sequence`` numbers depend on the path, the order does not."""
        task = record.odoo_id
        siblings = (
            task.with_context(active_test=False)
            .search(
                [
                    ("project_id", "=", task.project_id.id),
                    ("stage_id", "=", task.stage_id.id),
                    ("parent_id", "=", task.parent_id.id),
                ]
            )
            .sorted(lambda t: (t.sequence, -t.id))
        )
        return siblings.ids.index(task.id)

    def _records(self, backend, model, fields):
        records = (
            self.env[model]
            .with_context(active_test=False)
            .search([("backend_id", "=", backend.id)])
        )
        result = {}
        for record in records:
            values = {name: self._value(record, name) for name in fields}
            if record.odoo_id._name == "project.task":
                values["rank"] = self._rank(record)
            if "card_binding_id" in record._fields:
                values["card"] = record.card_binding_id.external_id
            task = record.odoo_id
            if task._name == "project.task":
                values["parent"] = task.parent_id.name or False
                values["followers"] = sorted(
                    (f.partner_id.name, sorted(f.subtype_ids.mapped("name")))
                    for f in task.message_follower_ids
                )
                values["messages"] = len(task.message_ids)
            result[record.external_id] = values
        return result

    def _snapshot(self, backend):
        self.env.flush_all()
        self.env.invalidate_all()
        return {
            "cards": self._records(backend, "trello.project.task", CARD_FIELDS),
            "items": self._records(backend, "trello.checkitem", CHECKITEM_FIELDS),
            "notes": self._records(backend, "trello.mail.message", MESSAGE_FIELDS),
            "files": self._records(backend, "trello.ir.attachment", ATTACHMENT_FIELDS),
        }

    def _assert_same(self, batched, one_by_one_):
        for kind, records in one_by_one_.items():
            self.assertTrue(records, f"the demo board has {kind}")
            self.assertEqual(sorted(batched[kind]), sorted(records), kind)
            for external_id, values in records.items():
                self.assertEqual(batched[kind][external_id], values, external_id)

    def test_full_import_gives_the_record_importers_result(self):
        self._sync(self.backend, batched=True)
        self._sync(self.other, batched=False)
        batched = self._snapshot(self.backend)
        self._assert_same(batched, self._snapshot(self.other))
        # the batch subscribes followers page by page: tasks and sub-tasks
        # have the ones a create task by task gives
        for kind in ("cards", "items"):
            self.assertTrue(
                all(values["followers"] for values in batched[kind].values()), kind
            )

    @mute_logger("odoo.addons.connector_trello.components.trello_importer")
    def test_page_of_existing_changed_and_new_cards(self):
        self._sync(self.backend, batched=True)
        self._sync(self.other, batched=False)
        cards = [c for c in self.store_cards(self.board["id"]) if not c["closed"]]
        renamed, described, completed, moved = cards[:4]
        other_list = next(
            lst["id"]
            for lst in self.emulator.store.lists.values()
            if lst["idBoard"] == self.board["id"] and lst["id"] != moved["idList"]
        )
        self.as_person("PUT", f"cards/{renamed['id']}", name="Renamed")
        self.as_person("PUT", f"cards/{described['id']}", desc="Now **bold**")
        self.as_person(
            "PUT",
            f"cards/{completed['id']}",
            due="2026-03-01T10:00:00.000Z",
            dueComplete="true",
        )
        self.as_person("PUT", f"cards/{moved['id']}", idList=other_list)
        new = self.as_person("POST", "cards", idList=other_list, name="New card")
        checklist = self.as_person("POST", f"cards/{new['id']}/checklists", name="CL")
        self.as_person("POST", f"checklists/{checklist['id']}/checkItems", name="One")
        self.as_person(
            "POST",
            f"cards/{renamed['id']}/attachments",
            url="https://example.com/spec",
            name="Spec",
        )
        self._import_board(self.backend, batched=True)
        self._import_board(self.other, batched=False)
        batched = self._snapshot(self.backend)
        self._assert_same(batched, self._snapshot(self.other))
        self.assertEqual(batched["cards"][renamed["id"]]["name"], "Renamed")
        # Due complete keeps the task open (the backend's default) and says so.
        self.assertEqual(batched["cards"][completed["id"]]["state"], "01_in_progress")
        completed_task = self.env["trello.project.task"].search(
            [
                ("backend_id", "=", self.backend.id),
                ("external_id", "=", completed["id"]),
            ]
        )
        self.assertTrue(completed_task.trello_due_complete)
        items = batched["items"].values()
        self.assertEqual([v["name"] for v in items if v["card"] == new["id"]], ["One"])
        files = batched["files"].values()
        self.assertIn("Spec", [v["name"] for v in files if v["card"] == renamed["id"]])

        # Again: nothing changed in Trello, nothing is written.
        self.env.flush_all()
        tables = ["project_task", "trello_project_task", "trello_checkitem"]
        tables += ["trello_mail_message", "trello_ir_attachment"]
        for table in tables:
            # pylint: disable=sql-injection
            self.env.cr.execute(f"UPDATE {table} SET write_date = '2000-01-01'")
        messages = self.env["mail.message"].search_count([])
        self.env.invalidate_all()
        self._import_board(self.backend, batched=True)
        self.env.flush_all()
        for table in tables:
            self.env.cr.execute(  # pylint: disable=sql-injection
                f"SELECT count(*) FROM {table} WHERE write_date != '2000-01-01'"
            )
            self.assertEqual(self.env.cr.fetchone()[0], 0, f"{table} was written")
        self.assertEqual(self.env["mail.message"].search_count([]), messages)

    def test_incremental_import_of_many_changed_cards(self):
        """Past the batch-read limit, the changed cards come by card pages."""
        self._sync(self.backend, batched=True)
        self._sync(self.other, batched=False)
        cards = [c for c in self.store_cards(self.board["id"]) if not c["closed"]]
        for number, card in enumerate(cards[:3]):
            self.as_person("PUT", f"cards/{card['id']}", name=f"Changed {number}")
        gone = cards[3]
        self.as_person("DELETE", f"cards/{gone['id']}")
        new = self.as_person("POST", "cards", idList=cards[0]["idList"], name="New")
        # Three changed cards are "many" here: read by pages, batched.
        with patch.object(board_importer, "BATCH_READ_LIMIT", 2):
            self.emulator.reset_counters()
            self.env["trello.project.project"].import_board(
                self.backend, self.board["id"]
            )
            by_route = self.emulator.counters()["by_route"]
            self._sync(self.other, batched=False)
        self.assertEqual(by_route.get("GET /1/boards/{id}/cards/{filter}"), 1)
        batched = self._snapshot(self.backend)
        self._assert_same(batched, self._snapshot(self.other))
        self.assertEqual(batched["cards"][cards[0]["id"]]["name"], "Changed 0")
        self.assertEqual(batched["cards"][new["id"]]["name"], "New")
        self.assertTrue(batched["cards"][gone["id"]]["trello_deleted"])


class TestBulkImportKeepsOdooChanges(TrelloExportCase):
    """A page of cards honours Odoo's changes as one card's import does.

    A card whose task Odoo changed since the last sync goes through the
    record importer: the field changed in Odoo alone is kept and sent to
    Trello, a conflict follows the backend's policy with its note.
    """

    def setUp(self):
        super().setUp()
        self.card = self.card_named("Rework the navigation")
        self.task = self.card_binding(self.card["id"]).odoo_id
        self.other_card = self.card_named("New hero banner")

    def _edit_both_sides(self):
        self.task.date_deadline = fields.Datetime.to_datetime("2025-04-01 08:00:00")
        self.task.name = "Name from Odoo"
        self.env.flush_all()
        for card, name in ((self.card, "Name from Trello"), (self.other_card, "B")):
            self.as_person("PUT", f"cards/{card['id']}", name=name)

    def _assert_odoo_kept(self):
        self.assertEqual(self.task.name, "Name from Odoo")
        self.assertEqual(
            self.task.date_deadline, fields.Datetime.to_datetime("2025-04-01 08:00:00")
        )
        card = self.store_card(self.card["id"])
        self.assertEqual(card["name"], "Name from Odoo")
        self.assertEqual(str(card["due"])[:19], "2025-04-01T08:00:00")
        notes = self.notes(self.task)
        self.assertEqual(len(notes), 1, notes.mapped("body"))
        self.assertIn("value Name from Trello was overwritten", notes.body)
        # The other card of the page, unchanged in Odoo, took Trello's name.
        self.assertEqual(self.task_named("B").name, "B")

    def test_full_import_keeps_odoo_changes(self):
        self.backend.conflict_policy = "odoo"
        self._edit_both_sides()
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=True
        )
        self._assert_odoo_kept()
        self.sync_writes_nothing(self.task)

    def test_incremental_page_import_keeps_odoo_changes(self):
        self.backend.conflict_policy = "odoo"
        self._edit_both_sides()
        with patch.object(board_importer, "BATCH_READ_LIMIT", 1):
            self.backend.action_synchronize()
        self._assert_odoo_kept()

    def _bulk_import_renamed_card(self):
        """The other card, renamed, through the card bulk importer."""
        card = {
            "id": self.other_card["id"],
            "name": "B",
            "idBoard": self.board["id"],
            "idList": self.other_card["idList"],
            "dateLastActivity": "2099-01-01T00:00:00.000Z",
        }
        with self.backend._work_on_trello("trello.project.task") as work:
            importer = work.component(usage=usage.BULK_IMPORTER)
            return importer.run([card], project_binding=self.binding)

    def test_export_only_backend_imports_nothing(self):
        binding = self.card_binding(self.other_card["id"])
        self.backend.sync_direction = "export"
        self.assertEqual(self._bulk_import_renamed_card(), [self.other_card["id"]])
        self.assertEqual(binding.name, "New hero banner")
        self.backend.sync_direction = "import"
        self._bulk_import_renamed_card()
        self.assertEqual(binding.name, "B")

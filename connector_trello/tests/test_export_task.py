# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import Command, fields

from .. import usage
from ..components import trello_project_task_exporter
from ..tools import same_trello_value
from .common_export import TrelloExportCase


class TestExportTask(TrelloExportCase):
    """Task -> card: each field, creation, move, archive, unlink."""

    def test_nothing_changed_costs_nothing(self):
        task = self.task_named("New hero banner")
        self.assertEqual(task.trello_export(), ["Nothing to export."])
        self.assertEqual(self.request_count(), 0)

    def test_export_mapper_gives_back_each_imported_value(self):
        bindings = self.env["trello.project.task"].search(
            [("project_binding_id", "=", self.binding.id)]
        )
        self.assertGreaterEqual(len(bindings), 5)
        with self.backend._work_on_trello("trello.project.task") as work:
            mapper = work.component(usage=usage.EXPORT_MAPPER)
            for binding in bindings:
                values = mapper.map_record(binding).values()
                synced = binding._get_synced_values()
                custom = {k for k in values if k.startswith("customField:")}
                self.assertEqual(len(custom), 5)  # the demo board's fields
                self.assertEqual(
                    set(values) - custom,
                    {"name", "desc", "idList", "idLabels", "idMembers", "due"}
                    | {"start", "dueComplete", "closed", "pos"},
                )
                for key, value in values.items():
                    self.assertTrue(
                        same_trello_value(key, value, synced[key]),
                        (binding.name, key, value, synced[key]),
                    )

    def test_many_cards_are_read_in_one_request(self):
        """One read of the board's open cards for the conflict checks (one
        request per 10 cards on a board of 1,000 open cards or more), one
        ``PUT`` per card; a card the board's read lacks is read alone."""
        bindings = self.env["trello.project.task"].search(
            [("project_binding_id", "=", self.binding.id), ("active", "=", True)],
            limit=12,
        )
        self.assertEqual(len(bindings), 11)
        cases = (
            (len(bindings), {"GET /1/batch": 2}),
            (1000, {"GET /1/boards/{id}/cards": 1, "GET /1/cards/{id}": 1}),
        )
        for board_max, reads in cases:
            with self.subTest(board_max=board_max):
                if board_max == 1000:
                    # archived in Trello: not in the board's open cards
                    self.store_card(bindings[-1].external_id)["closed"] = True
                for binding in bindings:
                    binding.odoo_id.name = f"{binding.name} ({board_max})"
                self.emulator.reset_counters()
                with patch.object(
                    trello_project_task_exporter, "BOARD_READ_MAX", board_max
                ):
                    bindings.odoo_id.trello_export()
                self.assertEqual(
                    self.emulator.counters()["by_route"],
                    dict(reads, **{"PUT /1/cards/{id}": len(bindings)}),
                )
                for binding in bindings:
                    card = self.store_card(binding.external_id)
                    self.assertEqual(card["name"], binding.name)

    def test_a_429_item_of_the_batch_read_is_read_again_not_missing(self):
        """A card the batch answered 429 for is read alone, and exported
        (the batch: a board of 1,000 open cards or more)."""
        bindings = self.env["trello.project.task"].search(
            [("project_binding_id", "=", self.binding.id), ("active", "=", True)],
            limit=3,
        )
        for binding in bindings:
            binding.odoo_id.name = f"{binding.name} (throttled)"
        throttled = bindings[0].external_id
        app = self.emulator.app
        real = app.dispatch_internal

        def dispatch(call, url):
            if url.startswith(f"/cards/{throttled}"):
                return 429, {"error": "API_TOKEN_LIMIT_EXCEEDED"}
            return real(call, url)

        self.emulator.reset_counters()
        with (
            patch.object(app, "dispatch_internal", dispatch),
            patch.object(trello_project_task_exporter, "BOARD_READ_MAX", 1),
        ):
            results = bindings.odoo_id.trello_export()
        self.assertEqual(len(results), 3)
        self.assertTrue(all(r.startswith("Exported to Trello") for r in results))
        # the batch, the throttled card read alone, one PUT per card
        self.assertEqual(self.request_count(), 1 + 1 + 3)
        for binding in bindings:
            self.assertFalse(binding.trello_deleted)
            self.assertEqual(self.store_card(binding.external_id)["name"], binding.name)

    def test_fields_reach_the_card_in_a_put_and_one_request_per_list_element(self):
        """The read, one ``PUT`` of the fields, one ``POST`` per label and
        member added (never the whole lists: see ``test_list_race``)."""
        alice = self.map_member("alice")
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        seo_tag = self.env["project.tags"].search([("name", "=", "SEO")])
        task.write(
            {
                "name": "Rework the main navigation",
                "description": "<p>Keep it <strong>short</strong>.</p>",
                "date_deadline": fields.Datetime.to_datetime("2025-02-14 16:30:00"),
                "trello_due_complete": True,
                "tag_ids": [Command.link(seo_tag.id)],
                "user_ids": [Command.link(alice.id)],
            }
        )
        self.emulator.reset_counters()
        task.trello_export()
        self.assertEqual(
            self.emulator.counters()["by_route"],
            {
                "GET /1/cards/{id}": 1,
                "PUT /1/cards/{id}": 1,
                "POST /1/cards/{id}/idLabels": 1,
                "POST /1/cards/{id}/idMembers": 1,
            },
        )
        card = self.store_card(card["id"])
        self.assertEqual(card["name"], "Rework the main navigation")
        self.assertEqual(card["desc"], "Keep it **short**.")
        self.assertEqual(str(card["due"])[:19], "2025-02-14T16:30:00")
        self.assertTrue(card["dueComplete"])
        seo_label = self.env["trello.project.tags"].search(
            [("project_binding_id", "=", self.binding.id), ("name", "=", "SEO")]
        )
        self.assertIn(seo_label.external_id, card["idLabels"])
        self.assertEqual(
            set(card["idMembers"]),
            {self.member("alice").external_id, self.member("bob").external_id},
            "bob (no Odoo user) stays on the card",
        )
        self.assertEqual(self.notes(task), self.env["mail.message"])
        self.sync_writes_nothing(task)
        self.assertEqual(task.name, "Rework the main navigation")

    def test_unassigning_a_mapped_user_removes_the_member(self):
        alice = self.map_member("alice")
        card = self.card_named("New hero banner")
        task = self.card_binding(card["id"]).odoo_id
        self.assertIn(alice, task.user_ids)
        task.user_ids = [Command.unlink(alice.id)]
        task.trello_export()
        self.assertEqual(
            self.store_card(card["id"])["idMembers"], [self.member("bob").external_id]
        )

    def test_clearing_the_deadline_clears_due(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        task.date_deadline = False
        task.trello_export()
        self.assertIsNone(self.store_card(card["id"])["due"])
        self.sync_writes_nothing(task)

    def test_move_to_another_stage_is_one_put(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        done = self.stage_named("Done")
        task.write({"stage_id": done.id, "name": "Navigation reworked"})
        self.emulator.reset_counters()
        task.trello_export()
        counters = self.emulator.counters()
        self.assertEqual(counters["total"], 2, counters)
        card = self.store_card(card["id"])
        self.assertEqual(card["idList"], self.list_named("Done")["id"])
        self.assertEqual(card["name"], "Navigation reworked")
        self.sync_writes_nothing(task)
        self.assertEqual(task.stage_id, done)

    def test_reorder_places_between_neighbours(self):
        done = self.list_named("Done")
        cards = sorted(
            (
                c
                for c in self.store_cards(self.board["id"])
                if c["idList"] == done["id"]
            ),
            key=lambda c: c["pos"],
        )
        self.assertGreaterEqual(len(cards), 2)
        first, last = cards[0], cards[-1]
        before = {c["id"]: c["pos"] for c in cards}
        last_task = self.card_binding(last["id"]).odoo_id
        # first in Odoo's order (the import's numbers are sparse, not 1..n)
        last_task.sequence = (
            min(self.card_binding(c["id"]).odoo_id.sequence for c in cards) - 1
        )
        last_task.trello_export()
        pos = self.store_card(last["id"])["pos"]
        self.assertLess(pos, before[first["id"]])
        self.assertGreater(pos, 0)
        for other in cards[:-1]:
            self.assertEqual(self.store_card(other["id"])["pos"], before[other["id"]])

    def test_archive_and_restore(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        task.active = False
        task.trello_export()
        self.assertTrue(self.store_card(card["id"])["closed"])
        task.active = True
        task.trello_export()
        self.assertFalse(self.store_card(card["id"])["closed"])

    def test_new_task_creates_a_card_in_its_list(self):
        review = self.stage_named("Review")
        task = self.env["project.task"].create(
            {
                "name": "Created in Odoo",
                "project_id": self.project.id,
                "stage_id": review.id,
                "description": "<h2>Plan</h2><ul><li>one</li><li>two</li></ul>",
            }
        )
        self.emulator.reset_counters()
        task.trello_export()
        self.assertEqual(self.request_count(), 1)
        binding = task.trello_bind_ids
        card = self.store_card(binding.external_id)
        self.assertEqual(card["name"], "Created in Odoo")
        self.assertEqual(card["idList"], self.list_named("Review")["id"])
        self.assertEqual(card["desc"], "## Plan\n\n- one\n- two")
        self.assertEqual(
            binding.trello_url, card["url"] if "url" in card else binding.trello_url
        )
        self.assertTrue(binding.trello_date_last_activity)
        self.sync_writes_nothing(task)
        self.assertEqual(
            self.env["project.task"].search_count([("name", "=", "Created in Odoo")]),
            1,
            "the import does not bring the card back as a second task",
        )

    def test_new_stage_and_tag_are_exported_first(self):
        stage = self.env["project.task.type"].create(
            {
                "name": "QA",
                "project_ids": [Command.link(self.project.id)],
                "sequence": 99,
            }
        )
        tag = self.env["project.tags"].create({"name": "Accessibility", "color": 1})
        task = self.env["project.task"].create(
            {
                "name": "Check contrast",
                "project_id": self.project.id,
                "stage_id": stage.id,
                "tag_ids": [Command.set(tag.ids)],
            }
        )
        task.trello_export()
        list_binding = stage.trello_bind_ids
        label_binding = tag.trello_bind_ids
        trello_list = self.emulator.store.lists[list_binding.external_id]
        self.assertEqual(trello_list["name"], "QA")
        self.assertEqual(trello_list["idBoard"], self.board["id"])
        label = self.emulator.store.labels[label_binding.external_id]
        self.assertEqual((label["name"], label["color"]), ("Accessibility", "red"))
        card = self.store_card(task.trello_bind_ids.external_id)
        self.assertEqual(card["idList"], list_binding.external_id)
        self.assertEqual(card["idLabels"], [label_binding.external_id])
        self.sync_writes_nothing(task)

    def test_stage_shared_with_another_board_is_refused_clearly(self):
        self.fetch_and_tick("Support")
        self.backend.action_synchronize()
        support = self.env["trello.project.project"].search(
            [("backend_id", "=", self.backend.id), ("name", "=", "Support")]
        )
        review = self.stage_named("Review")
        review.project_ids = [Command.link(support.odoo_id.id)]
        task = self.env["project.task"].create(
            {
                "name": "Shared stage",
                "project_id": support.odoo_id.id,
                "stage_id": review.id,
            }
        )
        self.emulator.reset_counters()
        (result,) = task.trello_export()
        self.assertIn("already a list of another board", result)
        self.assertEqual(self.request_count(), 0)
        self.assertEqual(len(review.trello_bind_ids), 1)

    def test_unlink_archives_the_card(self):
        card = self.card_named("Rework the navigation")
        self.card_binding(card["id"]).odoo_id.unlink()
        self.assertTrue(self.store_card(card["id"])["closed"])

    def test_unlink_deletes_the_card_with_the_option(self):
        self.backend.delete_cards = True
        card = self.card_named("Rework the navigation")
        self.card_binding(card["id"]).odoo_id.unlink()
        self.assertNotIn(card["id"], self.emulator.store.cards)

    def test_no_export_context_exports_nothing(self):
        task = self.task_named("New hero banner")
        task.name = "Changed"
        result = task.with_context(connector_no_export=True).trello_export()
        self.assertEqual(result, [])
        self.assertEqual(self.request_count(), 0)

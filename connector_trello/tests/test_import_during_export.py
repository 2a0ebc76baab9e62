# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An import between an export's create and its binding makes no duplicate.

The export made the object in Trello, but its binding is not committed:
the answer was lost (the job waits for its retry), or the job's transaction
has not committed yet (here: it is rolled back after the create, as a later
error would). An import of the board (a webhook's, the cron's, a full one)
running then sees an object no binding holds. It must not make a second
Odoo record of it: the object belongs to the export's pending create
(``trello_create_intent``), whose retry binds it. Afterwards Trello holds
one object and Odoo one record, bound together.
"""

import logging
from functools import partial

from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import RetryableJobError

from .test_export_exactly_once import MUTED, ExactlyOnceCase

_logger = logging.getLogger(__name__)

#: How the first try ends after Trello made the object (None: a later error
#: rolls back the job's transaction, the binding never committed).
FIRST_TRY = {
    "answer lost": "truncate:1@POST {route}",
    "binding not committed": None,
}
IMPORTS = {"incremental": False, "full": True}


class TestImportDuringExport(ExactlyOnceCase):
    def first_try(self, export, fault):
        """One try of ``export`` failing after Trello made the object."""
        if fault:
            self.emulator.set_faults(fault)
        try:
            with mute_logger(*MUTED), self.assertRaises(RetryableJobError):
                with self.env.cr.savepoint():
                    export()
                    if not fault:
                        raise RetryableJobError("a later step failed")
        finally:
            self.emulator.set_faults(None)
            self.env.invalidate_all()

    def import_board(self, full):
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=full
        )
        self.env.invalidate_all()

    def check_each_case(self, route, make, check):
        """``make(name)`` prepares a new Odoo record and returns its export;
        ``check(name, context)`` asserts one object and one record."""
        for fault_label, fault in FIRST_TRY.items():
            for import_label, full in IMPORTS.items():
                with self.subTest(fault=fault_label, import_=import_label):
                    name = f"{route.split('/')[-1]} {fault_label} {import_label}"
                    export, context = make(name)
                    self.first_try(export, fault and fault.format(route=route))
                    self.import_board(full)
                    self.run_until_done(export)
                    check(name, context)
                    self.full_import()  # and a later import changes nothing
                    check(name, context)

    def test_card(self):
        def check(name, task):
            card = self.one_in_trello(self.trello_cards(name), name)
            self.assertEqual(self.count("project.task", [("name", "=", name)]), 1)
            self.assertEqual(task.trello_bind_ids.external_id, card["id"])

        self.check_each_case("/1/cards", self.new_task, check)

    def test_list(self):
        def check(name, task):
            stage = task.stage_id
            lst = self.one_in_trello(self.trello_lists(name), name)
            self.assertEqual(len(self.trello_cards(f"Card of {name}")), 1)
            self.assertEqual(stage.trello_bind_ids.external_id, lst["id"])
            stages = [("name", "=", name), ("project_ids", "in", self.project.ids)]
            self.assertEqual(self.count("project.task.type", stages), 1)
            self.assert_one_task(f"Card of {name}")

        self.check_each_case("/1/lists", self.new_stage_and_card, check)

    def test_label(self):
        def check(name, tag):
            label = self.one_in_trello(self.trello_labels(name), name)
            self.assertEqual(len(self.trello_cards(f"Tagged {name}")), 1)
            self.assertEqual(self.count("project.tags", [("name", "=", name)]), 1)
            self.assertEqual(tag.trello_bind_ids.external_id, label["id"])

        self.check_each_case("/1/labels", self.new_tagged_task, check)

    def test_check_item(self):
        def make(name):
            card = next(
                card
                for card in self.store_cards(self.board["id"])
                if not card["closed"] and not self.trello_checklists(card["id"])
            )
            sub_task = self.env["project.task"].create(
                {
                    "name": name,
                    "parent_id": self.card_binding(card["id"]).odoo_id.id,
                    "project_id": self.project.id,
                }
            )
            return sub_task.trello_export, (card, sub_task)

        def check(name, context):
            card, sub_task = context
            items = self.trello_items(card["id"], name)
            self.assertEqual(len(items), 1, f"one check item for {name}")
            self.assertEqual(self.count("project.task", [("name", "=", name)]), 1)
            self.assertEqual(
                sub_task.trello_checkitem_bind_ids.external_id, items[0]["id"]
            )

        self.check_each_case("/1/checklists/*/checkItems", make, check)

    def test_comment(self):
        card, task = self.navigation_card()

        def check(name, message):
            self.assert_one_comment(card, name, message)
            messages = [
                ("model", "=", "project.task"),
                ("res_id", "=", task.id),
                ("body", "ilike", name),
            ]
            self.assertEqual(self.count("mail.message", messages), 1)

        self.check_each_case(
            "/1/cards/*/actions/comments", partial(self.new_note, task), check
        )

    def test_attachment(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id

        def check(name, attachment):
            self.assert_one_file(card, task, name, attachment)

        self.check_each_case(
            "/1/cards/*/attachments", partial(self.new_file, task), check
        )

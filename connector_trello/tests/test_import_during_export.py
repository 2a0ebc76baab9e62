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

import base64
import logging

from markupsafe import Markup

from odoo import Command
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
        def make(name):
            task = self.env["project.task"].create(
                {
                    "name": name,
                    "project_id": self.project.id,
                    "stage_id": self.stage_named("Review").id,
                }
            )
            return task.trello_export, task

        def check(name, task):
            cards = self.trello_cards(name)
            self.assertEqual(len(cards), 1, f"one card for {name}")
            self.assertEqual(self.count("project.task", [("name", "=", name)]), 1)
            self.assertEqual(task.trello_bind_ids.external_id, cards[0]["id"])

        self.check_each_case("/1/cards", make, check)

    def test_list(self):
        def make(name):
            stage = self.env["project.task.type"].create(
                {"name": name, "project_ids": [Command.link(self.project.id)]}
            )
            task = self.env["project.task"].create(
                {
                    "name": f"Card of {name}",
                    "project_id": self.project.id,
                    "stage_id": stage.id,
                }
            )
            return task.trello_export, stage

        def check(name, stage):
            lists = self.trello_lists(name)
            self.assertEqual(len(lists), 1, f"one list for {name}")
            self.assertEqual(len(self.trello_cards(f"Card of {name}")), 1)
            self.assertEqual(stage.trello_bind_ids.external_id, lists[0]["id"])
            stages = [("name", "=", name), ("project_ids", "in", self.project.ids)]
            self.assertEqual(self.count("project.task.type", stages), 1)
            self.assertEqual(
                self.count("project.task", [("name", "=", f"Card of {name}")]), 1
            )

        self.check_each_case("/1/lists", make, check)

    def test_label(self):
        def make(name):
            tag = self.env["project.tags"].create({"name": name, "color": 2})
            task = self.env["project.task"].create(
                {
                    "name": f"Tagged {name}",
                    "project_id": self.project.id,
                    "stage_id": self.stage_named("Review").id,
                    "tag_ids": [Command.set(tag.ids)],
                }
            )
            return task.trello_export, tag

        def check(name, tag):
            labels = self.trello_labels(name)
            self.assertEqual(len(labels), 1, f"one label for {name}")
            self.assertEqual(len(self.trello_cards(f"Tagged {name}")), 1)
            self.assertEqual(self.count("project.tags", [("name", "=", name)]), 1)
            self.assertEqual(tag.trello_bind_ids.external_id, labels[0]["id"])

        self.check_each_case("/1/labels", make, check)

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
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id

        def make(name):
            admin = self.env.ref("base.user_admin")
            message = (
                task.with_user(admin)
                .message_post(
                    body=Markup("<p>%s</p>") % name,
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
                .sudo()
            )
            return message.trello_export, message

        def check(name, message):
            comments = self.trello_comments(card["id"], name)
            self.assertEqual(len(comments), 1, f"one comment for {name}")
            self.assertEqual(message.trello_bind_ids.external_id, comments[0]["id"])
            messages = [
                ("model", "=", "project.task"),
                ("res_id", "=", task.id),
                ("body", "ilike", name),
            ]
            self.assertEqual(self.count("mail.message", messages), 1)

        self.check_each_case("/1/cards/*/actions/comments", make, check)

    def test_attachment(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id

        def make(name):
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{name}.txt",
                    "datas": base64.b64encode(name.encode()),
                    "res_model": "project.task",
                    "res_id": task.id,
                    "mimetype": "text/plain",
                }
            )
            return attachment.trello_export, attachment

        def check(name, attachment):
            files = self.trello_attachments(card["id"], f"{name}.txt")
            self.assertEqual(len(files), 1, f"one file for {name}")
            self.assertEqual(attachment.trello_bind_ids.external_id, files[0]["id"])
            attachments = [
                ("res_model", "=", "project.task"),
                ("res_id", "=", task.id),
                ("name", "=", f"{name}.txt"),
            ]
            self.assertEqual(self.count("ir.attachment", attachments), 1)

        self.check_each_case("/1/cards/*/attachments", make, check)

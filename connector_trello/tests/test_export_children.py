# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import Command
from odoo.tests.common import new_test_user

from .common_export import TrelloExportCase


class TestExportChildren(TrelloExportCase):
    """Sub-tasks -> check items, attachments -> uploads, stages -> lists,
    and the round trip: import -> export -> import converges."""

    def test_round_trip_sends_and_writes_nothing(self):
        tasks = (
            self.env["project.task"]
            .with_context(active_test=False)
            .search([("project_id", "=", self.project.id)])
        )
        self.assertTrue(tasks.filtered("parent_id"), "the demo has check items")
        stages = self.env["trello.project.task.type"].search(
            [("project_binding_id", "=", self.binding.id)]
        )
        self.env.flush_all()
        write_dates = {task.id: task.write_date for task in tasks}
        results = (
            tasks.trello_export()
            + stages.odoo_id.trello_export()
            + self.project.trello_export()
        )
        self.assertEqual(set(results), {"Nothing to export."}, results)
        self.assertEqual(self.request_count(), 0)
        self.backend.action_synchronize()
        self.env.invalidate_all()
        self.assertEqual({task.id: task.write_date for task in tasks}, write_dates)

    def test_sub_task_becomes_a_check_item_on_a_new_checklist(self):
        card = next(
            c
            for c in self.store_cards(self.board["id"])
            if not c["closed"]
            and not any(
                cl["idCard"] == c["id"]
                for cl in self.emulator.store.checklists.values()
            )
        )
        task = self.card_binding(card["id"]).odoo_id
        sub_task = self.env["project.task"].create(
            {
                "name": "Write the copy",
                "parent_id": task.id,
                "project_id": self.project.id,
            }
        )
        sub_task.trello_export()
        item_binding = sub_task.trello_checkitem_bind_ids
        checklist = self.emulator.store.checklists[item_binding.checklist_external_id]
        self.assertEqual(checklist["idCard"], card["id"])
        item = next(
            i for i in checklist["checkItems"] if i["id"] == item_binding.external_id
        )
        self.assertEqual(
            (item["name"], item["state"]), ("Write the copy", "incomplete")
        )
        sub_task.state = "1_done"
        sub_task.trello_export()
        item = next(
            i for i in checklist["checkItems"] if i["id"] == item_binding.external_id
        )
        self.assertEqual(item["state"], "complete")
        self.backend.action_synchronize()
        self.assertEqual(
            self.env["project.task"].search_count([("name", "=", "Write the copy")]), 1
        )

    def test_attachment_is_uploaded_once_and_deleted_with_the_file(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        attachment = self.env["ir.attachment"].create(
            {
                "name": "plan.txt",
                "datas": base64.b64encode(b"the plan"),
                "res_model": "project.task",
                "res_id": task.id,
                "mimetype": "text/plain",
            }
        )
        attachment.trello_export()
        binding = attachment.trello_bind_ids
        stored = self.emulator.store.attachments[binding.external_id]
        self.assertEqual(stored["name"], "plan.txt")
        self.assertEqual(stored["_idCard"], card["id"])
        self.backend.action_synchronize()
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [
                    ("res_model", "=", "project.task"),
                    ("res_id", "=", task.id),
                    ("name", "=", "plan.txt"),
                ]
            ),
            1,
            "the import does not bring the file back",
        )
        external_id = binding.external_id
        attachment.unlink()
        self.assertNotIn(external_id, self.emulator.store.attachments)

    def test_a_project_users_file_is_uploaded_as_that_user(self):
        """The export job runs as the user who attached the file: a project
        user, who may not read the connector's bindings."""
        user = new_test_user(
            self.env, login="project_user", groups="project.group_project_user"
        )
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        task.message_subscribe(partner_ids=user.partner_id.ids)
        attachment = (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": "notes.txt",
                    "datas": base64.b64encode(b"my notes"),
                    "res_model": "project.task",
                    "res_id": task.id,
                    "mimetype": "text/plain",
                }
            )
        )
        self.env.invalidate_all()  # the job reads in a transaction of its own
        attachment.trello_export()
        stored = self.emulator.store.attachments[
            attachment.sudo().trello_bind_ids.external_id
        ]
        self.assertEqual(stored["name"], "notes.txt")
        self.assertEqual(stored["_idCard"], card["id"])

    def test_attachment_over_the_cap_is_skipped_with_a_note(self):
        self.backend.attachment_max_size = 0
        task = self.task_named("Rework the navigation")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "huge.bin",
                "datas": base64.b64encode(b"x" * 100),
                "res_model": "project.task",
                "res_id": task.id,
            }
        )
        attachment.trello_export()
        self.assertFalse(attachment.trello_bind_ids.external_id)
        self.assertEqual(self.request_count(), 0)
        self.assertTrue(
            task.message_ids.filtered(lambda m: "huge.bin" in (m.body or ""))
        )

    def test_stage_rename_reorder_and_archive_follow(self):
        stage = self.stage_named("Review")
        trello_list = self.list_named("Review")
        stage.name = "Peer review"
        stage.trello_export()
        self.assertEqual(trello_list["name"], "Peer review")
        stage.sequence = 0
        stage.trello_export()
        first = min(
            x["pos"]
            for x in self.emulator.store.lists.values()
            if x["idBoard"] == self.board["id"] and x["id"] != trello_list["id"]
        )
        self.assertLess(trello_list["pos"], first)
        stage.active = False
        stage.trello_export()
        self.assertTrue(trello_list["closed"])

    def test_tag_rename_and_colour_follow_on_its_labels(self):
        label = next(
            x
            for x in self.emulator.store.labels.values()
            if x["idBoard"] == self.board["id"] and x["name"] == "Frontend"
        )
        tag = (
            self.env["trello.project.tags"]
            .search([("external_id", "=", label["id"])])
            .odoo_id
        )
        tag.write({"name": "Front end", "color": 1})
        tag.trello_export()
        self.assertEqual((label["name"], label["color"]), ("Front end", "red"))
        self.env.flush_all()
        write_date = tag.write_date
        self.backend.action_synchronize()
        self.env.invalidate_all()
        self.assertEqual(tag.write_date, write_date)
        self.assertEqual(tag.name, "Front end")

    def _label_and_tag(self, name):
        label = next(
            x
            for x in self.emulator.store.labels.values()
            if x["idBoard"] == self.board["id"] and x["name"] == name
        )
        tag = (
            self.env["trello.project.tags"]
            .search([("external_id", "=", label["id"])])
            .odoo_id
        )
        return label, tag

    def test_tag_unlink_deletes_its_label(self):
        label, tag = self._label_and_tag("Frontend")
        cards = [
            c
            for c in self.emulator.store.cards.values()
            if label["id"] in c["idLabels"]
        ]
        self.assertTrue(cards)
        tag.unlink()
        self.assertNotIn(label["id"], self.emulator.store.labels)
        self.assertFalse(any(label["id"] in c["idLabels"] for c in cards))
        self.assertFalse(
            self.env["trello.project.tags"]
            .with_context(active_test=False)
            .search([("external_id", "=", label["id"])])
        )

    def test_tag_unlink_of_an_import_only_backend_leaves_the_label(self):
        self.backend.sync_direction = "import"
        label, tag = self._label_and_tag("Frontend")
        tag.unlink()
        self.assertIn(label["id"], self.emulator.store.labels)
        self.assertFalse(tag.exists())

    def test_stage_unlink_archives_its_list(self):
        stage = self.env["project.task.type"].create(
            {"name": "Temporary", "project_ids": [Command.link(self.project.id)]}
        )
        stage.trello_export()
        list_id = stage.trello_bind_ids.external_id
        stage.unlink()
        self.assertTrue(self.emulator.store.lists[list_id]["closed"])

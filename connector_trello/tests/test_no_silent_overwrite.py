# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No silent overwrite beyond the card (issue 17).

Each test reproduces an overwrite found on main: an import wrote Trello's
value over an Odoo edit that no export had sent yet, or over one that
Trello changed too, without a note. Now each bound model's conflict
resolver merges three ways: Odoo's edit is kept (and sent to Trello by the
import), a conflict is decided by the policy and noted.
"""

import requests

from odoo import fields

from .common import DEFAULT_KEY, DEFAULT_TOKEN
from .common_export import TrelloExportCase


class TestNoSilentOverwrite(TrelloExportCase):
    def import_board(self, full):
        self.env["trello.project.project"].import_board(
            self.backend, self.board["id"], full=full
        )
        self.env.invalidate_all()

    def as_connector(self, method, path, **params):
        """Change Trello as the token's own member (alice) would."""
        response = requests.request(
            method,
            f"{self.emulator.api_url}/{path.lstrip('/')}",
            params=dict(params, key=DEFAULT_KEY, token=DEFAULT_TOKEN),
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def conflict_notes(self, record):
        return record.message_ids.filtered(
            lambda m: "Trello sync conflict" in (m.body or "")
        )

    # -- stages ------------------------------------------------------------

    def test_a_stage_renamed_in_odoo_survives_a_board_read(self):
        for full in (False, True):
            with self.subTest(full=full):
                stage = self.stage_named("Review")
                list_id = stage.trello_bind_ids.external_id
                stage.name = f"Peer review {full}"
                # any list-level action makes the board be read again
                other = self.list_named("Old ideas" if not full else "Ideas False")
                self.as_person("PUT", f"lists/{other['id']}", name=f"Ideas {full}")
                self.import_board(full)
                self.assertEqual(stage.name, f"Peer review {full}")
                self.assertEqual(
                    self.emulator.store.lists[list_id]["name"],
                    f"Peer review {full}",
                    "the import sends the kept name to Trello",
                )
                other_stage = (
                    self.env["trello.project.task.type"]
                    .with_context(active_test=False)
                    .search([("external_id", "=", other["id"])])
                )
                self.assertEqual(other_stage.name, f"Ideas {full}")
                # restore the list name the helpers look up
                self.as_person("PUT", f"lists/{list_id}", name="Review")
                self.import_board(True)

    def test_renaming_two_stages_does_not_race_itself(self):
        """The connector's own list PUT makes the board be read again."""
        first, second = self.stage_named("Backlog"), self.stage_named("Doing")
        first.name, second.name = "Inbox", "In progress"
        first.trello_export()
        self.import_board(False)
        self.assertEqual(second.name, "In progress")
        self.assertEqual(first.name, "Inbox")
        list_ids = (first | second).trello_bind_ids.mapped("external_id")
        self.assertEqual(
            [self.emulator.store.lists[i]["name"] for i in list_ids],
            ["Inbox", "In progress"],
        )

    def test_a_stage_renamed_on_both_sides_is_a_noted_conflict(self):
        self.backend.conflict_policy = "odoo"
        stage = self.stage_named("Review")
        list_id = stage.trello_bind_ids.external_id
        stage.name = "Odoo review"
        self.as_person("PUT", f"lists/{list_id}", name="Trello review")
        self.import_board(True)
        self.assertEqual(stage.name, "Odoo review")
        self.assertEqual(self.emulator.store.lists[list_id]["name"], "Odoo review")
        notes = self.conflict_notes(self.project)
        self.assertEqual(len(notes), 1)
        self.assertIn("Trello review", notes.body)

    # -- the project -----------------------------------------------------

    def test_an_archived_project_stays_archived(self):
        self.project.active = False
        self.import_board(True)
        self.assertFalse(self.project.active)
        self.assertTrue(
            self.emulator.store.boards[self.board["id"]]["closed"],
            "the import sends the archive to Trello: the board is closed",
        )

    def test_a_project_renamed_in_odoo_keeps_its_name_and_description(self):
        self.project.write(
            {"name": "Website 2027", "description": "<p>The new plan.</p>"}
        )
        self.import_board(True)
        self.assertEqual(self.project.name, "Website 2027")
        self.assertIn("The new plan.", str(self.project.description))
        board = self.emulator.store.boards[self.board["id"]]
        self.assertEqual(board["name"], "Website 2027")
        self.assertEqual(board["desc"], "The new plan.")

    # -- tags ----------------------------------------------------------------

    def test_a_tag_renamed_on_both_sides_is_a_noted_conflict(self):
        self.backend.conflict_policy = "odoo"
        label = self.env["trello.project.tags"].search(
            [("project_binding_id", "=", self.binding.id), ("name", "=", "Backend")]
        )
        tag = label.odoo_id
        tag.write({"name": "Server side", "color": 3})
        self.as_person("PUT", f"labels/{label.external_id}", name="API")
        self.import_board(True)
        self.assertEqual((tag.name, tag.color), ("Server side", 3))
        stored = self.emulator.store.labels[label.external_id]
        self.assertEqual((stored["name"], stored["color"]), ("Server side", "yellow"))
        self.assertEqual(len(self.conflict_notes(self.project)), 1)

    # -- comments -------------------------------------------------------------

    def test_a_comment_edited_on_both_sides_is_a_noted_conflict(self):
        self.backend.conflict_policy = "odoo"
        task = self.task_named("New hero banner")
        message = task.message_ids.filtered(lambda m: "shared folder" in (m.body or ""))
        action_id = message.trello_bind_ids.external_id
        message.body = "<p>The draft moved to the <strong>wiki</strong>.</p>"
        self.as_connector("PUT", f"actions/{action_id}", text="Draft: see Drive.")
        self.import_board(False)
        self.assertIn("wiki", str(message.body))
        # signed: alice is mapped to no user, the message has no author
        self.assertIn(
            "The draft moved to the **wiki**.",
            self.emulator.store.actions[action_id]["data"]["text"],
        )
        self.assertEqual(len(self.conflict_notes(task)), 1)

    # -- attachments ----------------------------------------------------------

    def test_an_attachment_renamed_in_odoo_keeps_its_name(self):
        card = self.card_named("Rework the navigation")
        task = self.card_binding(card["id"]).odoo_id
        attachment = self.env["trello.ir.attachment"].search(
            [("card_binding_id.external_id", "=", card["id"])]
        )
        attachment.name = "Mockup v2"
        self.as_person("PUT", f"cards/{card['id']}", name="Navigation, again")
        self.import_board(False)
        self.assertEqual(task.name, "Navigation, again")
        self.assertEqual(attachment.name, "Mockup v2")
        self.import_board(True)
        self.assertEqual(attachment.name, "Mockup v2")

    def test_a_deadline_kept_by_a_project_read(self):
        """The card merge still holds when the whole board is read."""
        task = self.task_named("Rework the navigation")
        task.date_deadline = fields.Datetime.to_datetime("2026-02-02 10:00:00")
        self.import_board(True)
        self.assertEqual(
            task.date_deadline, fields.Datetime.to_datetime("2026-02-02 10:00:00")
        )

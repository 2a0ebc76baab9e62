# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The import after a round trip writes no row.

Rows are counted by PostgreSQL triggers (``write_counter``): a write of the
values a row already holds counts too.
"""

import base64
import logging

from markupsafe import Markup

from odoo import Command, fields

from .common_export import TrelloExportCase
from .write_counter import TABLES, count_row_writes

_logger = logging.getLogger(__name__)

#: Without the board's binding: its checkpoint moves past the exports' actions.
SYNCHRONIZED_TABLES = tuple(t for t in TABLES if t != "trello_project_project")


class TestRoundTripWritesNothing(TrelloExportCase):
    """After Odoo's edits are exported, importing them back writes no row.

    Every kind of edit a person makes in Odoo, exported, then an incremental
    import (the actions the exports made) and a full one: no row of a task,
    stage, tag, sub-task, comment or attachment (nor of their bindings) is
    written, not even with the values it already holds.
    """

    def _edit_in_odoo(self):
        alice = self.map_member("alice")
        review, done = self.stage_named("Review"), self.stage_named("Done")
        moved = self.task_named("Rework the navigation")
        renamed = self.task_named("New hero banner")
        tag = self.env["project.tags"].search([("name", "=", "SEO")], limit=1)
        created = self.env["project.task"].create(
            {"name": "Created in Odoo", "project_id": self.project.id}
        )
        created.stage_id = review
        moved.write({"stage_id": done.id, "sequence": 0})
        renamed.write(
            {
                "name": "New hero banner, renamed",
                "description": "<p>Keep it <strong>short</strong>.</p>",
                "user_ids": [Command.link(alice.id)],
                "tag_ids": [Command.link(tag.id)],
                "date_deadline": fields.Datetime.to_datetime("2025-02-14 16:30:00"),
            }
        )
        sub_task = self.env["project.task"].create(
            {
                "name": "Write the copy",
                "parent_id": moved.id,
                "project_id": self.project.id,
            }
        )
        message = renamed.with_user(self.env.ref("base.user_admin")).message_post(
            body=Markup("Please check the <strong>menu</strong>."),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": "plan.txt",
                "datas": base64.b64encode(b"the plan"),
                "res_model": "project.task",
                "res_id": moved.id,
                "mimetype": "text/plain",
            }
        )
        (created | moved | renamed).trello_export()
        sub_task.trello_export()
        message.sudo().trello_export()
        attachment.trello_export()

    def _import(self, full=False):
        """Count the rows an import of the board writes (its checkpoint, on
        the board's binding, moves: not counted)."""
        with count_row_writes(self.env, SYNCHRONIZED_TABLES) as writes:
            self.env["trello.project.project"].import_board(
                self.backend, self.board["id"], full=full
            )
        return writes

    def test_imports_after_exports_write_nothing(self):
        self._edit_in_odoo()
        incremental = self._import()
        full = self._import(full=True)
        again = self._import()
        _logger.info(
            "rows written by the imports after a round trip: incremental %s, "
            "full %s, incremental again %s",
            incremental,
            full,
            again,
        )
        for name, writes in (("incremental", incremental), ("full", full)):
            self.assertEqual(writes.rows, {}, f"{name}: {writes}")
        self.assertEqual(again.rows, {}, f"again: {again}")

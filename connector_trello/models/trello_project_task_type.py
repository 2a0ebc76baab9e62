# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..access import check_trello_caller, records_to_export


class TrelloProjectTaskType(models.Model):
    """A Trello list synchronized as a stage of its board's project only."""

    _name = "trello.project.task.type"
    _inherit = "trello.binding"
    _inherits = {"project.task.type": "odoo_id"}
    _description = "Trello List"

    odoo_id = fields.Many2one(
        "project.task.type",
        string="Stage",
        required=True,
        index=True,
        ondelete="restrict",
    )
    project_binding_id = fields.Many2one(
        "trello.project.project", string="Board", index=True, ondelete="cascade"
    )
    # Trello's pos is a double: no digits, so the column is a double
    # precision too (1e-7 and 3e-7, or 2**47 and 2**47 + 1, stay apart).
    trello_pos = fields.Float(string="Trello Position")

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This stage is already bound to a list of this backend.",
        ),
    ]


class ProjectTaskType(models.Model):
    _inherit = "project.task.type"

    trello_bind_ids = fields.One2many(
        "trello.project.task.type",
        "odoo_id",
        string="Trello Bindings",
        copy=False,
        context={"active_test": False},
    )

    def trello_export(self, fields=None):
        """Export the stages to the lists of their projects' boards now."""
        results = []
        for stage in records_to_export(self, "write").sudo():
            bindings = stage.trello_bind_ids
            for board in stage.project_ids.trello_bind_ids:
                if bindings.filtered(
                    lambda b, board=board: b.backend_id == board.backend_id
                ):
                    continue
                if not board.external_id or board.trello_deleted:
                    continue
                bindings |= (
                    self.env["trello.project.task.type"]
                    .sudo()
                    .with_context(connector_no_export=True)
                    .create(
                        {
                            "odoo_id": stage.id,
                            "backend_id": board.backend_id.id,
                            "project_binding_id": board.id,
                        }
                    )
                )
            for binding in bindings:
                results.append(binding.export_record(fields=fields))
        return results

    def unlink(self):
        """A deleted stage archives its list (a list is never deleted), once
        Odoo's unlink succeeded (``trello.binding._unlink_and_follow``)."""
        bindings = self.sudo().with_context(active_test=False).trello_bind_ids
        return bindings._unlink_and_follow(self, super().unlink)

    def write(self, vals):
        """Archive a stage without archiving its tasks, for Trello lists.

        Odoo archives the tasks of a stage it archives; Trello keeps the cards
        of an archived list open (``closed: false``). The importer sets
        ``trello_keep_tasks_active`` so the tasks stay as Trello has them.

        A synchronized stage is changed by project users only: Odoo lets
        every employee write project stages (project_todo's personal
        stages), and its list in Trello would follow.
        """
        if self.sudo().trello_bind_ids:
            check_trello_caller(self, "write")
        if not self.env.context.get("trello_keep_tasks_active") or vals.get(
            "active", True
        ):
            return super().write(vals)
        tasks = self.env["project.task"].search([("stage_id", "in", self.ids)])
        result = super().write(vals)
        tasks.filtered(lambda task: not task.active).write({"active": True})
        return result

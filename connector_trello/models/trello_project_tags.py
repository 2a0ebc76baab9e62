# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..access import check_trello_caller, records_to_export


class TrelloProjectTags(models.Model):
    """A Trello label synchronized as an Odoo tag.

    Odoo tags are global and their names unique, so labels of the same name
    (on several boards, or twice on one board) share one tag: unlike the other
    bindings, several labels may bind the same tag.
    """

    _name = "trello.project.tags"
    _inherit = "trello.binding"
    _inherits = {"project.tags": "odoo_id"}
    _description = "Trello Label"

    odoo_id = fields.Many2one(
        "project.tags", string="Tag", required=True, index=True, ondelete="restrict"
    )
    project_binding_id = fields.Many2one(
        "trello.project.project", string="Board", index=True, ondelete="cascade"
    )
    trello_color = fields.Char(string="Trello Colour")
    trello_name = fields.Char()


class ProjectTags(models.Model):
    _inherit = "project.tags"

    trello_bind_ids = fields.One2many(
        "trello.project.tags",
        "odoo_id",
        string="Trello Bindings",
        copy=False,
        context={"active_test": False},
    )

    def trello_export(self, fields=None):
        """Export the tags to the labels they are bound to now.

        A tag gets a label on a board when a task of that board uses it (the
        card's export creates it); here the existing labels follow.
        """
        return [
            binding.export_record(fields=fields)
            for binding in records_to_export(self, "write").sudo().trello_bind_ids
        ]

    def write(self, vals):
        """A tag bound to labels is changed by project users only: Odoo lets
        every employee write tags (project_todo), and the labels in Trello
        would follow."""
        if self.sudo().trello_bind_ids:
            check_trello_caller(self, "write")
        return super().write(vals)

    def unlink(self):
        """A deleted tag deletes its labels: Trello cannot archive a label.

        Deleting a tag takes it off every task; deleting its label takes the
        label off every card, the same change on the other side. A backend
        that only imports leaves the label in Trello (its next full import
        brings it back as a tag).
        """
        bindings = self.sudo().with_context(active_test=False).trello_bind_ids
        return bindings._unlink_and_follow(self, super().unlink)

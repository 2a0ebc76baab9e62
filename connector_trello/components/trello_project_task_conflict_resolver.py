# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields

from odoo.addons.component.core import Component

from ..tools import parse_trello_datetime


class TrelloProjectTaskConflictResolver(Component):
    """Card <-> task: every field of the card merged three ways.

    The note goes on the task's chatter; stages, tags and members are shown
    by their names.
    """

    _name = "trello.project.task.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.project.task"]
    _merged_fields = {
        "name": ("name",),
        "desc": ("description", "trello_desc"),
        "idList": ("stage_id",),
        "idLabels": ("tag_ids",),
        "idMembers": ("user_ids",),
        "due": ("date_deadline",),
        "dueComplete": ("state", "trello_due_complete"),
        "closed": ("active",),
        "pos": ("trello_pos",),
    }
    #: Keys holding Trello ids, shown by the names of their records.
    _id_models = {
        "idList": "trello.project.task.type",
        "idLabels": "trello.project.tags",
        "idMembers": "trello.member",
    }

    def _field_labels(self):
        _ = self.env._
        return {
            "name": _("Name"),
            "desc": _("Description"),
            "idList": _("Stage"),
            "idLabels": _("Tags"),
            "idMembers": _("Assignees"),
            "due": _("Deadline"),
            "dueComplete": _("Done"),
            "closed": _("Archived"),
            "pos": _("Order"),
        }

    def _display(self, key, value):
        if key in self._id_models:
            return self._display_ids(self._id_models[key], value)
        if key == "due":
            date = parse_trello_datetime(value)
            return fields.Datetime.to_string(date) if date else self.env._("(none)")
        return super()._display(key, value)

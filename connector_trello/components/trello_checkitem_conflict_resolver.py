# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields

from odoo.addons.component.core import Component

from ..tools import parse_trello_datetime


class TrelloCheckitemConflictResolver(Component):
    """Check item <-> sub-task: name, done state, member and due date.

    An item holds one member: the sub-task's other assignees are Odoo's
    only, and neither side's change of the member touches them (see the
    mappers). The note goes on the sub-task's chatter.
    """

    _name = "trello.checkitem.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.checkitem"]
    _merged_fields = {
        "name": ("name",),
        "state": ("state",),
        "idMember": ("user_ids",),
        "due": ("date_deadline",),
    }

    def _field_labels(self):
        _ = self.env._
        return {
            "name": _("Name"),
            "state": _("Done"),
            "idMember": _("Assignee"),
            "due": _("Deadline"),
        }

    def _display(self, key, value):
        if key == "state":
            return self.env._("yes") if value == "complete" else self.env._("no")
        if key == "idMember":
            return self._display_ids("trello.member", value)
        if key == "due":
            date = parse_trello_datetime(value)
            return fields.Datetime.to_string(date) if date else self.env._("(none)")
        return super()._display(key, value)

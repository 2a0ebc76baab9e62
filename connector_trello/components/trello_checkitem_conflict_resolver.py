# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloCheckitemConflictResolver(Component):
    """Check item <-> sub-task: name and done state.

    The item's member and due date are not exported: the import mapper
    writes them only when Trello changed them (``_trello_unchanged``), so
    Odoo's own values stay. The note goes on the sub-task's chatter.
    """

    _name = "trello.checkitem.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.checkitem"]
    _merged_fields = {"name": ("name",), "state": ("state",)}

    def _field_labels(self):
        _ = self.env._
        return {"name": _("Name"), "state": _("Done")}

    def _display(self, key, value):
        if key == "state":
            return self.env._("yes") if value == "complete" else self.env._("no")
        return super()._display(key, value)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectProjectConflictResolver(Component):
    """Board <-> project: name, description and archived state.

    An archived project stays archived when its board is read again (and
    its board is closed); the note goes on the project's chatter.
    """

    _name = "trello.project.project.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.project.project"]
    _merged_fields = {
        "name": ("name",),
        "desc": ("description", "trello_desc"),
        "closed": ("active",),
    }

    def _field_labels(self):
        _ = self.env._
        return {
            "name": _("Name"),
            "desc": _("Description"),
            "closed": _("Archived"),
        }

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTaskTypeConflictResolver(Component):
    """List <-> stage: name and archived state.

    A stage renamed in Odoo keeps its name when the board is read before
    the rename is exported (the import then exports it). The order is the
    resequencer's (``pos``), not merged here. A stage has no chatter: the
    note goes on its board's project, naming the stage.
    """

    _name = "trello.project.task.type.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.project.task.type"]
    _merged_fields = {"name": ("name",), "closed": ("active",)}

    def _field_label(self, binding, key):
        _ = self.env._
        labels = {"name": _("Name"), "closed": _("Archived")}
        return _(
            "%(field)s of the stage %(stage)s",
            field=labels.get(key, key),
            stage=binding.name,
        )

    def _note_record(self, binding):
        return binding.project_binding_id.odoo_id

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTaskTypeExporter(Component):
    """Stage -> list: create, rename, reorder, archive (never delete).

    The list is read before it is written (the conflict check of its
    name and archived state): two requests per exported edit.
    """

    _name = "trello.project.task.type.exporter"
    _inherit = "trello.exporter"
    _apply_on = ["trello.project.task.type"]
    _check_conflicts = True

    def _must_skip(self):
        if not self.binding.project_binding_id.external_id:
            return self.env._("The stage's board is not synchronized.")
        return False

    def _create_target(self, values):
        """A list is looked for among its board's lists, by name."""
        return values.get("idBoard"), {"name": values.get("name")}

    def _import_options(self):
        return {"project_binding": self.binding.project_binding_id}

    def _binding_values(self, response):
        return {"trello_pos": response.get("pos") or 0.0}

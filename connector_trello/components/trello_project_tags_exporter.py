# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTagsExporter(Component):
    """Tag -> label of each synchronized board it is used on."""

    _name = "trello.project.tags.exporter"
    _inherit = "trello.exporter"
    _apply_on = ["trello.project.tags"]
    _check_conflicts = True

    def _must_skip(self):
        if not self.binding.project_binding_id.external_id:
            return self.env._("The label's board is not synchronized.")
        return False

    def _create_target(self, values):
        """A label is looked for among its board's, by name and colour."""
        return values.get("idBoard"), {
            "name": values.get("name"),
            "color": values.get("color"),
        }

    def _delete_in_trello(self):
        """A label has no archive: an Odoo tag deleted deletes it."""
        return True

    def _import_options(self):
        return {"project_binding": self.binding.project_binding_id}

    def _binding_values(self, response):
        return {
            "trello_name": response.get("name") or "",
            "trello_color": response.get("color") or False,
        }

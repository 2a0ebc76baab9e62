# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTaskTypeImporter(Component):
    """List -> stage; needs the board's project binding."""

    _name = "trello.project.task.type.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.project.task.type"]
    _synced_keys = ("name", "closed", "pos")

    def _must_skip(self, binding):
        if "project_binding" not in self.import_options:
            board = self.binder_for("trello.project.project").to_internal(
                self.trello_record.get("idBoard")
            )
            if not board:
                return self.env._("The list's board is not synchronized.")
            self.import_options["project_binding"] = board
        return None

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloCheckitemImporter(Component):
    """Check item -> sub-task. Called by the card importer with the data."""

    _name = "trello.checkitem.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.checkitem"]
    _synced_keys = ("name", "state", "pos", "due", "idMember")

    def _get_trello_data(self):
        # Trello reads check items through their checklist only; the card
        # importer always passes them in.
        raise NotImplementedError(
            "Check items are imported with their card (trello.project.task)."
        )

    def _import_dependencies(self):
        self._import_dependency(self.trello_record.get("idMember"), "trello.member")

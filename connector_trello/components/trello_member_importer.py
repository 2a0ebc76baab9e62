# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloMemberImporter(Component):
    """Member -> trello.member; the user is matched when it is created."""

    _name = "trello.member.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.member"]

    def _get_trello_data(self):
        return self.backend_adapter.read(
            self.external_id, fields="username,fullName,email"
        )

    def _after_import(self, binding):
        """The backend's members, as the export mapper read them for this
        synchronization (``_backend_members``), are read again."""
        result = super()._after_import(binding)
        self._forget_once("members")
        return result

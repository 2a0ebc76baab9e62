# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloMemberBinder(Component):
    """Binder of ``trello.member``: a standalone model, its own record."""

    _name = "trello.member.binder"
    _inherit = "trello.binder"
    _apply_on = ["trello.member"]
    _odoo_field = "id"

    def unwrap_binding(self, binding):
        return self.model.browse(binding) if isinstance(binding, int) else binding

    def unwrap_model(self):
        return self.model._name

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloBinder(Component):
    """Binder of the ``_inherits`` bindings (Trello id <-> Odoo record)."""

    _name = "trello.binder"
    _inherit = ["base.binder", "trello.base"]

    def to_internal_many(self, external_ids):
        """``{external_id: binding}`` for many ids, in one query."""
        bindings = self.model.with_context(active_test=False).search(
            [
                (self._external_field, "in", list(external_ids)),
                (self._backend_field, "=", self.backend_record.id),
            ]
        )
        return {binding[self._external_field]: binding for binding in bindings}

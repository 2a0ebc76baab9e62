# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector_trello.tools import same_trello_value


class TrelloExporterChanges(Component):
    """Whether an export would send anything, asked before it runs.

    An export job takes the waiting cards of its board along only when its
    own card has something to send: the later jobs of a burst, whose cards
    an earlier job already exported, then cost a mapping each and nothing
    more (see ``project.task._trello_export_companions``).
    """

    _inherit = "trello.exporter"

    def has_changes(self, binding, fields=None):
        """Whether Odoo changed a field of ``binding`` that Trello lacks.

        The update's own comparison (the mapped values against the values
        last synchronized), without a request. A binding not yet in Trello
        always has something to send: its create.
        """
        if not binding.external_id:
            return True
        self.binding = binding
        base = self._base_values()
        values = self._map_values(fields=fields)
        return any(
            not same_trello_value(key, value, base.get(key))
            for key, value in values.items()
        )

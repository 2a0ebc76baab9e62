# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


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
        if not self._odoo_changes(binding, fields):
            return False
        # the export's choice of the cards to read does not map it again
        self.remember_changed(binding)
        return True

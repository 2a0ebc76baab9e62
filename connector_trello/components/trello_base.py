# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import AbstractComponent


class TrelloBase(AbstractComponent):
    """Root of every Trello component: scopes lookups to ``trello.backend``."""

    _name = "trello.base"
    _inherit = "base.connector"
    _collection = "trello.backend"

    def _connector_context(self):
        """The context of every write the connector makes in Odoo.

        ``connector_no_export`` keeps the export listeners from sending an
        import straight back to Trello; the tracking and chatter flags keep an
        import from filling the chatter with the connector's own changes.
        """
        return {
            "connector_trello": True,
            "connector_no_export": True,
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "mail_notrack": True,
            "trello_keep_tasks_active": True,
        }

    def _import_context(self):
        """The context of an import's writes: the connector's, and no
        "You have been assigned" mail (``mail_auto_subscribe_no_notify``)
        for an assignee the card gave the task: Trello told its member
        already, and nobody assigned anyone in Odoo. An assignment made in
        Odoo (an export's source) keeps Odoo's mail."""
        return {**self._connector_context(), "mail_auto_subscribe_no_notify": True}

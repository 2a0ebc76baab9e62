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

    def _once_per_sync(self, kind, key, compute):
        """``compute()``, computed once a synchronization for ``(kind,
        key)`` (``key``: a board's, a model's, a backend's id or name).

        For what does not change while one synchronization runs, or is read
        again when it does (``_forget_once``): a board's sync rules, the
        objects deleted in Odoo, ... asked for once per card of a page or of
        a burst's batch. Kept in the synchronization's ``trello_sync`` dict
        (``trello.backend._work_on_trello``), so it ends with it; outside
        one, computed each time.
        """
        sync = getattr(self.work, "trello_sync", None)
        if sync is None:
            return compute()
        memo = sync.setdefault("once", {}).setdefault(kind, {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def _forget_once(self, kind):
        """What ``_once_per_sync`` kept of ``kind`` is computed again next
        time (it changed within the synchronization)."""
        sync = getattr(self.work, "trello_sync", None)
        if sync is not None:
            sync.get("once", {}).pop(kind, None)

    def _board_rules(self, board):
        """The sync rules of ``board`` (a board binding), read once a
        synchronization: the importer and the exporter of cards ask for
        them card by card."""
        return self._once_per_sync("sync_rules", board.id, board._sync_rules)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models

from odoo.addons.connector.exception import IDMissingInBackend
from odoo.addons.connector_trello.models.trello_backend import MANAGER_GROUP

_logger = logging.getLogger(__name__)


class TrelloBoard(models.Model):
    _inherit = "trello.board"

    webhook_external_id = fields.Char(string="Webhook ID", readonly=True, copy=False)
    webhook_callback_url = fields.Char(
        string="Webhook URL",
        readonly=True,
        copy=False,
        groups=MANAGER_GROUP,  # it holds the backend's webhook token
        help="The callback URL exactly as registered: Trello signs each "
        "delivery with it, so it is what the signature is checked against.",
    )
    webhook_error = fields.Char(readonly=True, copy=False)
    webhook_state = fields.Selection(
        [("none", "Not registered"), ("active", "Registered"), ("error", "Error")],
        compute="_compute_webhook_state",
    )

    last_sync_state = fields.Selection(
        selection_add=[("stopped", "Stopped")], ondelete={"stopped": "set null"}
    )

    def _record_stopped(self, message):
        """The board's line says its synchronization is stopped, and why,
        until the connection is confirmed again (its next import's outcome
        replaces it)."""
        self.sudo().write({"last_sync_state": "stopped", "last_sync_result": message})

    @api.depends("webhook_external_id", "webhook_error")
    def _compute_webhook_state(self):
        for board in self:
            if board.webhook_external_id:
                board.webhook_state = "active"
            elif board.webhook_error:
                board.webhook_state = "error"
            else:
                board.webhook_state = "none"

    def _delete_webhook(self, client):
        """Delete this board's webhook in Trello (gone already is fine)."""
        self.ensure_one()
        try:
            client.delete(f"webhooks/{self.webhook_external_id}")
        except IDMissingInBackend:
            _logger.info(
                "Trello webhook %s of board %s was already deleted",
                self.webhook_external_id,
                self.external_id,
            )
        self.write(
            {
                "webhook_external_id": False,
                "webhook_callback_url": False,
                "webhook_error": False,
            }
        )

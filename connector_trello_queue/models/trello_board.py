# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import logging

import psycopg2

from odoo import api, fields, models

from odoo.addons.connector.exception import IDMissingInBackend
from odoo.addons.connector_trello.access import MANAGER_GROUP
from odoo.addons.connector_trello.client import (
    TrelloAuthenticationError,
    TrelloRequestError,
    TrelloRetryableError,
)

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

    def _ensure_webhook(self, client, callback_url):
        """Have Trello notify ``callback_url`` of this board's changes.

        Registers the board's webhook (or binds the one Trello made: see
        ``_register_webhook``), under the new address when the callback URL
        changed. A refusal of this board's webhook (Trello could not reach
        the URL, say) is kept on the board's line (``webhook_error``) and the
        other boards go on; the token's errors and outages are raised.
        """
        self.ensure_one()
        if self.webhook_external_id and self.webhook_callback_url == callback_url:
            return
        try:
            if self.webhook_external_id:  # under an old address
                self._delete_webhook(client)
            hook = self._register_webhook(
                client,
                callback_url,
                self.env._(
                    "Odoo: %(backend)s, board %(board)s",
                    backend=self.backend_id.name,
                    board=self.name,
                ),
            )
        except TrelloRequestError as err:
            self.webhook_error = self._describe_webhook_error(err, callback_url)
            return
        self.write(
            {
                "webhook_external_id": hook["id"],
                "webhook_callback_url": callback_url,
                "webhook_error": False,
            }
        )

    def _describe_webhook_error(self, err, callback_url):
        """The board line's words for Trello's refusal of its webhook."""
        text = str(err)
        if "did not return 200" in text:
            return self.env._(
                "Trello could not reach %(url)s: set a public base URL that "
                "Trello can reach.",
                url=callback_url,
            )
        if "already exists" in text:
            return self.env._(
                "Trello already has a webhook of this token for this board and "
                "URL: unregister it, or delete it in Trello, then register again."
            )
        return self.env._(
            "Trello refused the webhook. %(sentence)s",
            sentence=self.backend_id._describe_error(err, about_object=True),
        )

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
        callback_url = self.sudo().webhook_callback_url
        if callback_url:  # an intent left behind must not bind the deleted id
            self.env["trello.create.intent"]._forget(
                self.backend_id.id, self._webhook_create_key(callback_url)
            )
        self.write(
            {
                "webhook_external_id": False,
                "webhook_callback_url": False,
                "webhook_error": False,
            }
        )

    # -- exactly once ----------------------------------------------------

    def _register_webhook(self, client, callback_url, description):
        """Create this board's webhook in Trello, or bind the one it has.

        A create like the exporter's (``trello.create.intent``): the intent
        is committed before the ``POST`` and completed with the new id right
        after it, so that a click whose answer was lost, or whose
        transaction was rolled back after the ``POST``, binds on the next
        click the webhook Trello made. An intent without an id, and Trello's
        400 "A webhook with that callback, model, and token already exists"
        (a webhook made by an earlier database, an intent lost), are
        reconciled with one read of the token's webhooks: Trello keeps one
        per token, model and callback URL, so that match is exact. Returns
        Trello's webhook (at least its ``id``).
        """
        self.ensure_one()
        intents = self.env["trello.create.intent"]
        backend_id = self.backend_id.id
        key = self._webhook_create_key(callback_url)
        intent = intents._get(backend_id, key)
        hook = None
        if intent and intent["external_id"]:
            hook = intent["response"]
        elif intent:  # the answer never came: did Trello make it?
            hook = self._find_webhook(client, callback_url)
        if hook is None:
            match = {"idModel": self.external_id}
            intents._begin(backend_id, key, self.external_id, match, 0)
            try:
                hook = client.post(
                    "webhooks",
                    callbackURL=callback_url,
                    idModel=self.external_id,
                    description=description,
                )
            except TrelloRequestError as err:
                if "already exists" in str(err):
                    hook = self._find_webhook(client, callback_url)
                if hook is None:
                    intents._forget(backend_id, key)  # refused: nothing made
                    raise
            except (TrelloAuthenticationError, IDMissingInBackend):
                intents._forget(backend_id, key)
                raise
            except TrelloRetryableError as err:
                if err.throttled:  # a 429: Trello did nothing
                    intents._forget(backend_id, key)
                raise
            # the id only: the answer holds the callback URL and its token
            intents._complete(backend_id, key, {"id": hook["id"]})
        self._forget_webhook_intent_after_commit(key)
        return hook

    def _webhook_create_key(self, callback_url):
        """The intent key of this board's webhook at ``callback_url`` (the
        URL hashed: it holds the backend's webhook token)."""
        digest = hashlib.sha256(callback_url.encode("utf-8")).hexdigest()[:16]
        return f"trello.board.webhook,{self.id},{self.external_id},{digest}"

    def _find_webhook(self, client, callback_url):
        """The token's webhook on this board at ``callback_url``, or None."""
        hooks = client.get(f"tokens/{client.token}/webhooks")
        for hook in hooks if isinstance(hooks, list) else []:
            if (
                isinstance(hook, dict)
                and hook.get("id")
                and hook.get("idModel") == self.external_id
                and hook.get("callbackURL") == callback_url
            ):
                return hook
        return None

    def _forget_webhook_intent_after_commit(self, key):
        """Drop the intent once the board's webhook id has committed.

        A rolled back transaction keeps it, for the next click to bind.
        """
        intents = self.env["trello.create.intent"]
        backend_id = self.backend_id.id

        @self.env.cr.postcommit.add
        def forget():
            try:
                intents._forget(backend_id, key)
            except psycopg2.Error as err:  # the autovacuum removes it later
                _logger.warning("Trello webhook intent not removed: %s", err)

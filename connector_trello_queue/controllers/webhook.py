# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Trello's webhook deliveries: verified, then one board import delayed.

The route carries the backend's webhook token (``trello.backend``'s
``webhook_token``: random, in the callback URL only), not its id: the
database is the one Odoo serves on this host (``dbfilter``), never guessed
from the payload. The answer is quick and tells Trello what to do, without
telling a caller who does not hold the URL which backends exist:

* 200: done, or nothing to do; HEAD (Trello's check before it creates a
  webhook) of an active backend's URL;
* 410: no active backend has this token (unknown, or archived: the same
  answer), or the backend has no webhook registered: Trello then deletes
  its webhook;
* 403: the signature is missing or wrong, or the backend has no secret to
  check it with (only a caller holding the URL gets this far);
* 400: a signed body that is not a Trello delivery;
* 415, 411, 413: a body Trello never sends (not JSON, no Content-Length,
  longer than ``MAX_BODY_BYTES``), refused for any URL by
  ``ir.http._pre_dispatch`` before Odoo parses or reads it.
"""

import base64
import hashlib
import hmac
import json
import logging
import re

from odoo import SUPERUSER_ID, api, http
from odoo.http import request

from odoo.addons.connector_trello.usage import TRIGGER_CONTEXT_KEY

from ..jobs import board_import_identity, board_import_job

_logger = logging.getLogger(__name__)

#: Trello's payloads are an action and the watched board without its cards:
#: a few kilobytes. Anything bigger is not Trello's.
MAX_BODY_BYTES = 1024 * 1024
TRELLO_ID = re.compile(r"^[0-9a-f]{24}$")
#: The shape of a webhook token (``secrets.token_urlsafe``, 128 bits and up).
WEBHOOK_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,128}$")


def body_refusal(httprequest):
    """The status refusing a delivery's body from its headers alone, or None.

    Trello posts JSON with its length, a few kilobytes. Anything else is
    refused before a byte of it is read: a form body would otherwise be
    parsed into memory by Odoo's dispatcher, up to 128 MiB.
    """
    if httprequest.method != "POST":
        return None
    if httprequest.mimetype != "application/json":
        return 415
    length = httprequest.content_length  # None when chunked
    if length is None:
        return 411
    if length > MAX_BODY_BYTES:
        return 413
    return None


def webhook_signature(secret, body, callback_url):
    """base64(HMAC-SHA1(secret, raw body + callback URL as registered))."""
    digest = hmac.new(
        secret.encode("utf-8"), body + callback_url.encode("utf-8"), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def signature_is_valid(secret, body, callback_urls, signature):
    """Whether ``signature`` signs ``body`` for one of the registered URLs.

    Compared in constant time; every URL is tried, so that the time does not
    tell which one came close.
    """
    if not secret or not signature:
        return False
    given = signature.encode("ascii", "replace")
    valid = False
    for url in callback_urls:
        expected = webhook_signature(secret, body, url).encode("ascii")
        valid |= hmac.compare_digest(expected, given)
    return valid


def board_id_of(payload):
    """The board a delivery is about: the only thing trusted in it."""
    if not isinstance(payload, dict):
        return None
    action = payload.get("action")
    model = payload.get("model")
    board = None
    if isinstance(action, dict) and isinstance(action.get("data"), dict):
        board = action["data"].get("board")
    board_id = board.get("id") if isinstance(board, dict) else None
    if not board_id and isinstance(model, dict):
        board_id = model.get("id")
    if isinstance(board_id, str) and TRELLO_ID.match(board_id):
        return board_id
    return None


class TrelloWebhookController(http.Controller):
    @http.route(
        "/connector_trello/webhook/<string:token>",
        type="http",
        auth="none",
        methods=["HEAD", "POST"],
        csrf=False,
        save_session=False,
        readonly=False,
        # ir.http._pre_dispatch refuses the body of this route from its
        # headers (body_refusal) before Odoo parses it; Odoo's own limit
        # applies to what it reads afterwards
        trello_webhook=True,
        max_content_length=MAX_BODY_BYTES,
    )
    def trello_webhook(self, token, **kwargs):
        env = api.Environment(request.env.cr, SUPERUSER_ID, {})
        backend = self._backend_of(env, token)
        httprequest = request.httprequest
        if not backend.active:  # unknown or archived: the same answer
            return self._answer(410)
        if httprequest.method == "HEAD":
            # Trello's check before it creates a webhook
            return self._answer(200)
        refusal = body_refusal(httprequest)  # refused before; never read it
        if refusal:
            return self._answer(refusal)
        callback_urls = set(
            backend.board_ids.filtered("webhook_external_id").mapped(
                "webhook_callback_url"
            )
        )
        if not callback_urls:
            return self._answer(410)
        secret = backend.api_secret
        if not secret:
            # cleared after the webhooks were registered: nothing can be
            # verified, not even a signature made with an empty key
            _logger.info("Trello webhook for backend %s: no secret", backend.id)
            return self._answer(403)
        body = httprequest.get_data(cache=False)
        signature = httprequest.headers.get("X-Trello-Webhook", "")
        if not signature_is_valid(secret, body, callback_urls, signature):
            _logger.info("Trello webhook for backend %s: bad signature", backend.id)
            return self._answer(403)
        try:
            payload = json.loads(body)
        except ValueError:
            return self._answer(400)
        board_id = board_id_of(payload)
        if not board_id:
            return self._answer(400)
        board = backend.board_ids.filtered(
            lambda b: b.external_id == board_id and b.synchronize
        )
        if board and backend._can_schedule_jobs():
            self._delay_import_once(env, backend, board)
        return self._answer(200)

    @staticmethod
    def _backend_of(env, token):
        """The backend, archived or not, whose webhook token is ``token``
        (an empty recordset for any other string)."""
        backends = env["trello.backend"].sudo().with_context(active_test=False)
        if not isinstance(token, str) or not WEBHOOK_TOKEN.match(token):
            return backends
        return backends.search([("webhook_token", "=", token)], limit=1)

    @staticmethod
    def _delay_import_once(env, backend, board):
        """Delay the board's import unless one already waits, even under a burst.

        queue_job's identity key is a search then an insert: two concurrent
        deliveries could both miss the other's job. The deliveries of a board
        are serialized by an advisory lock, and each looks for the pending
        job in a transaction started after it got the lock (Odoo's
        transactions see the database as it was at their first query), then
        commits before releasing it.
        """
        key = board_import_identity(backend, board.external_id)
        with env.registry.cursor() as cr:
            cr.execute("SELECT pg_advisory_lock(hashtext(%s))", (key,))
            try:
                cr.commit()  # pylint: disable=invalid-commit
                job_env = api.Environment(
                    cr, SUPERUSER_ID, {TRIGGER_CONTEXT_KEY: "webhook"}
                )
                backend = backend.with_env(job_env)
                # the job: models/trello_project_project.py, import_board()
                job_env["trello.project.project"].with_delay(
                    **board_import_job(backend, board.external_id, board.name)
                ).import_board(backend, board.external_id)
                cr.commit()  # pylint: disable=invalid-commit
            finally:
                cr.rollback()
                cr.execute("SELECT pg_advisory_unlock(hashtext(%s))", (key,))

    @staticmethod
    def _answer(status):
        return request.make_response("", status=status)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the backend tells the admin: notifications and error sentences."""

import logging
import re

import requests

from odoo import models

from odoo.addons.connector.exception import IDMissingInBackend, InvalidDataError

from ..client import (
    TrelloAuthenticationError,
    TrelloRequestError,
    TrelloRetryableError,
)
from ..errors import describe_refusal, safe_sentence, trello_words

_logger = logging.getLogger(__name__)


class TrelloBackendMessages(models.AbstractModel):
    """The notifications and error sentences of ``trello.backend``.

    An abstract model the backend inherits: what the admin reads, apart
    from what the backend does.
    """

    _name = "trello.backend.messages"
    _description = "Trello Backend Messages"

    def _notify(self, title, message, kind="success", sticky=False, next_action=None):
        params = {
            "title": title,
            "message": message,
            "type": kind,
            "sticky": sticky,
        }
        if next_action:
            params["next"] = next_action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": params,
        }

    def _notify_failure(self, title, err):
        """A sticky danger notification explaining a failed call to Trello.

        The title names the backend: the admin may have several.
        """
        return self._notify(
            self.env._("%(title)s: %(backend)s", title=title, backend=self.display_name)
            if self
            else title,
            self._describe_error(err),
            kind="danger",
            sticky=True,
        )

    def _describe_error(self, err, about_object=False):
        """The admin-facing explanation of a failed call to Trello.

        A sentence that says what failed and what to do, never a library's
        text, a traceback or a URL with its query string (see
        ``errors.safe_sentence``). ``about_object``: the call was
        about one object (a card, a list...), not about the backend, so a
        404 means the object is gone rather than a wrong API URL.
        """
        if isinstance(err, TrelloAuthenticationError):
            sentence = self._describe_auth_error(err)
        elif isinstance(err, TrelloRetryableError):
            sentence = self._describe_retryable_error(err)
        elif isinstance(err, IDMissingInBackend):
            sentence = self._describe_missing(err, about_object)
        elif isinstance(err, TrelloRequestError):
            sentence = describe_refusal(self.env, err)
        elif isinstance(err, InvalidDataError):
            # our own words first; what follows a colon may quote the data
            sentence = self.env._(
                "%(what)s: the connector cannot use it; try again later, and if "
                "it goes on, the server log has the details.",
                what=str(err).split(": ", 1)[0].rstrip("."),
            )
        else:
            sentence = str(err)
        return safe_sentence(self.env, sentence)

    def _describe_auth_error(self, err):
        text = str(err)
        if "key" in text:
            hint = self.env._(
                "the API key is wrong: copy it again from your Power-Up's admin "
                "page in Trello"
            )
        elif "token" in text:
            hint = self.env._(
                "the token is wrong, expired or revoked: get a new one with the "
                "link below the API key, save, then check the connection"
            )
        else:
            hint = self.env._(
                "the key or the token lacks access: get a new token with the "
                "link below the API key, as a member who sees the boards"
            )
        words = trello_words(text)
        if words is None:
            return self.env._("Trello refused the credentials: %(hint)s.", hint=hint)
        return self.env._(
            "Trello refused the credentials (%(text)s): %(hint)s.",
            text=words,
            hint=hint,
        )

    def _describe_missing(self, err, about_object):
        if about_object:
            return self.env._(
                "Trello no longer has this object, or the token lost access to "
                "it (it answered 404): synchronize its board to bring Odoo up "
                "to date."
            )
        return self.env._(
            "%(url)s does not look like Trello's API (it answered 404): check "
            "the API URL (https://api.trello.com/1 for Trello).",
            url=self.api_url,
        )

    def _describe_retryable_error(self, err):
        """A passing failure (network, 5xx, 429, a cut answer) in a sentence.

        The client's network sentences already name the server ("Cannot reach
        Trello at ...", "... did not answer in time"): they are said as they
        are, never wrapped in a second sentence naming it again. The others
        carry a path and Trello's raw answer, kept for the server log.
        """
        text = str(err)
        network = (requests.ConnectionError, requests.Timeout)
        if isinstance(err.__cause__, network) or (
            self.api_url and self.api_url in text
        ):
            return self.env._(
                "%(sentence)s Check the API URL and the network; the background "
                "jobs try again by themselves.",
                sentence=text,
            )
        _logger.info("Trello call failed: %s", text)
        if getattr(err, "throttled", False):
            return self.env._(
                "Trello is limiting the requests of this token for a few "
                "seconds: try again in a moment."
            )
        status = re.search(r"Trello answered (\d{3})", text)
        if status:
            return self.env._(
                "Trello at %(url)s is failing (it answered with the error "
                "%(status)s): try again later.",
                url=self.api_url,
                status=status.group(1),
            )
        if text.startswith("Trello answered"):  # a malformed body, a bad page
            return self.env._(
                "Trello at %(url)s sent an answer cut short or unreadable: try "
                "again in a moment.",
                url=self.api_url,
            )
        return text  # already a sentence (e.g. a download cut short)

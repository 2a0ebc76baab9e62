# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the backend tells the admin: notifications and error sentences."""

import logging
import re

import requests

from odoo import models

from odoo.addons.connector.exception import IDMissingInBackend

from ..client import TrelloAuthenticationError, TrelloRetryableError

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
        """A sticky danger notification explaining a failed call to Trello."""
        return self._notify(
            title, self._describe_error(err), kind="danger", sticky=True
        )

    def _describe_error(self, err):
        """The admin-facing explanation of a failed call to Trello."""
        if isinstance(err, TrelloAuthenticationError):
            text = str(err)
            if "key" in text:
                hint = self.env._("the API key is wrong")
            elif "token" in text:
                hint = self.env._("the token is wrong, expired or revoked")
            else:
                hint = self.env._("the key or the token lacks access")
            return self.env._(
                "Trello refused the credentials (%(text)s): %(hint)s.",
                text=text,
                hint=hint,
            )
        if isinstance(err, TrelloRetryableError):
            return self._describe_retryable_error(err)
        if isinstance(err, IDMissingInBackend):
            return self.env._(
                "%(url)s does not look like Trello's API (it answered 404).",
                url=self.api_url,
            )
        return str(err)

    def _describe_retryable_error(self, err):
        """A passing failure (network, 5xx, 429, a cut answer) in a sentence.

        The client's network sentences already name the server ("Cannot reach
        Trello at ...", "... did not answer in time"): they are said as they
        are, never wrapped in a second sentence naming it again. The others
        carry a path and Trello's raw answer, kept for the server log.
        """
        text = str(err)
        if isinstance(err.__cause__, requests.RequestException) or (
            self.api_url and self.api_url in text
        ):
            return text
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

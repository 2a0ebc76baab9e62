# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the backend form refuses on save: an API URL, a key, a token or a
secret that can only fail later, with a library's words (``MissingSchema``)
or a misleading one ("the key or the token lacks access")."""

import ipaddress
import re
from urllib.parse import urlsplit

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from ..client import CREDENTIAL

#: Trello's API keys: 32 hexadecimal digits.
API_KEY = re.compile(r"[0-9a-fA-F]{32}")
#: Host names of this machine: the only ones reached over plain http (the
#: emulator of the demo and the tests); anything else would carry the key
#: and the token in clear over a network.
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host):
    """Whether ``host`` (a name or an address) is this machine."""
    host = (host or "").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def api_url_problem(url):
    """Why ``url`` cannot be Trello's API URL, or None when it can.

    The words are for the admin; the caller names the backend.
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
        port = parts.port  # raises on a port that is not a number
    except ValueError:
        return "bad"
    if port == 0 or not host or " " in url or parts.scheme not in ("https", "http"):
        return "bad"
    if parts.query or parts.fragment or parts.username or parts.password:
        return "extra"
    if parts.scheme == "http" and not is_loopback(host):
        return "http"
    return None


class TrelloBackendChecks(models.AbstractModel):
    """The input checks of ``trello.backend``: one sentence per refusal,
    naming the backend, the field and what to type."""

    _name = "trello.backend.checks"
    _description = "Trello Backend Input Checks"

    @api.constrains("api_url")
    def _check_api_url(self):
        _ = self.env._
        for backend in self:
            problem = api_url_problem(backend.api_url)
            if problem == "http":
                raise ValidationError(
                    _(
                        "The API URL of %(backend)s must start with https:// "
                        "(plain http:// would send the key and the token "
                        "unencrypted; it is accepted only for a server on this "
                        "machine, such as the emulator). Type "
                        "https://api.trello.com/1 for Trello.",
                        backend=backend.display_name,
                    )
                )
            if problem == "extra":
                raise ValidationError(
                    _(
                        "The API URL of %(backend)s must hold no query string, "
                        "fragment or user name: type only the address of the "
                        "API, such as https://api.trello.com/1.",
                        backend=backend.display_name,
                    )
                )
            if problem:
                raise ValidationError(
                    _(
                        "The API URL of %(backend)s is not a web address: type "
                        "https://api.trello.com/1 for Trello (or the address of "
                        "a Trello-compatible server, starting with https://).",
                        backend=backend.display_name,
                    )
                )

    @api.constrains("api_key")
    def _check_api_key(self):
        for backend in self.sudo():
            key = backend.api_key
            if key is False:
                continue
            if not API_KEY.fullmatch(key.strip()):
                raise ValidationError(
                    self.env._(
                        "The API key of %(backend)s must be 32 letters and "
                        "digits (0-9, a-f): copy it from the API key tab of your "
                        "Power-Up's admin page in Trello "
                        "(trello.com/power-ups/admin).",
                        backend=backend.display_name,
                    )
                )

    @api.constrains("api_token", "api_secret")
    def _check_token_and_secret(self):
        _ = self.env._
        for backend in self.sudo():
            for value, label, where in (
                (
                    backend.api_token,
                    _("token"),
                    _("follow the link Get a Token below the key and copy it"),
                ),
                (
                    backend.api_secret,
                    _("application secret"),
                    _(
                        "copy it from the API key tab of your Power-Up's admin "
                        "page in Trello"
                    ),
                ),
            ):
                if value is False or CREDENTIAL.fullmatch(value.strip()):
                    continue
                raise ValidationError(
                    _(
                        "The %(field)s of %(backend)s is empty or holds a space, "
                        "a line break, a quote or a letter outside ASCII: "
                        "%(where)s again, without anything around it.",
                        field=label,
                        backend=backend.display_name,
                        where=where,
                    )
                )

    def _check_credentials_entered(self):
        """Refuse to call Trello without a key or a token, naming the field
        (Trello's own answer, "invalid key", would not say it is empty)."""
        self.ensure_one()
        backend = self.sudo()
        for value, label in (
            (backend.api_key, self.env._("API key")),
            (backend.api_token, self.env._("token")),
        ):
            if not (value or "").strip():
                raise UserError(
                    self.env._(
                        "The %(field)s of %(backend)s is empty: enter it on the "
                        "backend's form, save, then try again.",
                        field=label,
                        backend=backend.display_name,
                    )
                )

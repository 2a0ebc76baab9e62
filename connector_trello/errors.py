# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Trello's errors, and the sentences that say them: one home.

The connector's exceptions (``client.py`` raises them from Trello's
answers: see its docstring for which answer is which), ``TRELLO_ERRORS``
(what a call to Trello can raise that a person must see explained), and
the sentences for the admin: what Trello refused, and a last guard.

Every error a person can meet (a notification, a board line, a failed job)
is a sentence that names what failed and what to do. What Trello says is
quoted only when it is a few plain words (``invalid value for idMembers``);
a text that still looks like a library's (``HTTPConnectionPool(...)``,
``MissingSchema``), a traceback or a URL with a query string (where
credentials travel in other clients) is replaced by a general sentence, and
logged for the server's administrator.
"""

import logging
import re

from odoo.exceptions import UserError

from odoo.addons.connector.exception import IDMissingInBackend, InvalidDataError
from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)


class TrelloError(Exception):
    """Base class of the errors raised by :class:`TrelloClient`."""


class TrelloAuthenticationError(TrelloError):
    """Trello refused the key or the token (HTTP 401)."""


class TrelloRequestError(TrelloError):
    """Trello refused the request itself (HTTP 400, 403, 409...)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class TrelloAccessError(TrelloRequestError):
    """The token cannot see this object (401 on a board or a card, e.g. its
    member was removed from the board): the token itself is fine."""


class TrelloRetryableError(RetryableJobError):
    """Rate limited, server error or network trouble: try again later.

    ``throttled`` tells a 429 (Trello asks to slow down: not a failure, its
    delay comes from the rate-limit headers) from an outage (which counts as
    a failed try and follows the job's retry pattern).
    """

    def __init__(self, msg, seconds=None, ignore_retry=False, throttled=False):
        super().__init__(msg, seconds=seconds, ignore_retry=ignore_retry)
        self.throttled = throttled


#: What a call to Trello can raise that the admin must see explained.
TRELLO_ERRORS = (
    TrelloError,
    TrelloRetryableError,
    IDMissingInBackend,
    InvalidDataError,
)

#: Words of a library or of Python that an admin must never read.
LIBRARY_WORDS = re.compile(
    r"Traceback|File \"|HTTPS?ConnectionPool|MissingSchema|InvalidSchema|"
    r"InvalidURL|NewConnectionError|ConnectionError|ReadTimeout|ConnectTimeout|"
    r"JSONDecodeError|Expecting value|RetryableJobError|IDMissingInBackend|"
    r"InvalidDataError|Trello\w*Error|KeyError|TypeError|AttributeError|"
    r"ValueError|object has no attribute|urllib3|requests\.|<\w+[ >]|\{'"
)
#: A URL with a query string.
URL_WITH_QUERY = re.compile(r"\w+://\S*\?")
#: Trello's 400 for a field: ``invalid value for idMembers``.
INVALID_VALUE = re.compile(r"invalid value for (\w+)")


def trello_words(text):
    """Trello's own words when they are a short plain phrase, else None."""
    text = (text or "").strip()
    if not text or len(text) > 160 or "\n" in text or LIBRARY_WORDS.search(text):
        return None
    if URL_WITH_QUERY.search(text) or "{" in text:
        return None
    return text


def safe_sentence(env, sentence):
    """``sentence`` when a person may read it; a general one otherwise."""
    text = str(sentence or "").strip()
    if text and not LIBRARY_WORDS.search(text) and not URL_WITH_QUERY.search(text):
        return text
    _logger.info("Trello error not shown as it is: %s", text)
    return env._(
        "Trello answered in a way the connector did not expect: try again in "
        "a moment; if it goes on, the server log has the details."
    )


def _field_hints(env):
    """What to do about a field Trello refused, by Trello's field name."""
    _ = env._
    return {
        "idMembers": _(
            "a user assigned in Odoo is mapped to a Trello member who is not on "
            "the board: add that member to the board in Trello, or map the user "
            "to a member of the board (the backend's Members tab)"
        ),
        "idList": _(
            "the stage has no list on the board in Trello any more: synchronize "
            "the board, then try again"
        ),
        "idLabels": _(
            "a tag has no label on the board in Trello any more: synchronize "
            "the board, then try again"
        ),
        "name": _(
            "the name is empty or too long for Trello (16,384 characters at "
            "most): change it in Odoo"
        ),
        "desc": _(
            "the description is too long for Trello (16,384 characters at "
            "most): shorten it in Odoo"
        ),
        "text": _("the comment is too long for Trello: shorten it in Odoo"),
        "due": _("the deadline is not a date Trello takes: change it in Odoo"),
        "start": _("the start date is not a date Trello takes: change it in Odoo"),
        "callbackURL": _(
            "Trello cannot reach the callback URL: check the webhook base URL"
        ),
    }


def describe_refusal(env, err):
    """A sentence for a request Trello refused (400, 403, 409, 410...)."""
    _ = env._
    status = getattr(err, "status", None)
    text = str(err)
    if status == 400:
        match = INVALID_VALUE.search(text)
        if match:
            field = match.group(1)
            hint = _field_hints(env).get(field) or _(
                "change that value in Odoo and save again"
            )
            return _(
                "Trello refused the value of %(field)s: %(hint)s.",
                field=field,
                hint=hint,
            )
        words = trello_words(text.partition(" ")[2])
        return _(
            "Trello refused the request as malformed (%(words)s): check the "
            "record's values, then try again.",
            words=words or _("error 400"),
        )
    if status == 403:
        return _(
            "Trello forbids this to the token's member (error 403): that member "
            "lacks the right on the board, or a limit of Trello is reached; "
            "check the member's rights on the board in Trello."
        )
    if status == 409:
        return _(
            "Trello refused the change because of a conflict (error 409): "
            "synchronize the board, then try again."
        )
    if status == 410:
        return _(
            "The object is gone from Trello (error 410): it was deleted there; "
            "synchronize its board to bring Odoo up to date."
        )
    return _(
        "Trello refused the request (error %(status)s): try again; if it goes "
        "on, the server log has the details.",
        status=status or "?",
    )


def with_sentence(err, sentence):
    """``err`` again, of the same class, its text ``sentence``.

    For a job's error: queue_job shows its text to the admin, and the code
    around the call may still catch it by its class. ``trello_sentence``
    marks it, so that an enclosing job boundary leaves it as it is.
    """
    try:
        if hasattr(err, "status"):
            new = type(err)(sentence, status=err.status)
        else:
            new = type(err)(sentence)
    except TypeError:  # a subclass with other arguments: its base's
        new = type(err).__mro__[1](sentence)
    new.trello_sentence = True
    return new


class TrelloPassingUserError(TrelloRetryableError, UserError):
    """A passing failure (an outage, a throttled token) told to a person.

    A ``UserError`` for the web client (a dialog with the sentence, not
    "Oops!" and a traceback), still a ``RetryableJobError`` for the code that
    tries the same call again.
    """

    #: the web client picks its dialog by this class name
    context = {"exception_class": "odoo.exceptions.UserError"}


def refused_in_a_click(err, sentence):
    """The error to raise from a button: a ``UserError`` with ``sentence``
    (a passing failure stays retryable, see :class:`TrelloPassingUserError`)."""
    if isinstance(err, TrelloRetryableError):
        return TrelloPassingUserError(
            sentence, seconds=err.seconds, throttled=err.throttled
        )
    return UserError(sentence)

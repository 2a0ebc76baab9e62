# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A thin HTTP client for Trello's REST API.

It is deliberately small: a configurable base URL (the emulator in tests,
``https://api.trello.com/1`` in production), the ``Authorization: OAuth``
header (query-string credentials would end up in proxy logs and cassettes),
explicit timeouts, and the translation of Trello's answers into the
connector's exceptions:

* 401 on the token itself (``invalid key``, ``invalid token``, or any 401
  to ``/members/me`` or ``/tokens``) becomes
  :class:`TrelloAuthenticationError`, with Trello's own words, so the admin
  sees what is wrong; a 401 on one object (``unauthorized permission
  requested``: a board the token's member was removed from, a card on it)
  is a :class:`TrelloAccessError`, about that object only;
* 404 becomes ``IDMissingInBackend``: the object is gone in Trello;
* 429, 5xx and network errors become :class:`TrelloRetryableError` (a
  ``RetryableJobError``) whose delay is read from the rate-limit headers when
  Trello sent them;
* other 4xx become :class:`TrelloRequestError`, with the plain-text body;
* a download that ends short of its ``Content-Length`` (or of the
  attachment's ``bytes``) is a :class:`TrelloRetryableError` too.

The key and the token never reach an error text or a log line: they are
checked before they go into a header (a line break in a pasted token would
make the HTTP library quote the whole header in its error), and masked in
every answer quoted in an error (a proxy's error page may quote the request).

It holds no Odoo state, so it can be used from scripts and benchmarks too.
"""

import json
import logging
import math
import re
import time
from urllib.parse import quote, urlencode

import requests

from odoo.addons.connector.exception import IDMissingInBackend, InvalidDataError

# The connector's errors live with the sentences that say them (one home);
# imported here too, where they are raised.
from .errors import (  # noqa: F401
    TRELLO_ERRORS,
    TrelloAccessError,
    TrelloAuthenticationError,
    TrelloError,
    TrelloRequestError,
    TrelloRetryableError,
)
from .tools import CARD_SET_KEYS

_logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.trello.com/1"
#: Seconds to connect and between two bytes of the answer: Trello itself
#: answers 504 after 30 s. (One number, not a (connect, read) pair, because
#: Odoo's test harness compares it with an int.)
DEFAULT_TIMEOUT = 40
#: Trello caps every list read (cards, actions, labels) at 1000 objects.
PAGE_SIZE = 1000
#: Trello's batch route takes at most 10 GET routes.
BATCH_SIZE = 10
#: Without rate-limit headers, retry a throttled job after the window.
DEFAULT_RETRY_SECONDS = 10
#: What a key or a token may hold: visible ASCII but the quote and the
#: backslash (the header quotes them). Trello's are hex digits, after
#: ``ATTA`` for the newer tokens.
CREDENTIAL = re.compile(r"[!#-\[\]-~]+")
#: What stands for the key or the token in a text quoted from an answer.
REDACTED = "[redacted]"


#: A 401 that is the token's: its words, or the token's own routes.
TOKEN_REFUSED = re.compile(r"invalid (app )?(key|token)|expired|revoked", re.I)
TOKEN_ROUTES = ("members/me", "tokens/")


def retry_seconds_from_headers(headers):
    """Seconds to wait before the next try, from Trello's rate-limit headers.

    Trello documents no ``Retry-After``; it sends, for the token and the key,
    the window length and what remains of it. When a budget is exhausted the
    safe wait is one whole window.
    """
    waits = []
    for scope in ("token", "key"):
        remaining = headers.get(f"x-rate-limit-api-{scope}-remaining")
        interval = headers.get(f"x-rate-limit-api-{scope}-interval-ms")
        if remaining is None or interval is None:
            continue
        try:
            if int(remaining) <= 0:
                waits.append(math.ceil(int(interval) / 1000))
        except ValueError:
            continue
    retry_after = headers.get("Retry-After")
    if retry_after and retry_after.isdigit():
        waits.append(int(retry_after))
    return max(waits) if waits else DEFAULT_RETRY_SECONDS


class TrelloClient:
    """Issue requests to one Trello API with one key and token."""

    def __init__(
        self,
        api_url,
        key,
        token,
        timeout=DEFAULT_TIMEOUT,
        session=None,
        before_request=None,
        throttle_wait=0,
    ):
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        # pasted with a space or a line break around them, often
        self.key = (key or "").strip()
        self.token = (token or "").strip()
        self.timeout = timeout
        self.session = session or requests.Session()
        #: Called before every request with what the request costs against
        #: Trello's rate limit (``before_request(cost)``), e.g. to take from
        #: a request budget that several processes share (see
        #: connector_trello_queue).
        self.before_request = before_request
        #: Seconds a request may wait in all, in place, for Trello's rate
        #: limit (its 429s) before the 429 is raised (0: at once).
        self.throttle_wait = throttle_wait

    def close(self):
        """Release the pooled connections (the end of a synchronization)."""
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- transport -------------------------------------------------------

    @property
    def auth_header(self):
        """Trello's OAuth-style header: works for every route, downloads too."""
        return {
            "Authorization": (
                f'OAuth oauth_consumer_key="{self.key}", oauth_token="{self.token}"'
            )
        }

    def _check_credentials(self):
        """Refuse a key or a token that no header can carry, before sending.

        The HTTP library would raise an error quoting the whole header (the
        key and the token with it) into the job's exception and the log.
        """
        for value, word in ((self.key, "key"), (self.token, "token")):
            if value and not CREDENTIAL.fullmatch(value):
                raise TrelloAuthenticationError(
                    f"invalid {word}: it holds a character that no HTTP header "
                    "can carry (a space, a line break, a quote or a letter "
                    "outside ASCII)"
                )

    def redact(self, text):
        """``text`` with the key and the token masked, as is and URL-encoded.

        For what an answer says (a proxy's error page may quote the request
        with its headers) and what the HTTP library says about a URL.
        """
        text = str(text)
        for secret in (self.key, self.token):
            if len(secret) >= 8:
                for form in {secret, quote(secret, safe="")}:
                    text = text.replace(form, REDACTED)
        return text

    def url(self, path):
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.api_url}/{path.lstrip('/')}"

    def request(self, method, path, params=None, json_body=None, files=None, cost=1):
        """Send one request and return the decoded JSON answer.

        ``cost``: the requests it counts for in Trello's rate limit.
        """
        response = self._send(
            method, path, cost=cost, params=params, json=json_body, files=files
        )
        try:
            return response.json()
        except ValueError as err:
            raise TrelloRetryableError(
                f"Trello answered {method} {self.redact(path)} with a malformed body "
                f"({len(response.content)} bytes): {err}",
                seconds=DEFAULT_RETRY_SECONDS,
            ) from err

    def download(self, url, max_bytes=None, expected_size=None):
        """Download an uploaded attachment; None when it exceeds ``max_bytes``.

        A connection that drops in the middle of the body does not always
        raise: the HTTP library returns what arrived. So the bytes read are
        compared with the answer's ``Content-Length`` (or, when it has none,
        with ``expected_size``, the attachment's ``bytes``), and a short file
        is a :class:`TrelloRetryableError`, never a half file to store.
        """
        response = self._send("GET", url, stream=True)
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    response.close()
                    return None
                chunks.append(chunk)
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
        ) as err:
            url = self.redact(url)
            _logger.info(
                "GET %s failed after %d bytes: %s", url, size, self.redact(err)
            )
            raise TrelloRetryableError(
                f"The download of {url} from Trello was cut short after "
                f"{size} bytes: the connection dropped.",
                seconds=DEFAULT_RETRY_SECONDS,
            ) from err
        expected = self._announced_size(response, expected_size)
        if expected is not None and size < expected:
            raise TrelloRetryableError(
                f"The download of {self.redact(url)} from Trello was cut short: "
                f"{size} of {expected} bytes arrived.",
                seconds=DEFAULT_RETRY_SECONDS,
            )
        return b"".join(chunks)

    @staticmethod
    def _announced_size(response, expected_size):
        """The size the body must have, when it is known.

        ``Content-Length`` counts the bytes on the wire: a compressed body
        is decoded to a different size, so it only counts when the body is
        sent as is.
        """
        length = response.headers.get("Content-Length", "")
        encoding = response.headers.get("Content-Encoding", "identity").lower()
        if length.isdigit() and encoding == "identity":
            return int(length)
        return expected_size

    def _send(self, method, path, cost=1, **kwargs):
        """Send a request; a 429 waits in place within ``throttle_wait``.

        Trello refuses a throttled request before doing anything with it,
        so sending it again after the delay it asks is safe, for a POST as
        well, and keeps what the job did so far: rolling the job back to
        retry it would throw that work away. Every try goes through
        ``before_request`` (the shared budget) again.
        """
        waited = 0
        while True:
            try:
                return self._send_once(method, path, cost=cost, **kwargs)
            except TrelloRetryableError as err:
                seconds = err.seconds or DEFAULT_RETRY_SECONDS
                if not err.throttled or waited + seconds > self.throttle_wait:
                    raise
                _logger.info(
                    "Trello asks to slow down: %s %s sent again in %s s",
                    method,
                    self.redact(path),
                    seconds,
                )
                time.sleep(seconds)
                waited += seconds

    def _send_once(self, method, path, cost=1, **kwargs):
        url = self.url(path)
        self._check_credentials()
        if self.before_request is not None:
            self.before_request(cost)
        try:
            response = self.session.request(
                method,
                url,
                headers=self.auth_header,
                timeout=self.timeout,
                **kwargs,
            )
        except (requests.Timeout, requests.ConnectionError) as err:
            # The library's text (HTTPConnectionPool(...), the query string)
            # is for the server log; the exception says what happened.
            _logger.info(
                "%s %s failed: %s", method, self.redact(path), self.redact(err)
            )
            if isinstance(err, requests.Timeout):
                message = (
                    f"Trello at {self.api_url} did not answer in time (within "
                    f"{self.timeout:g} seconds)."
                )
            else:
                message = (
                    f"Cannot reach Trello at {self.api_url}: "
                    f"{self._connection_failure(err)}."
                )
            raise TrelloRetryableError(message, seconds=DEFAULT_RETRY_SECONDS) from err
        self._raise_for_status(method, path, response)
        return response

    @staticmethod
    def _connection_failure(err):
        """What went wrong with the connection, in a few plain words."""
        text = repr(err)
        for markers, words in (
            (("Connection refused",), "connection refused"),
            (
                ("Name or service not known", "nodename nor servname", "getaddrinfo"),
                "unknown host name",
            ),
            (("SSLError", "CERTIFICATE"), "the secure connection (TLS) failed"),
            (("reset by peer", "RemoteDisconnected", "aborted"), "connection cut"),
        ):
            if any(marker in text for marker in markers):
                return words
        return "the connection failed"

    def _raise_for_status(self, method, path, response):
        status = response.status_code
        if status < 400:
            return
        path = self.redact(path)
        text = self.redact((response.text or "").strip())[:500]
        if status == 401:
            if self._token_refused(path, text):
                raise TrelloAuthenticationError(text or "unauthorized")
            raise TrelloAccessError(f"401 {text}", status=status)
        if status == 404:
            raise IDMissingInBackend(f"{method} {path}: {text or 'not found'}")
        if status == 429 or status >= 500:
            seconds = retry_seconds_from_headers(response.headers)
            raise TrelloRetryableError(
                f"Trello answered {status} to {method} {path}: {text}",
                seconds=seconds,
                throttled=status == 429,
            )
        raise TrelloRequestError(f"{status} {text}", status=status)

    def _token_refused(self, path, text):
        """Whether a 401 is the token's (its own routes, or its words name
        the key or the token), not about the one object asked for."""
        route = self.url(path).removeprefix(self.api_url).lstrip("/")
        refused = route.startswith(TOKEN_ROUTES) or TOKEN_REFUSED.search(text)
        return not self.token or bool(refused)

    # -- API helpers -----------------------------------------------------

    def get(self, path, **params):
        return self.request("GET", path, params=params or None)

    def post(self, path, **params):
        return self.request("POST", path, json_body=params)

    def put(self, path, **params):
        return self.request("PUT", path, json_body=params)

    def delete(self, path):
        return self.request("DELETE", path)

    def paged(self, path, since=None, **params):
        """Every object of a list route, newest first, 1000 per request.

        Trello answers newest first and caps a page at 1000; walking back
        with ``before=<oldest id of the page>`` reads the whole list with
        ``ceil(n / 1000)`` requests (one more when n is a multiple of 1000).
        A page that does not go back past the cursor (a server that ignores
        ``before``) stops the walk with an error instead of looping forever.
        """
        if since:
            params["since"] = since
        before = None
        while True:
            page = self.page(path, before=before, **params)
            cursor = self.next_cursor(path, page, before)
            yield from page
            if cursor is None:
                return
            before = cursor

    def page(self, path, before=None, **params):
        """One page of a list route: up to 1000 objects, newest first.

        ``before`` is the cursor (an object id) the previous page gave
        (:meth:`next_cursor`); without it, the newest page. One request:
        what the page jobs of a large import read, one page per job.
        """
        params = dict(params, limit=PAGE_SIZE)
        if before:
            params["before"] = before
        page = self.get(path, **params)
        if not isinstance(page, list):
            raise TrelloRetryableError(
                f"Trello answered GET {path} with {type(page).__name__}, not a list",
                seconds=DEFAULT_RETRY_SECONDS,
            )
        return page

    def next_cursor(self, path, page, before=None):
        """The ``before`` of the page after ``page``; None after the last.

        A page shorter than 1000 is the last one. Trello has no offset
        paging: the cursor of a page is known only once the page before it
        is read.
        """
        if len(page) < PAGE_SIZE:
            return None
        oldest = self._oldest_id(path, page)
        if before and oldest >= before:
            raise InvalidDataError(
                f"Trello answered GET {path} with the same page again: the "
                f"paging cursor did not advance past {before}."
            )
        return oldest

    @staticmethod
    def _oldest_id(path, page):
        """The smallest id of a full page: the cursor of the next page."""
        ids = [item.get("id") if isinstance(item, dict) else None for item in page]
        if not all(ids):
            raise InvalidDataError(
                f"Trello answered GET {path} with objects without an id: the "
                "next page cannot be asked for."
            )
        return min(ids)

    def batch(self, routes):
        """GET several routes with ``/batch`` (10 per request).

        Returns one ``(status, body)`` tuple per route, in order. Build each
        route with :func:`batch_route`: the routes are joined with commas, so
        their own query strings must be URL-encoded. Each route counts as a
        request of its own in the rate limit, and the batch itself is
        counted too (Trello does not document it; the safe count).
        """
        results = []
        for start in range(0, len(routes), BATCH_SIZE):
            chunk = routes[start : start + BATCH_SIZE]
            answer = self.request(
                "GET", "batch", params={"urls": ",".join(chunk)}, cost=len(chunk) + 1
            )
            for item in answer:
                ((status, body),) = item.items()
                results.append((int(status), body))
        return results


def batch_route(path, params=None):
    """A sub-route of ``/batch``: ``/path?query``, ids and values encoded.

    Each path segment is quoted and the query URL-encoded, so that a comma
    (``fields=name,desc``), a ``&`` or a ``#`` in a value cannot split the
    route list or the route itself.
    """
    quoted = "/".join(quote(str(part), safe="") for part in path.strip("/").split("/"))
    query = urlencode(params or {})
    return f"/{quoted}?{query}" if query else f"/{quoted}"


def dumps(data):
    """Stable JSON text, for the values kept on bindings."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def dumps_synced(values):
    """``dumps`` of a binding's last synchronized values, the unordered
    lists sorted: the same state is the same text whichever side wrote it
    (a label added by a delta comes last in Trello), so that an import
    after an export writes nothing."""
    return dumps(
        {
            key: sorted(value)
            if key in CARD_SET_KEYS and isinstance(value, list)
            else value
            for key, value in values.items()
        }
    )

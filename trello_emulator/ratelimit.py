"""Trello's per-token and per-key request limits (sliding window).

Trello allows 100 requests per 10 s per token and 300 per 10 s per API key
and reports the budget on every answer in ``x-rate-limit-*`` headers; a
request over the limit gets a JSON 429.  Rejected requests do not consume
budget, so a client that backs off until the window has passed recovers.

``/1/members/{id}`` itself (not the nested ``/1/members/{id}/boards``…) has a
stricter limit on top: 100 requests per 900 s per token.
"""

import collections
import threading
import time

TOKEN_ERROR = "API_TOKEN_LIMIT_EXCEEDED"
KEY_ERROR = "API_KEY_LIMIT_EXCEEDED"
MEMBERS_ERROR = "MEMBER_LIMIT_EXCEEDED"


class RateLimiter:
    """Sliding-window counters for tokens and keys."""

    def __init__(
        self,
        token_limit=100,
        key_limit=300,
        window_seconds=10.0,
        enabled=True,
        clock=time.monotonic,
        members_limit=100,
        members_window=900.0,
    ):
        self.token_limit = token_limit
        self.key_limit = key_limit
        self.window = window_seconds
        self.members_limit = members_limit
        self.members_window = members_window
        self.enabled = enabled
        self.clock = clock
        self._lock = threading.Lock()
        self._hits = collections.defaultdict(collections.deque)

    def reset(self):
        with self._lock:
            self._hits.clear()

    def _used(self, bucket, now, window=None):
        hits = self._hits[bucket]
        while hits and hits[0] <= now - (window or self.window):
            hits.popleft()
        return len(hits)

    def hit(self, key, token, members=False):
        """Count one request; return ``(error_code or None, headers)``.

        ``members``: a ``/1/members/{id}`` request, which also counts against
        the token's members limit.
        """
        with self._lock:
            now = self.clock()
            used_token = self._used(("token", token), now) if token else 0
            used_key = self._used(("key", key), now) if key else 0
            members = bool(members and token)
            used_members = (
                self._used(("members", token), now, self.members_window)
                if members
                else 0
            )
            error = None
            if self.enabled and token and used_token >= self.token_limit:
                error = TOKEN_ERROR
            elif self.enabled and key and used_key >= self.key_limit:
                error = KEY_ERROR
            elif self.enabled and members and used_members >= self.members_limit:
                error = MEMBERS_ERROR
            if error is None and (key or token):
                if token:
                    self._hits[("token", token)].append(now)
                    used_token += 1
                if key:
                    self._hits[("key", key)].append(now)
                    used_key += 1
                if members:
                    self._hits[("members", token)].append(now)
            return error, self._headers(used_token, used_key)

    def peek_headers(self, key=None, token=None):
        """Headers for answers that did not consume budget (e.g. 401s)."""
        with self._lock:
            now = self.clock()
            used_token = self._used(("token", token), now) if token else 0
            used_key = self._used(("key", key), now) if key else 0
            return self._headers(used_token, used_key)

    def _headers(self, used_token, used_key):
        interval = str(int(self.window * 1000))
        return {
            "x-rate-limit-api-token-interval-ms": interval,
            "x-rate-limit-api-token-max": str(self.token_limit),
            "x-rate-limit-api-token-remaining": str(
                max(0, self.token_limit - used_token)
            ),
            "x-rate-limit-api-key-interval-ms": interval,
            "x-rate-limit-api-key-max": str(self.key_limit),
            "x-rate-limit-api-key-remaining": str(max(0, self.key_limit - used_key)),
        }

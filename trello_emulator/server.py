"""The :class:`TrelloEmulator`: store + WSGI app + threaded HTTP server.

It is both the in-process API for tests (start on a free port in a thread,
reset between tests, read counters, inject faults) and what the CLI runs.
"""

import json
import os
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from .app import TrelloApp
from .faults import FaultInjector
from .ratelimit import RateLimiter
from .seeds import apply_seed, check_seed
from .store import Store
from .webhooks import WebhookDispatcher

DEFAULT_KEY = "0c2b6e8f4a1d9e7b3c5a8f2d6e4b1a9c"
DEFAULT_TOKEN = "a1f0e2d3c4b5a6978877665544332211ffeeddccbbaa99887766554433221100"
DEFAULT_SECRET = "5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7"
OTHER_TOKEN = (
    "ATTA"
    + "b0b0b0b0b1b1b1b1b2b2b2b2b3b3b3b3b4b4b4b4b5b5b5b5b6b6b6b6b7b7b7b7"
    + "0b0b5eed"
)


class QuietHandler(WSGIRequestHandler):
    """No access log on stderr unless asked for (tests and benchmarks)."""

    verbose = False

    def log_request(self, *args, **kwargs):
        if self.verbose:
            super().log_request(*args, **kwargs)


class TrelloEmulator:
    """A Trello-compatible server on ``host:port`` (``port=0``: pick one).

    ``token_limit``/``key_limit``/``window_seconds`` configure the rate
    limit, ``members_limit``/``members_window_seconds`` the stricter one of
    ``/1/members/{id}``; ``webhook_retry_delays`` the pauses between delivery retries
    (3 retries by default); ``allow_remote_webhooks`` lifts the loopback-only
    rule for callbacks; ``self_urls`` makes the ``url``/``shortUrl`` of
    boards and cards point at this server's own ``/b/…`` and ``/c/…`` pages
    instead of trello.com (off by default: recorded answers stay identical).
    ``account``: the 6 hex digits of every id after its seconds; by default
    each emulator draws its own, so that two emulators are two Trello
    accounts whose ids never meet (``store.MACHINE`` gives the fixed ids
    that cassettes and replay tests name).
    """

    def __init__(
        self,
        host="127.0.0.1",
        port=0,
        key=DEFAULT_KEY,
        token=DEFAULT_TOKEN,
        secret=DEFAULT_SECRET,
        seed="demo",
        rate_limit=True,
        faults=None,
        state_file=None,
        deterministic=True,
        token_limit=100,
        key_limit=300,
        window_seconds=10.0,
        members_limit=100,
        members_window_seconds=900.0,
        webhook_retry_delays=(0.05, 0.1, 0.2),
        webhook_timeout=5.0,
        allow_remote_webhooks=False,
        other_token=OTHER_TOKEN,
        verbose=False,
        self_urls=False,
        account=None,
    ):
        self.host = host
        self.port = port
        self.key = key
        self.token = token
        self.other_token = other_token
        self.secret = secret
        self.seed = check_seed(seed)
        self.state_file = state_file
        self.verbose = verbose
        self.store = Store(deterministic=deterministic, account=account)
        self.store.self_urls = self_urls
        self.limiter = RateLimiter(
            token_limit,
            key_limit,
            window_seconds,
            enabled=rate_limit,
            members_limit=members_limit,
            members_window=members_window_seconds,
        )
        self.faults = FaultInjector(faults)
        self.webhooks = WebhookDispatcher(
            self.store,
            secret,
            webhook_retry_delays,
            webhook_timeout,
            allow_remote_webhooks,
        )
        self.app = TrelloApp(self)
        self._server = None
        self._thread = None
        self.member_id = self.other_member_id = None
        if state_file and os.path.exists(state_file):
            self.load_state(state_file)
        else:
            self._seed(self.seed)

    # ------------------------------------------------------------------
    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self):
        return self.url + "/1"

    def start(self):
        """Serve in a background thread (threaded server); return self."""
        if self._server is not None:
            return self
        handler = type("Handler", (QuietHandler,), {"verbose": self.verbose})
        self._server = make_server(
            self.host, self.port, self.app, threaded=True, request_handler=handler
        )
        self._server.daemon_threads = True
        self.port = self._server.server_port
        self.store.base_url = self.url
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="trello-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self):
        """Serve in the calling thread (used by the CLI)."""
        self.start()
        self._thread.join()

    def stop(self):
        """Stop serving, finish webhook deliveries, save the state file."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None
            self._thread = None
        self.webhooks.flush(timeout=2)
        self.webhooks.stop()
        if self.state_file:
            self.save_state(self.state_file)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ------------------------------------------------------------------
    def _seed(self, seed):
        with self.store.lock:
            self.member_id, self.other_member_id = apply_seed(
                self.store, seed, self.token, self.other_token
            )
            self.store.base_url = self.url if self._server else self.store.base_url

    def reset(self, seed=None):
        """Wipe data, re-seed (default: the current seed), reset counters,
        rate-limit windows and faults."""
        seed = check_seed(seed or self.seed)
        self.seed = seed
        self._seed(seed)
        self.reset_counters()
        self.limiter.reset()
        self.faults.set(None)
        return self

    def counters(self):
        return self.app.counters.snapshot()

    def reset_counters(self):
        self.app.counters.reset()

    def set_faults(self, spec):
        """Same syntax as ``--faults``; ``None`` clears."""
        self.faults.set(spec)

    def flush_webhooks(self, timeout=5.0):
        """Wait for pending webhook deliveries; False on timeout."""
        return self.webhooks.flush(timeout)

    def info(self):
        return {
            "url": self.url,
            "seed": self.seed,
            "member_id": self.member_id,
            "other_member_id": self.other_member_id,
            "deterministic": self.store.deterministic,
            "rate_limit": self.limiter.enabled,
            "faults": self.faults.spec,
            "self_urls": self.store.self_urls,
        }

    # ------------------------------------------------------------------
    def save_state(self, path):
        """Write all data as JSON (atomically: temp file then rename)."""
        state = self.store.dump()
        state["_emulator"] = {
            "seed": self.seed,
            "member_id": self.member_id,
            "other_member_id": self.other_member_id,
        }
        tmp = f"{path}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(state, handle)
        os.replace(tmp, path)

    def load_state(self, path):
        with open(path, encoding="utf-8") as handle:
            state = json.load(handle)
        self.store.load(state)
        meta = state.get("_emulator", {})
        self.seed = meta.get("seed", self.seed)
        self.member_id = self.store.tokens.get(self.token, meta.get("member_id"))
        self.other_member_id = self.store.tokens.get(
            self.other_token, meta.get("other_member_id")
        )

"""Webhook verification, signing and delivery.

Trello checks a callback with ``HEAD`` before it accepts a webhook, then
POSTs ``{"action", "model"}`` for each action on the watched model, signed
in ``X-Trello-Webhook`` with base64(HMAC-SHA1(secret, body + callbackURL)).
A 410 answer deletes the webhook; other failures are retried and counted in
``consecutiveFailures``.

Deliveries run in one background thread, in action order, after the HTTP
answer that caused them has been sent (the request's deliveries are released
when the response is closed).  :meth:`WebhookDispatcher.flush` lets tests
wait for them.
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import queue
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from .render import Context
from .store import iso

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def sign_webhook(secret, body, callback_url):
    """Trello's ``X-Trello-Webhook`` value for ``body`` sent to ``callback_url``.

    ``body`` is the raw request body (bytes, or str encoded as UTF-8); the
    message is the body followed by the callback URL exactly as registered.
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    digest = hmac.new(secret, body + callback_url.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(digest.digest()).decode("ascii")


def is_loopback_url(url):
    """True if every address the URL's host resolves to is a loopback one."""
    try:
        parsed = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return False
    host = parsed.hostname
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(
        ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos
    )


def http_status(url, method, body=None, headers=None, timeout=5.0):
    """Send one request; return the status, or None if it could not connect."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, ValueError):
        return None


class WebhookDispatcher:
    """Builds payloads for new actions and delivers them in the background."""

    def __init__(
        self,
        store,
        secret,
        retry_delays=(0.05, 0.1, 0.2),
        timeout=5.0,
        allow_remote=False,
    ):
        self.store = store
        self.secret = secret
        self.retry_delays = tuple(retry_delays)
        self.timeout = timeout
        self.allow_remote = allow_remote
        self.deliveries = []  # (webhook id, status or None) log, for tests
        self._queue = queue.Queue()
        self._local = threading.local()
        self._cond = threading.Condition()
        self._pending = 0
        self._thread = None
        store.action_listeners.append(self.on_action)

    # ------------------------------------------------------------------
    def head_check(self, url):
        """Status of ``HEAD url`` (None when unreachable)."""
        return http_status(url, "HEAD", timeout=self.timeout)

    def on_action(self, action):
        """Store listener: queue a signed payload per matching webhook."""
        store = self.store
        hooks = [
            h
            for h in store.webhooks.values()
            if h["active"]
            and (
                h["idModel"] in action["_models"]
                or h["idModel"] == action["idMemberCreator"]
            )
        ]
        for hook in hooks:
            kind, model = store.model_for_id(hook["idModel"])
            ctx = Context(store)
            rendered = (
                getattr(ctx, kind)(model) if kind != "member" else ctx.member(model)
            )
            rendered_action = ctx.action(action)
            rendered_action["display"] = ctx.display(action)
            payload = {"action": rendered_action, "model": rendered}
            body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
            item = (hook["id"], hook["callbackURL"], body.encode("utf-8"))
            with self._cond:
                self._pending += 1
            held = getattr(self._local, "held", None)
            if held is not None:
                held.append(item)
            else:
                self._enqueue(item)

    def hold(self):
        """Start holding this thread's deliveries until :meth:`release`."""
        self._local.held = []

    def release(self):
        """Send the deliveries held for this thread (after the response)."""
        held = getattr(self._local, "held", None)
        self._local.held = None
        for item in held or ():
            self._enqueue(item)

    def take_held(self):
        """Detach the held deliveries so another callback can release them."""
        held = getattr(self._local, "held", None) or []
        self._local.held = None
        return held

    def enqueue_all(self, items):
        for item in items:
            self._enqueue(item)

    def _enqueue(self, item):
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._run, name="trello-emulator-webhooks", daemon=True
            )
            self._thread.start()
        self._queue.put(item)

    def _run(self):
        while True:
            item = self._queue.get()
            if item is None:
                return
            try:
                self._deliver(*item)
            finally:
                with self._cond:
                    self._pending -= 1
                    self._cond.notify_all()

    def _deliver(self, hook_id, url, body):
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "trello-emulator",
            "X-Trello-Webhook": sign_webhook(self.secret, body, url),
        }
        for attempt in range(1 + len(self.retry_delays)):
            with self.store.lock:
                if hook_id not in self.store.webhooks:
                    return
            status = http_status(url, "POST", body, headers, timeout=self.timeout)
            self.deliveries.append((hook_id, status))
            with self.store.lock:
                hook = self.store.webhooks.get(hook_id)
                if hook is None:
                    return
                if status is not None and 200 <= status < 300:
                    hook["consecutiveFailures"] = 0
                    hook["firstConsecutiveFailDate"] = None
                    return
                if status == 410:
                    del self.store.webhooks[hook_id]
                    return
                hook["consecutiveFailures"] += 1
                if hook["firstConsecutiveFailDate"] is None:
                    hook["firstConsecutiveFailDate"] = iso(self.store.peek_now())
            if attempt < len(self.retry_delays):
                time.sleep(self.retry_delays[attempt])

    # ------------------------------------------------------------------
    def flush(self, timeout=5.0):
        """Wait until every queued delivery (with retries) is done."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def stop(self):
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=2)
        self._thread = None

"""The WSGI application: routing, auth, rate limits, faults and counters.

Request pipeline for ``/1/…``: count the request under its route template,
draw a fault, authenticate (Trello's 401 bodies), apply the rate limit
(JSON 429), run the handler under the store lock, serialise compact JSON and
add Trello's headers (``x-rate-limit-*`` on every answer).  ``/``,
``/b/…``, ``/c/…`` and ``/1/authorize`` are the HTML pages (:mod:`.pages`)
and ``/_emulator/…`` the control API for tests and benchmarks; none is rate
limited or faulted.
"""

import copy
import json
import re
import socket
import threading
import time
import urllib.parse
from collections import Counter

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from . import routes
from .auth import authenticate, credentials
from .error_faults import ERROR_KINDS, error_answer
from .errors import NOT_FOUND, ApiError
from .faults import AFTER_KINDS
from .pages import is_page_path, page_template, serve_page

COMMON_HEADERS = {
    "X-Trello-Version": "1.2345.0",
    "X-Trello-Environment": "Production",
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "max-age=0, must-revalidate, no-cache, no-store",
}
PARAM_NAMES = {
    "ref": "id",
    "member_ref": "idMember",
    "label_ref": "idLabel",
    "action_ref": "idAction",
    "item_ref": "idCheckItem",
    "att_ref": "idAttachment",
    "which": "filter",
    "file_name": "fileName",
}


def template_of(rule):
    """``/1/boards/<ref>`` to ``/1/boards/{id}`` for the counters."""
    return re.sub(
        r"<(?:[^:>]+:)?([^>]+)>",
        lambda m: "{" + PARAM_NAMES.get(m.group(1), m.group(1)) + "}",
        rule,
    )


def dumps(data):
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Counters:
    """Requests by method and by route template since start or reset, and
    the 429s of the rate limits (a refused batch item counts as one)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self._total = 0
            self._by_route = Counter()
            self._by_method = Counter()
            self._rate_limited = 0

    def count_rate_limited(self):
        with self._lock:
            self._rate_limited += 1

    def count(self, method, template):
        with self._lock:
            self._total += 1
            self._by_route[f"{method} {template}"] += 1
            self._by_method[method] += 1

    def snapshot(self):
        with self._lock:
            return {
                "total": self._total,
                "by_route": dict(sorted(self._by_route.items())),
                "by_method": dict(sorted(self._by_method.items())),
                "rate_limited": self._rate_limited,
            }


class TrelloApp:
    """WSGI callable serving the emulated API for one :class:`Store`."""

    def __init__(self, emulator):
        self.emulator = emulator
        self.store = emulator.store
        self.limiter = emulator.limiter
        self.faults = emulator.faults
        self.webhooks = emulator.webhooks
        self.counters = Counters()
        self._local = threading.local()
        rules = []
        self.options = {}
        for method, path, func, options in routes.ROUTES:
            endpoint = f"{method} {path}"
            rules.append(Rule(path, methods=[method], endpoint=endpoint))
            self.options[endpoint] = (func, options)
        self.url_map = Map(rules, strict_slashes=False, merge_slashes=False)

    # ------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        response = self.handle(request)
        return response(environ, start_response)

    def handle(self, request):
        path = request.path
        if path.startswith("/_emulator"):
            return self.control(request)
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match(path, method=request.method)
            template = endpoint.split(" ", 1)[1]
            template = template_of(template)
        except HTTPException:
            endpoint, args = None, {}
            template = path if not path.startswith("/1/") else "/1/(unknown)"
            template = page_template(path) or template
        self.counters.count(request.method, template)
        if is_page_path(path):
            page = serve_page(self, request)
            if page is not None:
                return page
            return Response(NOT_FOUND, 404, content_type="text/plain; charset=utf-8")
        fault = self.faults.pick(request.method, path)
        if fault is not None:
            if fault.kind == "delay":
                time.sleep(fault.delay)
            elif fault.kind == "drop":
                return self._drop(request)
            elif fault.kind in ERROR_KINDS:
                status, body, content_type = error_answer(fault.kind, fault.arg)
                return Response(body, status, content_type=content_type)
            elif fault.kind not in AFTER_KINDS:
                return self._fault_response(fault.kind)
        # A batch sub-request may draw a network fault: it hits the batch.
        self._local.network_fault = fault.kind if fault is not None else None
        response = self.api(request, endpoint, args)
        # The request was handled (a POST made its object): what follows is
        # an answer lost on its way back.
        network_fault = self._local.network_fault
        if network_fault in ("drop", "drop-after"):
            return self._drop(request)
        if network_fault in ("500-after", "503-after"):
            return self._fault_response(network_fault.split("-")[0])
        if network_fault == "truncate":
            body = response.get_data()
            response.set_data(body[: max(0, len(body) // 2)])
        return response

    # ------------------------------------------------------------------
    def _drop(self, request):
        """Close the connection without answering (a network fault).

        The body is read first: left unread in the connection's buffer, the
        server would parse it as a next request and log a "Bad request".
        """
        request.get_data()
        sock = request.environ.get("werkzeug.socket")
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            raise ConnectionAbortedError("fault injection: connection dropped")
        return Response(b"", 500)

    def _fault_response(self, kind):
        headers = dict(COMMON_HEADERS)
        headers.update(self.limiter.peek_headers())
        if kind == "429":
            body = {
                "error": "API_TOKEN_LIMIT_EXCEEDED",
                "message": "Rate limit exceeded",
            }
            return Response(
                dumps(body),
                429,
                headers=headers,
                content_type="application/json; charset=utf-8",
            )
        text = {"500": "Internal Server Error", "503": "Service Unavailable"}[kind]
        return Response(
            text, int(kind), headers=headers, content_type="text/plain; charset=utf-8"
        )

    @staticmethod
    def parse_params(request):
        """Merge query string, form body and JSON body (later ones win)."""
        params = {k: request.args.get(k) for k in request.args}
        if request.mimetype in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            params.update({k: request.form.get(k) for k in request.form})
        elif request.mimetype == "application/json" or (
            request.mimetype in ("", "text/plain") and request.content_length
        ):
            raw = request.get_data()
            if raw.strip():
                try:
                    data = json.loads(raw)
                except ValueError:
                    if request.mimetype == "application/json":
                        raise ApiError(400, "invalid json") from None
                    data = None
                if isinstance(data, dict):
                    params.update(data)
        return params

    def api(self, request, endpoint, args):
        key = token = None
        headers = dict(COMMON_HEADERS)
        held = []
        try:
            params = self.parse_params(request)
            key, token, from_header = credentials(request.headers, params)
            options = self.options[endpoint][1] if endpoint else {}
            if options.get("header_auth_only") and not from_header:
                raise ApiError(401, "unauthorized permission requested")
            with self.store.lock:
                member_id = authenticate(
                    key, token, self.emulator.key, self.store.tokens
                )
            error, limit_headers = self.limiter.hit(
                key, token, members=options.get("members_limit")
            )
            headers.update(limit_headers)
            if error:
                self.counters.count_rate_limited()
                body = {"error": error, "message": "Rate limit exceeded"}
                return Response(
                    dumps(body),
                    429,
                    headers=headers,
                    content_type="application/json; charset=utf-8",
                )
            if endpoint is None:
                raise ApiError(404, NOT_FOUND)
            func = self.options[endpoint][0]
            call = routes.Call(
                self, params, request.files, member_id, token, key, request.headers
            )
            self.webhooks.hold()
            try:
                if options.get("no_lock"):
                    result = func(call, **args)
                    body = result if isinstance(result, Response) else dumps(result)
                else:
                    with self.store.lock:
                        result = func(call, **args)
                        body = result if isinstance(result, Response) else dumps(result)
            finally:
                held = self.webhooks.take_held()
            if isinstance(body, Response):
                response = body
                response.headers.extend(headers)
            else:
                response = Response(
                    body,
                    200,
                    headers=headers,
                    content_type="application/json; charset=utf-8",
                )
            if held:
                response.call_on_close(lambda: self.webhooks.enqueue_all(held))
            return response
        except ApiError as exc:
            # A handler validates before it mutates, but never strand
            # deliveries of actions recorded before an error.
            self.webhooks.enqueue_all(held)
            if "x-rate-limit-api-token-max" not in headers:
                headers.update(self.limiter.peek_headers(key, token))
            if exc.json_body is not None:
                return Response(
                    dumps(exc.json_body),
                    exc.status,
                    headers=headers,
                    content_type="application/json; charset=utf-8",
                )
            return Response(
                exc.body,
                exc.status,
                headers=headers,
                content_type="text/plain; charset=utf-8",
            )

    def dispatch_internal(self, call, url):
        """Run one GET sub-request of ``/1/batch``; return ``(status, body)``.

        Each sub-request is a request of its own, as in Trello: it may draw a
        fault (``--faults`` globs match its own path) and counts against the
        rate limits (the ``/1/members`` one included), with the batch itself
        counted once more.  A 429, 500 or 503 fault answers this item only;
        a dropped connection or a truncated body hits the whole batch.
        """
        split = urllib.parse.urlsplit(url)
        path = "/1" + split.path
        params = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
        fault = self.faults.pick("GET", path)
        if fault is not None:
            if fault.kind == "delay":
                time.sleep(fault.delay)
            elif fault.kind in ("drop", "truncate", "drop-after"):
                self._local.network_fault = self._local.network_fault or fault.kind
            elif fault.kind in ERROR_KINDS:
                return error_answer(fault.kind, fault.arg)[:2]
            elif fault.kind == "429":
                return 429, {
                    "error": "API_TOKEN_LIMIT_EXCEEDED",
                    "message": "Rate limit exceeded",
                }
            else:
                # 500, 503 and their -after kinds: a GET has nothing to undo.
                status = fault.kind.split("-")[0]
                text = {"500": "Internal Server Error", "503": "Service Unavailable"}
                return int(status), text[status]
        adapter = self.url_map.bind("localhost")
        try:
            endpoint, args = adapter.match(path, method="GET")
        except HTTPException:
            endpoint, args = None, {}
        func, options = self.options[endpoint] if endpoint else (None, {})
        error, _ = self.limiter.hit(
            call.key, call.token, members=options.get("members_limit")
        )
        if error:
            self.counters.count_rate_limited()
            return 429, {"error": error, "message": "Rate limit exceeded"}
        if endpoint is None:
            return 404, NOT_FOUND
        if (
            options.get("no_lock")
            or options.get("header_auth_only")
            or (func is routes.batch_handler)
        ):
            return 400, "invalid value for urls"
        sub = routes.Call(self, params, {}, call.member_id, call.token, call.key)
        try:
            with self.store.lock:
                return 200, json.loads(dumps(func(sub, **args)))
        except ApiError as exc:
            return exc.status, (
                exc.json_body if exc.json_body is not None else exc.body
            )

    # ------------------------------------------------------------------
    def control(self, request):
        """``/_emulator/…``: counters, reset, faults, webhook flush, state."""
        path = request.path.rstrip("/")
        method = request.method
        try:
            params = self.parse_params(request)
        except ApiError:
            params = {}
        emu = self.emulator
        if path == "/_emulator/counters" and method == "GET":
            return self._json(self.counters.snapshot())
        if path == "/_emulator/counters/reset" and method == "POST":
            self.counters.reset()
            return self._json(self.counters.snapshot())
        if path == "/_emulator/reset" and method == "POST":
            emu.reset(seed=params.get("seed"))
            return self._json({"ok": True, "seed": emu.seed})
        if path == "/_emulator/faults" and method == "POST":
            try:
                emu.set_faults(params.get("spec") or None)
            except ValueError as exc:
                return Response(str(exc), 400, content_type="text/plain")
            return self._json({"ok": True, "spec": self.faults.spec})
        if path == "/_emulator/webhooks/flush" and method == "POST":
            return self._json(
                {"ok": emu.flush_webhooks(float(params.get("timeout") or 5))}
            )
        if path == "/_emulator/state" and method == "GET":
            return self._json(self.store.dump())
        if path == "/_emulator/cards" and method == "GET":
            return self._json(self._stored_cards(params.get("ids")))
        if path == "/_emulator/info" and method == "GET":
            return self._json(emu.info())
        return Response(NOT_FOUND, 404, content_type="text/plain; charset=utf-8")

    def _stored_cards(self, ids):
        """The stored cards named by ``ids`` (comma-separated; all without):
        what a benchmark polls many times a second, far lighter than the
        whole state."""
        with self.store.lock:
            cards = self.store.cards
            wanted = [i for i in (ids or "").split(",") if i] or list(cards)
            return {i: copy.deepcopy(cards[i]) for i in wanted if i in cards}

    @staticmethod
    def _json(data):
        return Response(
            dumps(data), 200, content_type="application/json; charset=utf-8"
        )

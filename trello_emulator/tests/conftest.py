"""Shared fixtures: one emulator per session, reset before each test.

Starting a server per test would cost more than the tests themselves;
``reset()`` restores the seed, counters, rate-limit windows and faults, so
tests stay independent.  Everything talks to 127.0.0.1 only.
"""

import http.server
import threading

import pytest
import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN, OTHER_TOKEN, TrelloEmulator


class Client:
    """Tiny requests wrapper that adds key/token as query parameters."""

    def __init__(self, emu, token=DEFAULT_TOKEN, key=DEFAULT_KEY):
        self.emu = emu
        self.auth = {"key": key, "token": token}
        self.session = requests.Session()
        self.session.trust_env = False

    def request(self, method, path, params=None, **kwargs):
        merged = dict(self.auth)
        merged.update(params or {})
        return self.session.request(
            method, self.emu.api_url + path, params=merged, timeout=10, **kwargs
        )

    def get(self, path, **params):
        return self.request("GET", path, params)

    def post(self, path, **params):
        return self.request("POST", path, params)

    def put(self, path, **params):
        return self.request("PUT", path, params)

    def delete(self, path, **params):
        return self.request("DELETE", path, params)

    def ok(self, method, path, **params):
        """Request and assert 200; return the JSON."""
        resp = self.request(method, path, params)
        assert resp.status_code == 200, (resp.status_code, resp.text)
        return resp.json()


@pytest.fixture(scope="session")
def server():
    emu = TrelloEmulator(seed="demo", webhook_retry_delays=(0.01, 0.02, 0.03))
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def emu(server):
    server.reset(seed="demo")
    server.webhooks.allow_remote = False
    return server


@pytest.fixture
def api(emu):
    return Client(emu)


@pytest.fixture
def bob(emu):
    return Client(emu, token=OTHER_TOKEN)


def board_by_name(api, name):
    boards = api.ok("GET", "/members/me/boards")
    return next(b for b in boards if b["name"] == name)


class Receiver:
    """A loopback HTTP server recording webhook calls.

    ``head_status`` answers HEAD; ``post_statuses`` is consumed one status
    per POST (the last one repeats).
    """

    def __init__(self):
        self.head_status = 200
        self.post_statuses = [200]
        self.posts = []
        self.heads = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_HEAD(self):
                receiver.heads += 1
                self.send_response(receiver.head_status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.posts.append((dict(self.headers), body))
                statuses = receiver.post_statuses
                status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/trello/webhook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver():
    rec = Receiver()
    yield rec
    rec.close()

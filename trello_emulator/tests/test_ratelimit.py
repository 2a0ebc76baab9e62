"""Per-token and per-key limits, headers and JSON 429 bodies."""

import time

import pytest

from trello_emulator import OTHER_TOKEN, TrelloEmulator

from .conftest import Client


@pytest.fixture
def small():
    emu = TrelloEmulator(seed="empty", token_limit=3, key_limit=5, window_seconds=0.6)
    emu.start()
    yield emu
    emu.stop()


def test_headers_on_every_answer(api):
    resp = api.get("/members/me")
    assert resp.headers["x-rate-limit-api-token-interval-ms"] == "10000"
    assert resp.headers["x-rate-limit-api-token-max"] == "100"
    assert resp.headers["x-rate-limit-api-key-max"] == "300"
    first = int(resp.headers["x-rate-limit-api-token-remaining"])
    again = api.get("/boards/bad")
    assert again.status_code == 400
    assert int(again.headers["x-rate-limit-api-token-remaining"]) == first - 1
    assert int(again.headers["x-rate-limit-api-key-remaining"]) < 300


def test_token_then_key_limit_and_recovery(small):
    alice = Client(small)
    bob = Client(small, token=OTHER_TOKEN)
    for expected in (2, 1, 0):
        resp = alice.get("/members/me")
        assert resp.status_code == 200
        assert resp.headers["x-rate-limit-api-token-remaining"] == str(expected)
    resp = alice.get("/members/me")
    assert resp.status_code == 429
    assert resp.json() == {
        "error": "API_TOKEN_LIMIT_EXCEEDED",
        "message": "Rate limit exceeded",
    }
    assert resp.headers["Content-Type"].startswith("application/json")
    assert bob.get("/members/me").status_code == 200
    assert bob.get("/members/me").status_code == 200  # key budget now used up
    resp = bob.get("/members/me")
    assert resp.status_code == 429
    assert resp.json()["error"] == "API_KEY_LIMIT_EXCEEDED"
    assert resp.headers["x-rate-limit-api-key-remaining"] == "0"
    time.sleep(0.65)
    assert alice.get("/members/me").status_code == 200


def test_disabled_rate_limit():
    with TrelloEmulator(seed="empty", rate_limit=False, token_limit=1) as emu:
        client = Client(emu)
        assert all(client.get("/members/me").status_code == 200 for _ in range(4))

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
    assert small.counters()["rate_limited"] == 0
    resp = alice.get("/members/me")
    assert resp.status_code == 429
    assert small.counters()["rate_limited"] == 1
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


def test_batch_sub_requests_count_against_the_limits():
    """A batch of N urls costs N + 1 requests; items over the limit get 429."""
    with TrelloEmulator(seed="demo", token_limit=6, window_seconds=30) as emu:
        client = Client(emu)
        board = client.ok("GET", "/members/me/boards")[0]  # 1 used
        urls = ",".join([f"/boards/{board['id']}?fields=name"] * 5)
        result = client.ok("GET", "/batch", urls=urls)  # 1 + 4 pass, 1 refused
        assert [next(iter(item)) for item in result] == ["200"] * 4 + ["429"]
        assert result[4]["429"] == {
            "error": "API_TOKEN_LIMIT_EXCEEDED",
            "message": "Rate limit exceeded",
        }
        resp = client.get("/batch", urls=urls)
        assert resp.status_code == 429
        assert resp.headers["x-rate-limit-api-token-remaining"] == "0"
        # the refused item, then the refused batch
        assert emu.counters()["rate_limited"] == 2
        assert emu.counters()["by_route"]["GET /1/batch"] == 2


def test_members_route_limit():
    """/1/members/{id} has its own, stricter, limit; nested routes do not count."""
    with TrelloEmulator(
        seed="empty", members_limit=3, members_window_seconds=0.8
    ) as emu:
        client = Client(emu)
        for _ in range(3):
            assert client.get("/members/me").status_code == 200
        resp = client.get("/members/me")
        assert resp.status_code == 429
        assert resp.json() == {
            "error": "MEMBER_LIMIT_EXCEEDED",
            "message": "Rate limit exceeded",
        }
        assert client.get(f"/members/{emu.member_id}").status_code == 429
        # nested routes and other routes are not limited by it
        assert client.get("/members/me/boards").status_code == 200
        assert client.get(f"/tokens/{client.auth['token']}").status_code == 200
        # in a batch, the sub-request counts against it too
        result = client.ok("GET", "/batch", urls="/members/me,/members/me/boards")
        assert next(iter(result[0])) == "429" and "200" in result[1]
        # another token has its own budget
        assert Client(emu, token=OTHER_TOKEN).get("/members/me").status_code == 200
        time.sleep(0.85)
        assert client.get("/members/me").status_code == 200


def test_members_limit_defaults():
    emu = TrelloEmulator(seed="empty")
    assert (emu.limiter.members_limit, emu.limiter.members_window) == (100, 900.0)

"""Fault injection: parsing, reproducibility, kinds and route globs."""

import time

import pytest
import requests

from trello_emulator import DEFAULT_KEY, parse_fault_spec


def test_parse_spec():
    faults, seed = parse_fault_spec("429:0.1,500:5%@/1/cards*,delay=20ms:0.2;seed=3")
    assert seed == 3
    assert [(f.kind, f.probability, f.glob) for f in faults] == [
        ("429", 0.1, None),
        ("500", 0.05, "/1/cards*"),
        ("delay", 0.2, None),
    ]
    assert faults[2].delay == pytest.approx(0.02)
    method = parse_fault_spec("503:1@POST /1/cards")[0][0]
    assert (method.method, method.glob) == ("POST", "/1/cards")
    assert parse_fault_spec("drop-after:1@POST /1/cards")[0][0].kind == "drop-after"
    for bad in ("teapot:0.1", "429", "429:2", "429:0.1;bogus=1", "400-after:1"):
        with pytest.raises(ValueError):
            parse_fault_spec(bad)


def _statuses(api, n):
    return [api.get("/members/me").status_code for _ in range(n)]


def test_reproducible_with_seed(api, emu):
    emu.set_faults("429:0.3,500:0.2,503:0.1;seed=7")
    first = _statuses(api, 40)
    emu.set_faults("429:0.3,500:0.2,503:0.1;seed=7")
    assert _statuses(api, 40) == first
    assert {429, 500, 503, 200} == set(first)
    emu.set_faults(None)
    assert set(_statuses(api, 5)) == {200}


def test_fault_bodies(api, emu):
    emu.set_faults("429:1")
    resp = api.get("/members/me")
    assert resp.json() == {
        "error": "API_TOKEN_LIMIT_EXCEEDED",
        "message": "Rate limit exceeded",
    }
    assert emu.counters()["rate_limited"] == 0  # a fault, not the limits
    emu.set_faults("503:1")
    assert api.get("/members/me").status_code == 503


def test_route_glob(api, emu):
    emu.set_faults("500:1@/1/cards*")
    assert api.get("/members/me").status_code == 200
    board = api.ok("GET", "/members/me/boards")[0]
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    assert api.get(f"/cards/{card['id']}").status_code == 500


def test_delay_drop_and_truncate(api, emu):
    emu.set_faults("delay=150ms:1")
    started = time.monotonic()
    assert api.get("/members/me").status_code == 200
    assert time.monotonic() - started >= 0.15
    emu.set_faults("drop:1")
    with pytest.raises(requests.ConnectionError):
        api.get("/members/me")
    emu.set_faults("truncate:1")
    resp = api.get("/members/me")
    assert resp.status_code == 200
    with pytest.raises(ValueError):
        resp.json()
    emu.set_faults(None)
    assert api.get("/members/me").json()["username"] == "alice"


def _names_in(api, list_id):
    return [c["name"] for c in api.ok("GET", f"/lists/{list_id}/cards")]


@pytest.mark.parametrize(
    ("kind", "status"),
    [("500-after", 500), ("503-after", 503), ("truncate", 200), ("drop-after", None)],
)
def test_after_faults_apply_the_write_then_lose_the_answer(api, emu, kind, status):
    """A POST faulted *after* the write made its card; its answer is lost."""
    board = api.ok("GET", "/members/me/boards")[0]
    list_id = api.ok("GET", f"/boards/{board['id']}/lists")[0]["id"]
    emu.set_faults(f"{kind}:1@POST /1/cards")
    if status is None:
        with pytest.raises(requests.ConnectionError):
            api.post("/cards", idList=list_id, name="Made despite the fault")
    else:
        resp = api.post("/cards", idList=list_id, name="Made despite the fault")
        assert resp.status_code == status
        with pytest.raises(ValueError):
            resp.json()
    emu.set_faults(None)
    assert _names_in(api, list_id).count("Made despite the fault") == 1


@pytest.mark.parametrize("kind", ["500", "503", "drop", "429"])
def test_before_faults_write_nothing(api, emu, kind):
    board = api.ok("GET", "/members/me/boards")[0]
    list_id = api.ok("GET", f"/boards/{board['id']}/lists")[0]["id"]
    emu.set_faults(f"{kind}:1@POST /1/cards")
    try:
        resp = api.post("/cards", idList=list_id, name="Never made")
        assert resp.status_code == int(kind)
    except requests.ConnectionError:
        assert kind == "drop"
    emu.set_faults(None)
    assert "Never made" not in _names_in(api, list_id)


def test_a_dropped_request_with_a_body_is_not_read_as_a_next_one(emu, caplog):
    """``drop`` closes the connection before the handler reads the body: the
    body left in the buffer was parsed as a next request ("Bad request")."""
    board = emu.store.boards[next(iter(emu.store.boards))]
    emu.set_faults("drop:1@POST /1/lists")
    with caplog.at_level("INFO", logger="werkzeug"):
        with pytest.raises(requests.ConnectionError):
            requests.post(
                f"{emu.api_url}/lists",
                json={"idBoard": board["id"], "name": "Never made", "pos": "bottom"},
                headers={"Authorization": f'OAuth oauth_consumer_key="{DEFAULT_KEY}"'},
                timeout=5,
            )
        time.sleep(0.2)  # the server thread goes on with the connection
    emu.set_faults(None)
    assert not [r for r in caplog.records if "Bad request" in r.getMessage()]


def test_after_faults_in_a_batch(api, emu):
    """A GET item has nothing to lose: 500-after answers the item, drop-after
    the whole batch."""
    urls, _ = _batch_urls(api)
    emu.set_faults("500-after:1@/1/cards/*")
    assert api.ok("GET", "/batch", urls=urls[0]) == [{"500": "Internal Server Error"}]
    emu.set_faults("drop-after:1@/1/cards/*")
    with pytest.raises(requests.ConnectionError):
        api.get("/batch", urls=urls[0])


def test_faults_over_http_control(api, emu):
    resp = requests.post(
        emu.url + "/_emulator/faults", data={"spec": "500:1"}, timeout=5
    )
    assert resp.status_code == 200
    assert api.get("/members/me").status_code == 500
    requests.post(emu.url + "/_emulator/faults", data={"spec": ""}, timeout=5)
    assert api.get("/members/me").status_code == 200


def _batch_urls(api):
    board = api.ok("GET", "/members/me/boards")[0]
    cards = api.ok("GET", f"/boards/{board['id']}/cards")[:5]
    return [f"/cards/{c['id']}" for c in cards], board


def test_batch_sub_requests_draw_faults(api, emu):
    """Each sub-request of /1/batch draws its own fault, by its own path."""
    urls, board = _batch_urls(api)
    emu.set_faults("500:1@/1/cards/*")
    result = api.ok("GET", "/batch", urls=",".join([*urls, f"/boards/{board['id']}"]))
    assert result[:5] == [{"500": "Internal Server Error"}] * 5
    assert result[5]["200"]["id"] == board["id"]
    emu.set_faults("429:1@/1/cards/*")
    result = api.ok("GET", "/batch", urls=urls[0])
    assert result == [
        {"429": {"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"}}
    ]
    emu.set_faults("503:1@/1/cards/*")
    assert api.ok("GET", "/batch", urls=urls[0]) == [{"503": "Service Unavailable"}]
    # a share of the items fails, reproducibly
    emu.set_faults("500:0.4@/1/cards/*;seed=3")
    first = [next(iter(item)) for item in api.ok("GET", "/batch", urls=",".join(urls))]
    emu.set_faults("500:0.4@/1/cards/*;seed=3")
    again = [next(iter(item)) for item in api.ok("GET", "/batch", urls=",".join(urls))]
    assert first == again and set(first) == {"200", "500"}


def test_batch_network_faults_hit_the_whole_batch(api, emu):
    urls, _ = _batch_urls(api)
    emu.set_faults("drop:1@/1/cards/*")
    with pytest.raises(requests.ConnectionError):
        api.get("/batch", urls=",".join(urls))
    emu.set_faults("truncate:1@/1/cards/*")
    resp = api.get("/batch", urls=",".join(urls))
    assert resp.status_code == 200
    with pytest.raises(ValueError):
        resp.json()
    emu.set_faults(None)
    assert all("200" in item for item in api.ok("GET", "/batch", urls=",".join(urls)))

"""The HTML page, the counters and the control API outside /1/."""

import requests

from .conftest import board_by_name


def test_html_page_shows_boards_and_changes(api, emu):
    page = requests.get(emu.url + "/", timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "Website relaunch" in page.text and "New hero banner" in page.text
    assert "<script" not in page.text
    assert "Guestbook page" not in page.text  # archived list is hidden
    board = board_by_name(api, "Website relaunch")
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    api.ok("PUT", f"/cards/{card['id']}", name="Changed <b>in</b> Trello")
    page = requests.get(emu.url + "/", params={"board": board["id"]}, timeout=5)
    assert "Changed &lt;b&gt;in&lt;/b&gt; Trello" in page.text
    assert "Support</h2>" not in page.text


def test_counters_by_route_template(api, emu):
    board = board_by_name(api, "Website relaunch")
    emu.reset_counters()
    api.get(f"/boards/{board['id']}")
    api.get(f"/boards/{board['shortLink']}")
    api.get(f"/boards/{board['id']}/cards/all")
    api.post("/cards", name="x")
    api.get("/nope/route")
    counters = emu.counters()
    assert counters["total"] == 5
    assert counters["by_route"]["GET /1/boards/{id}"] == 2
    assert counters["by_route"]["GET /1/boards/{id}/cards/{filter}"] == 1
    assert counters["by_route"]["POST /1/cards"] == 1
    assert counters["by_route"]["GET /1/(unknown)"] == 1
    assert counters["by_method"] == {"GET": 4, "POST": 1}
    over_http = requests.get(emu.url + "/_emulator/counters", timeout=5).json()
    assert over_http == counters  # control calls are not counted
    requests.post(emu.url + "/_emulator/counters/reset", timeout=5)
    assert emu.counters()["total"] == 0


def test_reset_over_http(api, emu):
    resp = requests.post(
        emu.url + "/_emulator/reset", data={"seed": "cards:30"}, timeout=5
    )
    assert resp.status_code == 200
    assert [b["name"] for b in api.ok("GET", "/members/me/boards")] == ["Load 30"]
    requests.post(emu.url + "/_emulator/reset", json={"seed": "demo"}, timeout=5)
    assert len(api.ok("GET", "/members/me/boards")) == 2
    info = requests.get(emu.url + "/_emulator/info", timeout=5).json()
    assert info["member_id"] == emu.member_id


def test_stored_cards_over_http(api, emu):
    board = board_by_name(api, "Website relaunch")
    cards = api.ok("GET", f"/boards/{board['id']}/cards")
    emu.reset_counters()
    first, second = cards[0]["id"], cards[1]["id"]
    url = emu.url + "/_emulator/cards"
    some = requests.get(url, params={"ids": f"{first},{second},nope"}, timeout=5)
    assert set(some.json()) == {first, second}
    assert some.json()[first]["name"] == cards[0]["name"]
    every = requests.get(url, timeout=5).json()
    assert set(every) == set(emu.store.cards)
    assert emu.counters()["total"] == 0  # not counted

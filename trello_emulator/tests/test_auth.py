"""Credentials, Trello's exact 401 bodies and access by board membership."""

import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN, OTHER_TOKEN

from .conftest import board_by_name


def _get(emu, path, params=None, **kwargs):
    return requests.get(emu.api_url + path, params=params, timeout=5, **kwargs)


def test_401_bodies(emu):
    cases = [
        ({}, "unauthorized permission requested"),
        ({"key": DEFAULT_KEY}, "unauthorized permission requested"),
        ({"token": DEFAULT_TOKEN}, "invalid app key"),
        ({"key": "f" * 32, "token": DEFAULT_TOKEN}, "invalid key"),
        ({"key": DEFAULT_KEY, "token": "0" * 64}, "invalid token"),
    ]
    for params, body in cases:
        resp = _get(emu, "/members/me", params)
        assert resp.status_code == 401
        assert resp.text == body
        assert resp.headers["Content-Type"].startswith("text/plain")
        assert "x-rate-limit-api-token-max" in resp.headers


def test_oauth_header_form_and_json_body(emu):
    header = f'OAuth oauth_consumer_key="{DEFAULT_KEY}", oauth_token="{DEFAULT_TOKEN}"'
    resp = _get(emu, "/members/me", headers={"Authorization": header})
    assert resp.status_code == 200
    assert resp.json()["username"] == "alice"
    # form body
    board = _get(
        emu, "/members/me/boards", {"key": DEFAULT_KEY, "token": DEFAULT_TOKEN}
    ).json()[0]
    resp = requests.post(
        emu.api_url + f"/boards/{board['id']}/labels",
        data={"key": DEFAULT_KEY, "token": DEFAULT_TOKEN, "name": "F", "color": "red"},
        timeout=5,
    )
    assert resp.status_code == 200, resp.text
    # JSON body
    resp = requests.post(
        emu.api_url + f"/boards/{board['id']}/labels",
        json={"key": DEFAULT_KEY, "token": DEFAULT_TOKEN, "name": "J", "color": None},
        timeout=5,
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["color"] is None


def test_token_reaches_only_its_boards(api, bob, emu):
    names = {b["name"] for b in api.ok("GET", "/members/me/boards")}
    assert names == {"Website relaunch", "Support"}
    private = board_by_name(bob, "Bob's notes")
    resp = api.get(f"/boards/{private['id']}")
    assert resp.status_code == 401
    assert resp.text == "unauthorized permission requested"
    card = bob.ok("GET", f"/boards/{private['id']}/cards")[0]
    assert api.get(f"/cards/{card['id']}").status_code == 401
    assert api.put(f"/cards/{card['id']}", name="x").status_code == 401
    assert bob.ok("GET", f"/cards/{card['id']}")["name"] == "Private idea"
    # Both token members belong to the shared boards.
    assert emu.member_id != emu.other_member_id
    web = board_by_name(bob, "Website relaunch")
    assert web["id"] == board_by_name(api, "Website relaunch")["id"]
    assert OTHER_TOKEN.startswith("ATTA")


def test_invalid_id_vs_not_found(api):
    resp = api.get("/boards/invalid")
    assert (resp.status_code, resp.text) == (400, "invalid id")
    resp = api.get("/boards/60d847d9aad2437cb984f8e1")
    assert (resp.status_code, resp.text) == (
        404,
        "The requested resource was not found.",
    )
    assert api.get("/cards/60d847d9aad2437cb984f8e1").status_code == 404
    assert api.get("/cards/not-an-id!").status_code == 400
    assert api.get("/lists/zzz").text == "invalid id"
    # unknown route
    assert api.get("/cards").status_code == 404

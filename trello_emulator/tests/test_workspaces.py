"""Workspaces, member keys, preview urls and ids unique to each emulator.

Checked against ``shared/data/real-trello-responses``: where a recording
holds a string (``idOrganization`` of every board, a member's
``gravatarHash`` and ``aaId``, an attachment action's ``previewUrl``), the
emulator answers a string too, not the ``null`` the loose shape check lets
through. The organization's shape is adlio/trello's recorded
``testdata/organizations/culturefoundry.json``.
"""

import json

import pytest

from trello_emulator import TrelloEmulator

from .conftest import Client, board_by_name
from .test_fidelity import DATA, shape_problems

RECORDED_ORGANIZATION = {
    "id": "571ab6ad9dc91c597d6e9f90",
    "name": "culturefoundry",
    "displayName": "Culture Foundry",
    "desc": "",
    "descData": None,
    "url": "https://trello.com/culturefoundry",
    "website": None,
    "logoHash": None,
    "products": [],
    "powerUps": [],
}


def _recorded(name):
    return json.loads((DATA / f"{name}.json").read_text())["body"]


@pytest.mark.skipif(DATA is None, reason="no recordings on this machine")
@pytest.mark.parametrize(
    ("recording", "route", "keys"),
    [
        ("board_get__2023", "board", ("idOrganization",)),
        ("member_me__2020-05", "/members/me", ("gravatarHash", "aaId")),
    ],
)
def test_strings_where_trello_has_strings(api, recording, route, keys):
    real = _recorded(recording)
    if route == "board":
        route = f"/boards/{board_by_name(api, 'Website relaunch')['id']}"
    mine = api.ok("GET", route)
    for key in keys:
        assert isinstance(real[key], str)
        assert isinstance(mine[key], str), key
        assert len(mine[key]) == len(real[key]), key


def test_every_board_is_in_a_workspace(api, bob):
    boards = api.ok("GET", "/members/me/boards")
    created = api.ok("POST", "/boards", name="New")
    me = api.ok("GET", "/members/me")
    for board in [*boards, created]:
        assert isinstance(board["idOrganization"], str)
    assert created["idOrganization"] in me["idOrganizations"]
    org = api.ok("GET", f"/organizations/{created['idOrganization']}")
    assert shape_problems(RECORDED_ORGANIZATION, org) == []
    assert created["id"] in org["idBoards"]
    assert api.ok("GET", f"/organizations/{org['name']}")["id"] == org["id"]
    listed = api.ok("GET", f"/organizations/{org['id']}/boards")
    assert created["id"] in [b["id"] for b in listed]
    # bob is on none of alice's workspace's boards... but on a shared one
    bobs = api.ok("GET", "/members/bob", fields="idOrganizations")["idOrganizations"]
    assert bob.get(f"/organizations/{bobs[0]}").status_code == 200
    alone = api.ok("POST", "/boards", name="Alice only")
    org_only = api.ok("GET", f"/organizations/{alone['idOrganization']}")
    assert alone["id"] in org_only["idBoards"]
    assert api.get("/organizations/ffffffffffffffffffffffff").status_code == 404


def test_image_upload_action_carries_preview_urls(api):
    board = board_by_name(api, "Website relaunch")
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    resp = api.request(
        "POST",
        f"/cards/{card['id']}/attachments",
        files={"file": ("shot.png", b"\x89PNG\r\n\x1a\n", "image/png")},
    )
    assert resp.status_code == 200
    action = api.ok(
        "GET", f"/boards/{board['id']}/actions", filter="addAttachmentToCard"
    )[0]
    attachment = action["data"]["attachment"]
    for key in ("previewUrl", "previewUrl2x"):
        assert "/previews/" in attachment[key] and attachment[key].startswith("http")


def test_two_emulators_are_two_accounts():
    with (
        TrelloEmulator(seed="demo") as first,
        TrelloEmulator(seed="demo") as second,
    ):
        ids = [
            {b["id"] for b in Client(emu).ok("GET", "/members/me/boards")}
            for emu in (first, second)
        ]
        assert ids[0] and ids[1] and not ids[0] & ids[1]
        assert set(first.store.cards).isdisjoint(second.store.cards)
    fixed = [TrelloEmulator(seed="demo", account="5e7a1c") for _ in range(2)]
    assert list(fixed[0].store.cards) == list(fixed[1].store.cards)

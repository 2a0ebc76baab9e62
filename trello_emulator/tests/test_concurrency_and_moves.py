"""Concurrent requests on the threaded server and moves across boards."""

from concurrent.futures import ThreadPoolExecutor

from .conftest import Client, board_by_name


def test_concurrent_card_creation(api, emu):
    board = board_by_name(api, "Support")
    lst = api.ok("GET", f"/boards/{board['id']}/lists")[0]

    def create(i):
        return Client(emu).ok("POST", "/cards", idList=lst["id"], name=f"c{i}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        cards = list(pool.map(create, range(40)))
    assert len({c["id"] for c in cards}) == 40
    assert len({c["idShort"] for c in cards}) == 40
    assert len({c["shortLink"] for c in cards}) == 40


def test_move_card_to_another_board(api):
    web = board_by_name(api, "Website relaunch")
    support = board_by_name(api, "Support")
    card = next(
        c
        for c in api.ok("GET", f"/boards/{web['id']}/cards")
        if c["name"] == "New hero banner"
    )
    target = api.ok("GET", f"/boards/{support['id']}/lists")[1]
    moved = api.ok(
        "PUT", f"/cards/{card['id']}", idBoard=support["id"], idList=target["id"]
    )
    assert (moved["idBoard"], moved["idList"]) == (support["id"], target["id"])
    assert moved["idLabels"] == []  # labels of the old board are dropped
    assert moved["idShort"] != card["idShort"]
    from_actions = api.ok(
        "GET", f"/boards/{web['id']}/actions", filter="moveCardFromBoard"
    )
    to_actions = api.ok(
        "GET", f"/boards/{support['id']}/actions", filter="moveCardToBoard"
    )
    assert from_actions[0]["data"]["card"]["id"] == card["id"]
    assert to_actions[0]["data"]["list"]["id"] == target["id"]
    resp = api.put(
        f"/cards/{card['id']}",
        idList=api.ok("GET", f"/boards/{web['id']}/lists")[0]["id"],
    )
    assert (resp.status_code, resp.text) == (400, "invalid value for idList")

"""Cards: filters, paging, fields, pos, updates with data.old, deletes."""

from .conftest import board_by_name


def _web(api):
    return board_by_name(api, "Website relaunch")


def _list(api, board, name, which="all"):
    lists = api.ok("GET", f"/boards/{board['id']}/lists/{which}")
    return next(x for x in lists if x["name"] == name)


def test_card_filters_visible_default(api):
    board = _web(api)
    visible = {c["name"] for c in api.ok("GET", f"/boards/{board['id']}/cards")}
    assert "Flash intro animation" not in visible  # archived card
    assert "Guestbook page" not in visible  # card in the archived list
    every = api.ok("GET", f"/boards/{board['id']}/cards/all")
    guestbook = next(c for c in every if c["name"] == "Guestbook page")
    assert guestbook["closed"] is False  # cards in archived lists stay open
    opened = {c["name"] for c in api.ok("GET", f"/boards/{board['id']}/cards/open")}
    assert "Guestbook page" in opened and "Flash intro animation" not in opened
    closed = api.ok("GET", f"/boards/{board['id']}/cards", filter="closed")
    assert [c["name"] for c in closed] == ["Flash intro animation"]
    assert len(every) == len(opened) + 1


def test_paging_newest_first_with_before_and_since(emu, api):
    emu.reset(seed="cards:2500")
    board = board_by_name(api, "Load 2500")
    path = f"/boards/{board['id']}/cards/all"
    seen, before = [], None
    while True:
        params = {"limit": 1000, "fields": "name,idList"}
        if before:
            params["before"] = before
        page = api.ok("GET", path, **params)
        if not page:
            break
        assert set(page[0]) == {"id", "name", "idList"}
        assert [c["id"] for c in page] == sorted((c["id"] for c in page), reverse=True)
        seen.extend(page)
        before = page[-1]["id"]
    assert len(seen) == 2500 and len({c["id"] for c in seen}) == 2500
    assert len(api.ok("GET", path, limit=1000)) == 1000
    newest = api.ok("GET", path, limit=1)[0]
    assert newest["name"] == "Card 2500"
    since = api.ok("GET", path, since=seen[10]["id"], limit=1000)
    assert [c["id"] for c in since] == [c["id"] for c in seen[:10]]
    resp = api.get(path, limit=1001)
    assert (resp.status_code, resp.text) == (400, "invalid value for limit")
    with_checklists = api.ok("GET", path, limit=20, checklists="all")
    assert any(c["checklists"] for c in with_checklists)
    # date cursor: ids embed the creation second
    date = seen[100]["id"]
    iso_before = api.ok("GET", path, before="2025-01-06T09:00:30.000Z", limit=5)
    assert all(int(c["id"][:8], 16) < 1736154030 for c in iso_before)
    assert api.ok("GET", path, before=date, limit=1)[0]["id"] == seen[101]["id"]


def test_pos_semantics(api):
    board = _web(api)
    todo = _list(api, board, "To Do")
    cards = api.ok("GET", f"/lists/{todo['id']}/cards")
    positions = [c["pos"] for c in cards]
    top = api.ok("POST", "/cards", idList=todo["id"], name="top", pos="top")
    assert top["pos"] == min(positions) / 2
    bottom = api.ok("POST", "/cards", idList=todo["id"], name="bottom")
    assert bottom["pos"] == max(positions) + 16384
    exact = api.ok("POST", "/cards", idList=todo["id"], name="x", pos="32767.5")
    assert exact["pos"] == 32767.5
    for bad in ("-1", "0", "middle"):
        resp = api.post("/cards", idList=todo["id"], name="bad", pos=bad)
        assert (resp.status_code, resp.text) == (400, "invalid value for pos")
    moved = api.ok("PUT", f"/cards/{exact['id']}", pos="top")
    assert moved["pos"] < top["pos"]
    names = [c["name"] for c in api.ok("GET", f"/lists/{todo['id']}/cards")]
    assert names[0] == "x" and names[-1] == "bottom"


def test_create_card_validation_and_defaults(api, emu):
    board = _web(api)
    assert api.post("/cards", name="x").text == "invalid value for idList"
    assert api.post("/cards", idList="nope").text == "invalid value for idList"
    todo = _list(api, board, "To Do")
    resp = api.post("/cards", idList=todo["id"], due="not a date")
    assert (resp.status_code, resp.text) == (400, "invalid value for due")
    card = api.ok(
        "POST",
        "/cards",
        idList=todo["id"],
        name="N",
        desc="**d**",
        due="2025-03-01T10:00:00Z",
        idMembers=emu.other_member_id,
    )
    assert card["due"] == "2025-03-01T10:00:00.000Z"
    assert card["start"] is None and card["dueComplete"] is False
    assert card["idMembers"] == [emu.other_member_id]
    assert card["badges"]["description"] is True
    assert card["idShort"] > 10


def test_update_card_records_data_old_and_list_moves(api):
    board = _web(api)
    todo, doing = _list(api, board, "To Do"), _list(api, board, "Doing")
    card = api.ok("POST", "/cards", idList=todo["id"], name="Move me")
    before = card["dateLastActivity"]
    updated = api.ok(
        "PUT",
        f"/cards/{card['id']}",
        name="Moved",
        idList=doing["id"],
        due="2025-04-01T00:00:00.000Z",
        dueComplete="true",
    )
    assert updated["idList"] == doing["id"] and updated["dueComplete"] is True
    assert updated["dateLastActivity"] > before
    action = api.ok(
        "GET", f"/boards/{board['id']}/actions", filter="updateCard", limit=1
    )[0]
    data = action["data"]
    assert data["old"] == {
        "name": "Move me",
        "idList": todo["id"],
        "due": None,
        "dueComplete": False,
    }
    assert data["card"]["name"] == "Moved" and data["card"]["idList"] == doing["id"]
    assert data["listBefore"] == {"id": todo["id"], "name": "To Do"}
    assert data["listAfter"] == {"id": doing["id"], "name": "Doing"}
    assert action["memberCreator"]["username"] == "alice"
    sub = api.ok("GET", f"/boards/{board['id']}/actions", filter="updateCard:idList")
    assert sub[0]["id"] == action["id"]
    closed = api.ok("PUT", f"/cards/{card['id']}/closed", value="true")
    assert closed["closed"] is True
    resp = api.put(f"/cards/{card['id']}", closed="maybe")
    assert (resp.status_code, resp.text) == (400, "invalid value for closed")
    resp = api.put(f"/cards/{card['id']}", idList="0" * 24)
    assert resp.text == "invalid value for idList"


def test_labels_and_members_on_cards(api, emu):
    board = _web(api)
    labels = api.ok("GET", f"/boards/{board['id']}/labels")
    card = api.ok("POST", "/cards", idList=_list(api, board, "To Do")["id"])
    ids = api.ok("POST", f"/cards/{card['id']}/idLabels", value=labels[0]["id"])
    assert ids == [labels[0]["id"]]
    assert (
        api.post(f"/cards/{card['id']}/idLabels", value=labels[0]["id"]).status_code
        == 400
    )
    api.ok(
        "PUT", f"/cards/{card['id']}", idLabels=f"{labels[1]['id']},{labels[2]['id']}"
    )
    got = api.ok("GET", f"/cards/{card['id']}")
    assert got["idLabels"] == [labels[1]["id"], labels[2]["id"]]
    assert [lb["id"] for lb in got["labels"]] == got["idLabels"]
    api.ok("DELETE", f"/cards/{card['id']}/idLabels/{labels[1]['id']}")
    members = api.ok(
        "POST", f"/cards/{card['id']}/idMembers", value=emu.other_member_id
    )
    assert [m["username"] for m in members] == ["bob"]
    api.ok("DELETE", f"/cards/{card['id']}/idMembers/{emu.other_member_id}")
    types = [
        a["type"] for a in api.ok("GET", f"/boards/{board['id']}/actions", limit=7)
    ]
    assert types == [
        "removeMemberFromCard",
        "addMemberToCard",
        "removeLabelFromCard",
        "addLabelToCard",
        "addLabelToCard",
        "removeLabelFromCard",
        "addLabelToCard",
    ]
    other_board = board_by_name(api, "Support")
    foreign = api.ok("GET", f"/boards/{other_board['id']}/labels")[0]
    resp = api.put(f"/cards/{card['id']}", idLabels=foreign["id"])
    assert resp.text == "invalid value for idLabels"
    # deleting a label removes it from its cards
    api.ok("DELETE", f"/labels/{labels[2]['id']}")
    assert api.ok("GET", f"/cards/{card['id']}")["idLabels"] == []


def test_delete_card(api):
    board = _web(api)
    card = api.ok("POST", "/cards", idList=_list(api, board, "To Do")["id"], name="D")
    resp = api.delete(f"/cards/{card['id']}")
    assert resp.status_code == 200 and resp.json() == {
        "limits": {}
    }  # as Trello answers
    assert api.get(f"/cards/{card['id']}").status_code == 404
    action = api.ok("GET", f"/boards/{board['id']}/actions", filter="deleteCard")[0]
    assert action["data"]["card"]["id"] == card["id"]
    assert action["data"]["list"]["name"] == "To Do"


def test_checklists_and_check_items(api):
    board = _web(api)
    card = api.ok("POST", "/cards", idList=_list(api, board, "To Do")["id"], name="C")
    checklist = api.ok("POST", f"/cards/{card['id']}/checklists", name="Steps")
    item = api.ok("POST", f"/checklists/{checklist['id']}/checkItems", name="one")
    api.ok(
        "POST", f"/checklists/{checklist['id']}/checkItems", name="two", checked="true"
    )
    got = api.ok("GET", f"/cards/{card['id']}/checklists")
    assert [i["state"] for i in got[0]["checkItems"]] == ["incomplete", "complete"]
    done = api.ok(
        "PUT",
        f"/cards/{card['id']}/checkItem/{item['id']}",
        state="complete",
        name="ONE",
    )
    assert (done["state"], done["name"]) == ("complete", "ONE")
    card_now = api.ok("GET", f"/cards/{card['id']}")
    assert card_now["badges"]["checkItemsChecked"] == 2
    assert card_now["idChecklists"] == [checklist["id"]]
    api.ok("PUT", f"/checklists/{checklist['id']}", name="Renamed")
    api.ok("DELETE", f"/checklists/{checklist['id']}/checkItems/{item['id']}")
    assert len(api.ok("GET", f"/checklists/{checklist['id']}/checkItems")) == 1
    api.ok("DELETE", f"/checklists/{checklist['id']}")
    assert api.get(f"/checklists/{checklist['id']}").status_code == 404
    types = [
        a["type"] for a in api.ok("GET", f"/boards/{board['id']}/actions", limit=7)
    ]
    assert types == [
        "removeChecklistFromCard",
        "deleteCheckItem",
        "updateChecklist",
        "updateCheckItem",
        "createCheckItem",
        "createCheckItem",
        "addChecklistToCard",
    ]


def test_card_sub_resources(api):
    board = _web(api)
    cards = api.ok(
        "GET", f"/boards/{board['id']}/cards", attachments="true", members="true"
    )
    hero = next(c for c in cards if c["name"] == "New hero banner")
    assert hero["members"][0]["username"] in ("alice", "bob")
    assert api.ok("GET", f"/cards/{hero['id']}/list")["name"] == "Doing"
    assert api.ok("GET", f"/cards/{hero['id']}/name") == {"_value": "New hero banner"}
    assert len(api.ok("GET", f"/cards/{hero['id']}/attachments")) == 1
    comments = api.ok("GET", f"/cards/{hero['id']}/actions")
    assert [a["type"] for a in comments] == ["commentCard", "commentCard"]

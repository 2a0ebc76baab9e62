"""Actions as a sync cursor, comments and /batch."""

from .conftest import board_by_name


def test_board_actions_defaults_filter_and_cursors(api, emu):
    board = board_by_name(api, "Website relaunch")
    path = f"/boards/{board['id']}/actions"
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    for i in range(5):
        api.ok("POST", f"/cards/{card['id']}/actions/comments", text=f"c{i}")
    default = api.ok("GET", path)
    everything = api.ok("GET", path, limit=1000)
    assert len(everything) > 50 and default == everything[:50]
    ids = [a["id"] for a in everything]
    assert ids == sorted(ids, reverse=True)
    assert {
        "createCard",
        "createList",
        "createLabel",
        "commentCard",
        "updateCard",
        "addAttachmentToCard",
        "addChecklistToCard",
        "createBoard",
    } <= {a["type"] for a in everything}
    created = api.ok("GET", path, filter="createCard,createList", limit=1000)
    assert {a["type"] for a in created} == {"createCard", "createList"}
    # since an id: only newer actions
    cursor = everything[5]["id"]
    newer = api.ok("GET", path, since=cursor, limit=1000)
    assert [a["id"] for a in newer] == ids[:5]
    older = api.ok("GET", path, before=cursor, limit=3)
    assert [a["id"] for a in older] == ids[6:9]
    # since a date
    date = everything[5]["date"]
    assert [a["id"] for a in api.ok("GET", path, since=date, limit=1000)] == ids[:5]
    resp = api.get(path, limit=1001)
    assert (resp.status_code, resp.text) == (400, "invalid value for limit")
    assert api.get(path, since="yesterday").text == "invalid value for since"
    # incremental polling: change something, poll since the newest id
    api.ok("PUT", f"/cards/{card['id']}", desc="changed")
    fresh = api.ok("GET", path, since=ids[0])
    assert [a["type"] for a in fresh] == ["updateCard"]
    assert fresh[0]["data"]["old"] == {"desc": card["desc"]}
    page1 = api.ok("GET", path, limit=10, page=1)
    assert [a["id"] for a in page1] == [a["id"] for a in everything[9:19]]
    assert api.get(path, limit=500, page=2).status_code == 400


def test_comments_add_edit_delete(api, bob, emu):
    board = board_by_name(api, "Website relaunch")
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    action = api.ok("POST", f"/cards/{card['id']}/actions/comments", text="Hello *x*")
    assert action["type"] == "commentCard"
    assert action["data"]["text"] == "Hello *x*"
    assert action["data"]["card"]["id"] == card["id"]
    assert action["data"]["board"]["id"] == board["id"]
    assert action["memberCreator"]["id"] == emu.member_id
    assert api.post(f"/cards/{card['id']}/actions/comments").status_code == 400
    assert api.ok("GET", f"/cards/{card['id']}")["badges"]["comments"] >= 1
    # only the author can edit or delete; only comments can be edited
    assert bob.put(f"/actions/{action['id']}", text="hack").status_code == 401
    edited = api.ok("PUT", f"/actions/{action['id']}", text="Hello again")
    assert edited["data"]["text"] == "Hello again"
    api.ok("PUT", f"/actions/{action['id']}/text", value="Third")
    api.ok("PUT", f"/cards/{card['id']}/actions/{action['id']}/comments", text="4th")
    assert api.ok("GET", f"/actions/{action['id']}")["data"]["text"] == "4th"
    create = api.ok("GET", f"/boards/{board['id']}/actions", filter="createCard")[0]
    assert api.put(f"/actions/{create['id']}", text="x").status_code == 401
    assert api.delete(f"/actions/{create['id']}").status_code == 401
    upd = api.ok("GET", f"/boards/{board['id']}/actions", filter="updateComment")[0]
    assert upd["data"]["old"] == {"text": "Third"}
    assert api.ok("DELETE", f"/actions/{action['id']}") == {"_value": None}
    assert api.get(f"/actions/{action['id']}").status_code == 404
    deleted = api.ok("GET", f"/boards/{board['id']}/actions", filter="deleteComment")
    assert deleted[0]["data"]["action"]["id"] == action["id"]
    # bob comments "as a person in Trello"; alice sees it with its author
    bob.ok("POST", f"/cards/{card['id']}/actions/comments", text="From Bob")
    seen = api.ok("GET", f"/cards/{card['id']}/actions", filter="commentCard")[0]
    assert seen["memberCreator"]["username"] == "bob"


def test_batch(api, emu):
    board = board_by_name(api, "Website relaunch")
    cards = api.ok("GET", f"/boards/{board['id']}/cards")
    urls = ",".join(
        [
            f"/cards/{cards[0]['id']}",
            "/cards/60d847d9aad2437cb984f8e1",
            "/cards/bad",
            f"/boards/{board['id']}?fields=name,closed",
        ]
    )
    emu.reset_counters()
    result = api.ok("GET", "/batch", urls=urls)
    assert result[0]["200"]["id"] == cards[0]["id"]
    assert result[1] == {"404": "The requested resource was not found."}
    assert result[2] == {"400": "invalid id"}
    assert result[3]["200"] == {
        "id": board["id"],
        "name": board["name"],
        "closed": False,
    }
    assert emu.counters()["total"] == 1
    eleven = ",".join([f"/cards/{cards[0]['id']}"] * 11)
    resp = api.get("/batch", urls=eleven)
    assert (resp.status_code, resp.text) == (400, "invalid value for urls")
    # the /1 prefix is not part of batch urls
    assert api.ok("GET", "/batch", urls=f"/1/cards/{cards[0]['id']}") == [
        {"404": "The requested resource was not found."}
    ]

"""The write routes an Odoo→Trello export uses, and the actions they record.

One test per resource, in the order an export runs: board, lists, labels,
cards (one PUT with every field), labels and members on cards, checklists
and items, comments, attachments.  Each mutation must record the action
Trello records, with ``data.old`` on updates.
"""

from .conftest import board_by_name


def _last(api, board_id, kind):
    actions = api.ok("GET", f"/boards/{board_id}/actions", filter=kind, limit=1)
    assert actions, f"no {kind} action"
    return actions[0]


def test_create_board_with_and_without_defaults(api):
    bare = api.ok(
        "POST", "/boards", name="Export", defaultLists="false", defaultLabels="false"
    )
    assert api.ok("GET", f"/boards/{bare['id']}/lists") == []
    assert api.ok("GET", f"/boards/{bare['id']}/labels") == []
    assert _last(api, bare["id"], "createBoard")["data"]["board"]["id"] == bare["id"]
    full = api.ok("POST", "/boards", name="Export 2")
    names = [x["name"] for x in api.ok("GET", f"/boards/{full['id']}/lists")]
    assert names == ["To Do", "Doing", "Done"]
    colours = {x["color"] for x in api.ok("GET", f"/boards/{full['id']}/labels")}
    assert colours == {"green", "yellow", "orange", "red", "purple", "blue"}


def test_lists_create_rename_move_archive(api):
    board = api.ok("POST", "/boards", name="B", defaultLists="false")
    first = api.ok("POST", "/lists", idBoard=board["id"], name="First")
    second = api.ok("POST", "/lists", idBoard=board["id"], name="Second", pos="top")
    assert second["pos"] < first["pos"]
    assert _last(api, board["id"], "createList")["data"]["list"]["id"] == second["id"]
    out = api.ok("PUT", f"/lists/{first['id']}", name="Renamed", pos="top")
    assert out["name"] == "Renamed" and out["pos"] < second["pos"]
    action = _last(api, board["id"], "updateList")
    assert action["data"]["old"] == {"name": "First", "pos": first["pos"]}
    api.ok("PUT", f"/lists/{first['id']}", pos="12345.5")
    assert api.ok("GET", f"/lists/{first['id']}")["pos"] == 12345.5
    api.ok("PUT", f"/lists/{first['id']}", closed="true")
    action = _last(api, board["id"], "updateList")
    assert action["data"]["old"] == {"closed": False}
    assert action["data"]["list"]["closed"] is True


def test_labels_create_and_update(api):
    board = api.ok("POST", "/boards", name="B", defaultLabels="false")
    label = api.ok("POST", "/labels", idBoard=board["id"], name="Bug", color="red")
    assert (label["name"], label["color"]) == ("Bug", "red")
    assert _last(api, board["id"], "createLabel")["data"]["label"]["id"] == label["id"]
    api.ok("PUT", f"/labels/{label['id']}", name="Defect", color="orange_dark")
    action = _last(api, board["id"], "updateLabel")
    assert action["data"]["old"] == {"name": "Bug", "color": "red"}
    assert action["data"]["label"]["color"] == "orange_dark"


def test_card_create_and_one_put_with_every_field(api, emu):
    board = board_by_name(api, "Website relaunch")
    lists = api.ok("GET", f"/boards/{board['id']}/lists")
    labels = api.ok("GET", f"/boards/{board['id']}/labels")
    card = api.ok(
        "POST",
        "/cards",
        idList=lists[0]["id"],
        name="From Odoo",
        desc="**desc**",
        pos="top",
        idLabels=labels[0]["id"],
        due="2025-02-01T10:00:00.000Z",
    )
    assert card["attachments"] == [] and card["stickers"] == []
    assert _last(api, board["id"], "createCard")["data"]["card"]["id"] == card["id"]
    before = {a["id"] for a in api.ok("GET", f"/boards/{board['id']}/actions")}
    out = api.ok(
        "PUT",
        f"/cards/{card['id']}",
        name="Renamed",
        desc="new",
        idList=lists[1]["id"],
        pos="bottom",
        due="2025-03-01T09:30:00.000Z",
        dueComplete="true",
        idLabels=labels[1]["id"],
        idMembers=f"{emu.member_id},{emu.other_member_id}",
    )
    assert out["name"] == "Renamed" and out["idList"] == lists[1]["id"]
    assert out["due"] == "2025-03-01T09:30:00.000Z" and out["dueComplete"] is True
    assert out["idLabels"] == [labels[1]["id"]]
    assert out["idMembers"] == [emu.member_id, emu.other_member_id]
    actions = [
        a
        for a in api.ok("GET", f"/boards/{board['id']}/actions")
        if a["id"] not in before
    ]
    kinds = sorted(a["type"] for a in actions)
    assert kinds == [
        "addLabelToCard",
        "addMemberToCard",
        "addMemberToCard",
        "removeLabelFromCard",
        "updateCard",
    ]
    update = next(a for a in actions if a["type"] == "updateCard")
    assert update["data"]["old"] == {
        "name": "From Odoo",
        "desc": "**desc**",
        "idList": lists[0]["id"],
        "pos": card["pos"],
        "due": "2025-02-01T10:00:00.000Z",
        "dueComplete": False,
    }
    assert update["data"]["listBefore"]["id"] == lists[0]["id"]
    assert update["data"]["listAfter"]["id"] == lists[1]["id"]
    # numeric pos, clearing due, archiving
    api.ok("PUT", f"/cards/{card['id']}", pos="100.25", due="")
    update = _last(api, board["id"], "updateCard")
    assert update["data"]["old"] == {
        "pos": out["pos"],
        "due": "2025-03-01T09:30:00.000Z",
    }
    api.ok("PUT", f"/cards/{card['id']}", closed="true")
    assert _last(api, board["id"], "updateCard")["data"]["old"] == {"closed": False}


def test_card_label_and_member_shortcuts(api, emu):
    board = board_by_name(api, "Website relaunch")
    lst = api.ok("GET", f"/boards/{board['id']}/lists")[0]
    label = api.ok("GET", f"/boards/{board['id']}/labels")[0]
    card = api.ok("POST", "/cards", idList=lst["id"], name="c")
    assert api.ok("POST", f"/cards/{card['id']}/idLabels", value=label["id"]) == [
        label["id"]
    ]
    assert (
        _last(api, board["id"], "addLabelToCard")["data"]["label"]["id"] == label["id"]
    )
    assert api.ok("DELETE", f"/cards/{card['id']}/idLabels/{label['id']}") == {
        "_value": None
    }
    assert (
        _last(api, board["id"], "removeLabelFromCard")["data"]["card"]["id"]
        == card["id"]
    )
    members = api.ok("POST", f"/cards/{card['id']}/idMembers", value=emu.member_id)
    assert [m["id"] for m in members] == [emu.member_id]
    assert _last(api, board["id"], "addMemberToCard")["data"]["idMember"] == (
        emu.member_id
    )
    assert api.ok("DELETE", f"/cards/{card['id']}/idMembers/{emu.member_id}") == []
    assert _last(api, board["id"], "removeMemberFromCard")["member"]["id"] == (
        emu.member_id
    )


def test_checklists_and_items(api):
    board = board_by_name(api, "Website relaunch")
    lst = api.ok("GET", f"/boards/{board['id']}/lists")[0]
    card = api.ok("POST", "/cards", idList=lst["id"], name="c")
    checklist = api.ok("POST", f"/cards/{card['id']}/checklists", name="To check")
    assert _last(api, board["id"], "addChecklistToCard")["data"]["checklist"] == {
        "id": checklist["id"],
        "name": "To check",
    }
    items = [
        api.ok("POST", f"/checklists/{checklist['id']}/checkItems", name=n)
        for n in ("one", "two")
    ]
    assert (
        _last(api, board["id"], "createCheckItem")["data"]["checkItem"]["id"]
        == (items[1]["id"])
    )
    path = f"/cards/{card['id']}/checkItem/{items[1]['id']}"
    out = api.ok("PUT", path, name="Two", pos="top")
    assert out["name"] == "Two" and out["pos"] < items[0]["pos"]
    action = _last(api, board["id"], "updateCheckItem")
    assert action["data"]["old"] == {"name": "two", "pos": items[1]["pos"]}
    assert api.ok("PUT", path, state="complete")["state"] == "complete"
    tick = _last(api, board["id"], "updateCheckItemStateOnCard")
    assert tick["data"]["checkItem"]["state"] == "complete"
    assert api.ok("GET", f"/cards/{card['id']}")["badges"]["checkItemsChecked"] == 1
    api.ok("DELETE", f"/checklists/{checklist['id']}/checkItems/{items[0]['id']}")
    assert (
        _last(api, board["id"], "deleteCheckItem")["data"]["checkItem"]["id"]
        == (items[0]["id"])
    )
    left = api.ok("GET", f"/checklists/{checklist['id']}/checkItems")
    assert [i["id"] for i in left] == [items[1]["id"]]


def test_comments_add_edit_delete(api):
    board = board_by_name(api, "Website relaunch")
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    comment = api.ok("POST", f"/cards/{card['id']}/actions/comments", text="Hi")
    assert comment["type"] == "commentCard" and comment["data"]["text"] == "Hi"
    edited = api.ok("PUT", f"/actions/{comment['id']}", text="Hello")
    assert edited["data"]["text"] == "Hello"
    action = _last(api, board["id"], "updateComment")
    assert action["data"]["old"] == {"text": "Hi"}
    assert action["data"]["action"] == {"id": comment["id"], "text": "Hello"}
    assert api.ok("DELETE", f"/actions/{comment['id']}") == {"_value": None}
    assert _last(api, board["id"], "deleteComment")["data"]["action"] == {
        "id": comment["id"]
    }
    assert api.get(f"/actions/{comment['id']}").status_code == 404


def test_attachments_upload_link_delete(api):
    board = board_by_name(api, "Website relaunch")
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    upload = api.request(
        "POST",
        f"/cards/{card['id']}/attachments",
        files={"file": ("spec.pdf", b"%PDF-1.4", "application/pdf")},
        params={"name": "Specification"},
    ).json()
    assert (upload["name"], upload["bytes"], upload["isUpload"]) == (
        "Specification",
        8,
        True,
    )
    link = api.ok(
        "POST", f"/cards/{card['id']}/attachments", url="https://example.com/x"
    )
    assert link["isUpload"] is False and link["url"] == "https://example.com/x"
    added = api.ok(
        "GET", f"/boards/{board['id']}/actions", filter="addAttachmentToCard", limit=2
    )
    assert [a["data"]["attachment"]["id"] for a in added] == [link["id"], upload["id"]]
    assert added[1]["data"]["attachment"]["url"] == upload["url"]
    for att in (upload, link):
        assert api.ok("DELETE", f"/cards/{card['id']}/attachments/{att['id']}") == {
            "limits": {}
        }
    deleted = api.ok(
        "GET",
        f"/boards/{board['id']}/actions",
        filter="deleteAttachmentFromCard",
        limit=2,
    )
    assert [a["data"]["attachment"]["id"] for a in deleted] == [
        link["id"],
        upload["id"],
    ]
    left = {a["id"] for a in api.ok("GET", f"/cards/{card['id']}/attachments")}
    assert not left & {upload["id"], link["id"]}

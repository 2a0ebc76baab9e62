"""Members, boards, nested board reads, lists, labels and their defaults."""

import re
from datetime import datetime

from .conftest import Client, board_by_name

DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_members_me_and_email_rule(api, bob, emu):
    me = api.ok("GET", "/members/me")
    assert me["id"] == emu.member_id
    assert me["email"] == "alice@example.com"
    other = api.ok("GET", f"/members/{emu.other_member_id}")
    assert other["username"] == "bob" and other["email"] is None
    assert api.ok("GET", "/members/bob")["id"] == emu.other_member_id
    board = board_by_name(api, "Website relaunch")
    members = api.ok("GET", f"/boards/{board['id']}/members", fields="username,email")
    emails = {m["username"]: m["email"] for m in members}
    assert emails == {"alice": "alice@example.com", "bob": None, "carol": None}
    seen_by_bob = bob.ok("GET", f"/boards/{board['id']}/members", fields="email")
    assert {m["id"]: m["email"] for m in seen_by_bob}[emu.other_member_id] == (
        "bob@example.com"
    )
    default = api.ok("GET", f"/boards/{board['id']}/members")
    assert set(default[0]) == {"id", "fullName", "username"}


def test_an_email_needs_the_account_scope(api, emu):
    """A token without ``account`` sees no e-mail, not even its member's own."""
    board = board_by_name(api, "Website relaunch")
    dana = emu.store.add_member(
        "dana", "Dana Cruz", "dana@example.com", "d" * 64, scopes=["read", "write"]
    )
    emu.store.add_board_member(emu.member_id, board["id"], dana["id"])
    dana_api = Client(emu, token="d" * 64)
    reads = {
        "members/me": lambda client: [
            client.ok("GET", "/members/me", fields="username,email")
        ],
        "board members": lambda client: client.ok(
            "GET", f"/boards/{board['id']}/members", fields="username,email"
        ),
        "nested board read": lambda client: client.ok(
            "GET",
            f"/boards/{board['id']}",
            fields="name",
            members="all",
            member_fields="username,email",
        )["members"],
    }
    for name, read in reads.items():
        emails = {m["username"]: m["email"] for m in read(dana_api)}
        assert emails["dana"] is None, name
        # the seeded token has every scope: alice still sees her own
        if name != "members/me":
            seen_by_alice = {m["username"]: m["email"] for m in read(api)}
            assert seen_by_alice["alice"] == "alice@example.com", name
            assert seen_by_alice["dana"] is None, name


def test_ids_short_links_and_dates(api):
    board = board_by_name(api, "Website relaunch")
    assert re.match(r"^[0-9a-f]{24}$", board["id"])
    created = datetime.utcfromtimestamp(int(board["id"][:8], 16))
    assert created.year == 2025 and created.month == 1
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    assert re.match(r"^[0-9A-Za-z]{8}$", card["shortLink"])
    assert card["shortUrl"] == f"https://trello.com/c/{card['shortLink']}"
    assert card["url"].startswith(f"{card['shortUrl']}/{card['idShort']}-")
    assert DATE_RE.match(card["dateLastActivity"])
    by_short = api.ok("GET", f"/cards/{card['shortLink']}")
    assert by_short["id"] == card["id"]
    assert api.ok("GET", f"/boards/{board['shortLink']}")["id"] == board["id"]


def test_board_default_fields_and_fields_param(api):
    board = board_by_name(api, "Website relaunch")
    out = api.ok("GET", f"/boards/{board['id']}")
    assert set(out) == {
        "id",
        "name",
        "desc",
        "descData",
        "closed",
        "idOrganization",
        "idEnterprise",
        "pinned",
        "url",
        "shortUrl",
        "prefs",
        "labelNames",
    }
    out = api.ok("GET", f"/boards/{board['id']}", fields="name,dateLastActivity")
    assert set(out) == {"id", "name", "dateLastActivity"}


def test_nested_board_read(api):
    board = board_by_name(api, "Website relaunch")
    out = api.ok(
        "GET",
        f"/boards/{board['id']}",
        fields="name",
        lists="all",
        cards="all",
        card_checklists="all",
        card_attachments="true",
        labels="all",
        labels_limit=1000,
        members="all",
        checklists="all",
        actions="commentCard",
        actions_limit=1000,
    )
    assert len(out["lists"]) == 6 and any(x["closed"] for x in out["lists"])
    assert len(out["labels"]) == 8
    colors = {lb["color"] for lb in out["labels"]}
    assert None in colors and "" in {lb["name"] for lb in out["labels"]}
    assert {m["username"] for m in out["members"]} == {"alice", "bob", "carol"}
    assert set(out["members"][0]) == {
        "id",
        "avatarHash",
        "fullName",
        "initials",
        "username",
    }
    hero = next(c for c in out["cards"] if c["name"] == "New hero banner")
    assert hero["checklists"][0]["checkItems"][0]["state"] == "complete"
    assert hero["attachments"][0]["isUpload"] is True
    assert hero["badges"]["comments"] == 2 and hero["badges"]["checkItems"] == 3
    assert {a["type"] for a in out["actions"]} == {"commentCard"}
    assert len(out["checklists"]) == 3
    assert [lb["name"] for lb in hero["labels"]] == ["Frontend", "Design"]
    assert hero["idLabels"] == [lb["id"] for lb in hero["labels"]]


def test_nested_collections_capped_at_1000(emu, api):
    emu.reset(seed="cards:1100")
    board = board_by_name(api, "Load 1100")
    out = api.ok(
        "GET",
        f"/boards/{board['id']}",
        cards="all",
        actions="all",
        actions_limit=1000,
        card_fields="name",
    )
    assert len(out["cards"]) == 1000
    assert len(out["actions"]) == 1000
    resp = api.get(f"/boards/{board['id']}", actions="all", actions_limit=1001)
    assert (resp.status_code, resp.text) == (400, "invalid value for actions_limit")


def test_lists_default_open_and_filters(api):
    board = board_by_name(api, "Website relaunch")
    names = [x["name"] for x in api.ok("GET", f"/boards/{board['id']}/lists")]
    assert "Old ideas" not in names and names[0] == "Backlog"
    all_lists = api.ok("GET", f"/boards/{board['id']}/lists/all")
    assert "Old ideas" in [x["name"] for x in all_lists]
    closed = api.ok("GET", f"/boards/{board['id']}/lists", filter="closed")
    assert [x["name"] for x in closed] == ["Old ideas"]
    resp = api.get(f"/boards/{board['id']}/lists/bogus")
    assert (resp.status_code, resp.text) == (400, "invalid value for filter")


def test_list_create_update_archive_move_no_delete(api):
    board = board_by_name(api, "Website relaunch")
    lst = api.ok("POST", "/lists", name="QA", idBoard=board["id"], pos="top")
    first = api.ok("GET", f"/boards/{board['id']}/lists")[0]
    assert first["id"] == lst["id"]
    assert isinstance(lst["pos"], int | float) and lst["pos"] > 0
    renamed = api.ok("PUT", f"/lists/{lst['id']}", name="Quality", pos="bottom")
    assert renamed["name"] == "Quality"
    api.ok("PUT", f"/lists/{lst['id']}/closed", value="true")
    assert api.ok("GET", f"/lists/{lst['id']}")["closed"] is True
    assert api.delete(f"/lists/{lst['id']}").status_code == 404
    support = board_by_name(api, "Support")
    moved = api.ok("PUT", f"/lists/{lst['id']}", idBoard=support["id"])
    assert moved["idBoard"] == support["id"]
    actions = api.ok("GET", f"/boards/{board['id']}/actions", filter="updateList")
    assert actions[0]["data"]["old"] in (
        {"closed": False},
        {"name": "QA", "pos": lst["pos"]},
    )
    assert api.post("/lists", idBoard=board["id"]).text == "invalid value for name"


def test_labels_default_limit_and_crud(api):
    board = board_by_name(api, "Support")
    for i in range(60):
        api.ok("POST", f"/boards/{board['id']}/labels", name=f"L{i}", color="green")
    assert len(api.ok("GET", f"/boards/{board['id']}/labels")) == 50
    assert len(api.ok("GET", f"/boards/{board['id']}/labels", limit=1000)) == 63
    nested = api.ok("GET", f"/boards/{board['id']}", labels="all")
    assert len(nested["labels"]) == 50
    label = api.ok("POST", "/labels", idBoard=board["id"], name="", color="null")
    assert label["color"] is None and label["name"] == ""
    resp = api.post("/labels", idBoard=board["id"], name="x", color="mauve")
    assert (resp.status_code, resp.text) == (400, "invalid value for color")
    updated = api.ok("PUT", f"/labels/{label['id']}", name="Later", color="sky")
    assert (updated["name"], updated["color"]) == ("Later", "sky")
    assert api.ok("DELETE", f"/labels/{label['id']}") == {
        "limits": {}
    }  # as Trello answers
    assert api.get(f"/labels/{label['id']}").status_code == 404


def test_create_and_update_board(api, emu):
    board = api.ok("POST", "/boards", name="New board")
    lists = api.ok("GET", f"/boards/{board['id']}/lists")
    assert [x["name"] for x in lists] == ["To Do", "Doing", "Done"]
    bare = api.ok("POST", "/boards/", name="Bare", defaultLists="false")
    assert api.ok("GET", f"/boards/{bare['id']}/lists") == []
    before = api.ok("GET", f"/boards/{board['id']}", fields="dateLastActivity")
    api.ok("PUT", f"/boards/{board['id']}", name="Renamed", desc="d")
    after = api.ok("GET", f"/boards/{board['id']}", fields="name,dateLastActivity")
    assert after["name"] == "Renamed"
    assert after["dateLastActivity"] > before["dateLastActivity"]
    action = api.ok("GET", f"/boards/{board['id']}/actions", filter="updateBoard")[0]
    assert action["data"]["old"] == {"name": "New board", "desc": ""}
    assert api.post("/boards").text == "invalid value for name"

"""The HTML pages: /b/ and /c/ paths, the card forms (as bob), self urls."""

import json

import pytest
import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN, TrelloEmulator

from .conftest import Client, board_by_name

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


@pytest.fixture
def web():
    session = requests.Session()
    session.trust_env = False
    return session


def _card(api, board_name, card_name):
    board = board_by_name(api, board_name)
    cards = api.ok("GET", f"/boards/{board['id']}/cards")
    return next(c for c in cards if c["name"] == card_name)


def _post(web, emu, card, **form):
    return web.post(
        f"{emu.url}/c/{card['shortLink']}", data=form, allow_redirects=False, timeout=5
    )


def _newest_action(api, card, kind):
    actions = api.ok("GET", f"/cards/{card['id']}/actions", filter=kind)
    return actions[0]


def test_card_page_shows_forms_and_escapes_names(api, emu, web):
    card = _card(api, "Website relaunch", "SEO migration plan")
    api.ok("PUT", f"/cards/{card['id']}", name=HOSTILE, desc="**bold** <i>x</i>")
    api.ok("POST", f"/cards/{card['id']}/actions/comments", text="<b>hi</b>")
    page = web.get(f"{emu.url}/c/{card['shortLink']}/3-anything", timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    text = page.text
    assert "<script" not in text and "<img" not in text and "<i>" not in text
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"
    assert f"<h2>{escaped}" in text  # the card's title
    assert f'name="name" value="{escaped}' in text  # the rename field
    assert "&lt;b&gt;hi&lt;/b&gt;" in text  # the comment
    assert f'action="/c/{card["shortLink"]}"' in text
    for kind in ("rename", "move", "comment"):
        assert f'name="do" value="{kind}"' in text
    assert 'name="idList"' in text and ">To Do</option>" in text
    assert ">Old ideas</option>" not in text  # an archived list is no target
    assert "Bob Lee (@bob)" in text
    assert f'class="card current" id="card-{card["id"]}"' in text
    assert 'http-equiv="refresh"' not in text  # typing is never wiped


def test_rename_records_update_by_bob_and_fires_webhook(api, emu, web, receiver):
    board = board_by_name(api, "Website relaunch")
    api.ok("POST", "/webhooks", callbackURL=receiver.url, idModel=board["id"])
    card = _card(api, "Website relaunch", "SEO migration plan")
    answer = _post(web, emu, card, do="rename", name="SEO plan (final)")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/c/{card['shortLink']}?done=rename"
    assert api.ok("GET", f"/cards/{card['id']}")["name"] == "SEO plan (final)"
    action = _newest_action(api, card, "updateCard")
    assert action["idMemberCreator"] == emu.other_member_id
    assert action["memberCreator"]["username"] == "bob"
    assert action["data"]["old"] == {"name": "SEO migration plan"}
    assert action["data"]["card"]["name"] == "SEO plan (final)"
    assert emu.flush_webhooks(timeout=5)
    bodies = [json.loads(body) for _, body in receiver.posts]
    assert [b["action"]["id"] for b in bodies] == [action["id"]]
    assert bodies[0]["action"]["memberCreator"]["username"] == "bob"
    assert bodies[0]["model"]["id"] == board["id"]
    page = web.get(emu.url + answer.headers["Location"], timeout=5)
    assert "Renamed." in page.text and "<h2>SEO plan (final)</h2>" in page.text


def test_move_due_and_comment_as_bob(api, emu, web):
    card = _card(api, "Website relaunch", "Write launch blog post")
    lists = api.ok("GET", f"/boards/{card['idBoard']}/lists")
    doing = next(lst for lst in lists if lst["name"] == "Doing")
    assert _post(web, emu, card, do="move", idList=doing["id"]).status_code == 303
    moved = _newest_action(api, card, "updateCard:idList")
    assert moved["idMemberCreator"] == emu.other_member_id
    assert moved["data"]["listAfter"] == {"id": doing["id"], "name": "Doing"}
    assert moved["data"]["listBefore"]["name"] == "To Do"
    assert moved["data"]["old"] == {"idList": card["idList"]}

    assert card["due"] and card["dueComplete"] is False
    page = web.get(f"{emu.url}/c/{card['shortLink']}", timeout=5).text
    assert 'name="dueComplete" value="true"' in page
    assert _post(web, emu, card, do="due", dueComplete="true").status_code == 303
    due = _newest_action(api, card, "updateCard")
    assert due["data"]["old"] == {"dueComplete": False}
    assert due["idMemberCreator"] == emu.other_member_id
    assert api.ok("GET", f"/cards/{card['id']}")["dueComplete"] is True

    assert _post(web, emu, card, do="comment", text="Done <soon>").status_code == 303
    comment = _newest_action(api, card, "commentCard")
    assert comment["data"]["text"] == "Done <soon>"
    assert comment["idMemberCreator"] == emu.other_member_id
    page = web.get(f"{emu.url}/c/{card['shortLink']}", timeout=5).text
    assert "Bob Lee</strong>" in page and "Done &lt;soon&gt;" in page


def test_refused_changes_say_why_and_change_nothing(api, emu, web):
    card = _card(api, "Website relaunch", "SEO migration plan")
    before = len(api.ok("GET", f"/boards/{card['idBoard']}/actions", limit=1000))
    blank = _post(web, emu, card, do="rename", name="   ")
    assert blank.status_code == 400
    assert "The name cannot be empty. (invalid value for name)" in blank.text
    support = board_by_name(api, "Support")
    other_list = api.ok("GET", f"/boards/{support['id']}/lists")[0]
    elsewhere = _post(web, emu, card, do="move", idList=other_list["id"])
    assert elsewhere.status_code == 400
    assert "That list is not on the board of this card." in elsewhere.text
    unknown = _post(web, emu, card, do="delete")
    assert unknown.status_code == 400
    assert "This page cannot make that change." in unknown.text
    after = api.ok("GET", f"/boards/{card['idBoard']}/actions", limit=1000)
    assert len(after) == before
    assert api.ok("GET", f"/cards/{card['id']}")["name"] == "SEO migration plan"


def test_a_board_bob_is_not_on_is_refused(api, emu, web):
    board = api.ok("POST", "/boards", name="Alice only", defaultLists="true")
    lst = api.ok("GET", f"/boards/{board['id']}/lists")[0]
    card = api.ok("POST", "/cards", idList=lst["id"], name="Private")
    answer = _post(web, emu, card, do="rename", name="Taken over")
    assert answer.status_code == 400
    assert "The second member is not a member of this board" in answer.text
    assert api.ok("GET", f"/cards/{card['id']}")["name"] == "Private"


def test_board_pages_and_not_found(api, emu, web):
    board = board_by_name(api, "Support")
    for path in (f"/b/{board['shortLink']}", f"/b/{board['shortLink']}/support"):
        page = web.get(emu.url + path, timeout=5)
        assert page.status_code == 200
        assert f'<section id="board-{board["id"]}"><h2>Support</h2>' in page.text
        assert "Website relaunch</h2>" not in page.text
        assert 'http-equiv="refresh"' in page.text
    assert web.get(emu.url + "/b/zzzzzzzz", timeout=5).status_code == 404
    assert web.get(emu.url + "/c/zzzzzzzz", timeout=5).status_code == 404
    emu.reset_counters()
    web.get(f"{emu.url}/b/{board['shortLink']}/support", timeout=5)
    web.get(f"{emu.url}/c/{board['shortLink']}", timeout=5)
    assert emu.counters()["by_route"] == {
        "GET /b/{shortLink}": 1,
        "GET /c/{shortLink}": 1,
    }


def test_urls_name_trello_by_default(api):
    board = board_by_name(api, "Support")
    assert board["url"].startswith("https://trello.com/b/")
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    assert card["shortUrl"] == f"https://trello.com/c/{card['shortLink']}"


def test_self_urls_open_the_emulator_pages(web):
    with TrelloEmulator(seed="demo", self_urls=True) as emu:
        api = Client(emu, token=DEFAULT_TOKEN, key=DEFAULT_KEY)
        board = board_by_name(api, "Website relaunch")
        short = board["shortLink"]
        assert board["url"] == f"{emu.url}/b/{short}/website-relaunch"
        assert board["shortUrl"] == f"{emu.url}/b/{short}"
        card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
        assert card["url"].startswith(f"{emu.url}/c/{card['shortLink']}/")
        assert card["shortUrl"] == f"{emu.url}/c/{card['shortLink']}"
        nested = api.ok("GET", f"/boards/{board['id']}", cards="open")
        assert nested["cards"][0]["url"].startswith(emu.url + "/c/")
        # The stored data (and a --state file) keeps trello.com.
        assert emu.store.cards[card["id"]]["url"].startswith("https://trello.com/")
        for url in (board["url"], board["shortUrl"], card["url"], card["shortUrl"]):
            page = web.get(url, timeout=5)
            assert page.status_code == 200
            assert "Website relaunch</h2>" in page.text
        page = web.get(card["url"], timeout=5).text
        assert f'class="card current" id="card-{card["id"]}"' in page
        assert emu.info()["self_urls"] is True


def test_cli_option_self_urls():
    from trello_emulator.__main__ import build_parser

    assert build_parser().parse_args(["--self-urls"]).self_urls is True
    assert build_parser().parse_args([]).self_urls is False

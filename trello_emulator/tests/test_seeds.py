"""Seeds, determinism, reset and the state file."""

import time

import pytest
import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN, TrelloEmulator
from trello_emulator.store import MACHINE

from .conftest import Client, board_by_name


def test_demo_seed_content(api, emu):
    store = emu.store
    names = {b["name"] for b in store.boards.values()}
    assert {"Website relaunch", "Support"} <= names
    assert len(store.members) == 3
    assert store.tokens[DEFAULT_TOKEN] == emu.member_id
    assert 12 <= len(store.cards) <= 20
    assert any(lst["closed"] for lst in store.lists.values())
    assert any(c["closed"] for c in store.cards.values())
    colors = {lb["color"] for lb in store.labels.values()}
    assert None in colors and len(colors) >= 6
    assert any(lb["name"] == "" for lb in store.labels.values())
    assert any(c["dueComplete"] for c in store.cards.values())
    assert any(c["start"] for c in store.cards.values())
    assert any("**" in c["desc"] and "](" in c["desc"] for c in store.cards.values())
    assert any(
        i["state"] == "complete"
        for cl in store.checklists.values()
        for i in cl["checkItems"]
    )
    uploads = [a for a in store.attachments.values() if a["isUpload"]]
    assert len(uploads) == 1 and uploads[0]["_content"]
    assert any(not a["isUpload"] for a in store.attachments.values())
    commenters = {
        a["idMemberCreator"]
        for a in store.actions.values()
        if a["type"] == "commentCard"
    }
    assert len(commenters) >= 2
    # every seeded card has its createCard action
    created = {
        a["data"]["card"]["id"]
        for a in store.actions.values()
        if a["type"] == "createCard"
    }
    assert set(store.cards) <= created
    member = store.members[emu.member_id]
    assert (member["username"], member["email"]) == ("alice", "alice@example.com")


def test_cards_seed_is_complete():
    # No time bound here: the machine's load decides it, not the code.
    emu = TrelloEmulator(seed="cards:2500")
    store = emu.store
    assert len(store.cards) == 2500
    assert len(store.lists) == 6 and len(store.labels) == 8
    assert len(store.checklists) == 250
    assert sum(c["_comments"] for c in store.cards.values()) > 300
    assert {m for c in store.cards.values() for m in c["idMembers"]} == set(
        store.members
    )


def test_boards_seed_has_boards_of_cards_with_a_file_each(emu, api):
    emu.reset(seed="boards:3x12")
    boards = api.ok("GET", "/members/me/boards", fields="name")
    assert sorted(b["name"] for b in boards) == [
        "Load 12 #1",
        "Load 12 #2",
        "Load 12 #3",
    ]
    for number, board in enumerate(sorted(boards, key=lambda b: b["name"]), 1):
        cards = api.ok("GET", f"/boards/{board['id']}/cards/all", attachments="true")
        assert len(cards) == 12
        assert [len(c["attachments"]) for c in cards] == [1] * 12
        card = next(c for c in cards if c["name"] == "Card 5")
        (attachment,) = card["attachments"]
        assert attachment["isUpload"] and attachment["fileName"] == "notes-5.txt"
        got = requests.get(
            attachment["url"],
            headers={
                "Authorization": f'OAuth oauth_consumer_key="{DEFAULT_KEY}", '
                f'oauth_token="{DEFAULT_TOKEN}"'
            },
            timeout=5,
        )
        assert got.status_code == 200
        assert got.content == f"Notes of card 5 of board {number}\n".encode()
    # the cards of each board are those of cards:N
    assert len(emu.store.checklists) == 3 * 2
    for bad in ("boards:0x5", "boards:4", "boards:4x", "boards:x5", "boards:2x3x4"):
        with pytest.raises(ValueError):
            emu.reset(seed=bad)


def test_empty_seed_and_bad_seed(emu, api):
    emu.reset(seed="empty")
    assert api.ok("GET", "/members/me/boards") == []
    assert api.ok("GET", "/members/me")["username"] == "alice"
    with pytest.raises(ValueError):
        emu.reset(seed="nonsense")


def _script(client):
    """A fixed request sequence whose raw answers must replay identically."""
    out = []
    boards = client.get("/members/me/boards")
    out.append(boards.content)
    board = boards.json()[0]["id"]
    lst = client.ok("GET", f"/boards/{board}/lists")[0]["id"]
    for name in ("a", "b"):
        out.append(client.post("/cards", idList=lst, name=name).content)
    card = client.ok("POST", "/boards", name="Z")
    out.append(client.put(f"/boards/{card['id']}", name="Y").content)
    out.append(client.get(f"/boards/{board}/actions", limit=10).content)
    return out


def test_deterministic_replay():
    runs = []
    for _ in range(2):
        with TrelloEmulator(seed="demo", port=0, account=MACHINE) as emu:
            # Attachment urls are absolute, as in Trello: they name the port.
            here = emu.url.encode()
            runs.append([body.replace(here, b"EMU") for body in _script(Client(emu))])
    assert runs[0] == runs[1]
    ids = [a for a in TrelloEmulator(seed="demo").store.actions]
    assert ids == sorted(ids)
    assert ids[0].startswith("677b9b9")  # 2025-01-06T09:00:0xZ


def test_real_time_mode():
    with TrelloEmulator(seed="empty", deterministic=False) as emu:
        client = Client(emu)
        board = client.ok("POST", "/boards", name="Now")
        assert abs(int(board["id"][:8], 16) - time.time()) < 5


def test_reset_restores_seed_counters_and_faults(api, emu):
    board = board_by_name(api, "Support")
    api.ok("POST", "/boards", name="temp")
    emu.set_faults("500:1@/1/nothing")
    emu.reset()
    assert emu.counters()["total"] == 0
    assert emu.faults.spec is None
    assert "temp" not in {b["name"] for b in emu.store.boards.values()}
    assert board_by_name(api, "Support")["id"] == board["id"]


def test_state_file_roundtrip(tmp_path):
    path = tmp_path / "state.json"
    with TrelloEmulator(seed="demo", state_file=str(path)) as emu:
        client = Client(emu)
        board = client.ok("POST", "/boards", name="Persisted")
        member_id = emu.member_id
    assert path.exists()
    with TrelloEmulator(seed="empty", state_file=str(path)) as emu:
        client = Client(emu)
        assert emu.member_id == member_id
        got = client.ok("GET", f"/boards/{board['id']}")
        assert got["name"] == "Persisted"
        uploads = [a for a in emu.store.attachments.values() if a["isUpload"]]
        assert uploads[0]["_content"].startswith(b"Hero banner")
        newer = client.ok("POST", "/boards", name="After reload")
        assert newer["id"] > board["id"]

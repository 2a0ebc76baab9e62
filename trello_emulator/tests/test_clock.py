"""Several actions in one second: ids stay ordered, cursors stay exact."""

from .conftest import board_by_name


def _move_all(api):
    """Move the cards of Support's first list (3 or more) to its second list."""
    board = board_by_name(api, "Support")
    first, second = api.ok("GET", f"/boards/{board['id']}/lists")[:2]
    for name in ("one more", "and another"):
        api.ok("POST", "/cards", idList=first["id"], name=name)
    moved = api.ok("GET", f"/lists/{first['id']}/cards")
    assert len(moved) >= 3
    api.ok(
        "POST",
        f"/lists/{first['id']}/moveAllCards",
        idBoard=board["id"],
        idList=second["id"],
    )
    actions = api.ok("GET", f"/boards/{board['id']}/actions", limit=1000)
    return board, moved, actions


def test_move_all_cards_records_its_actions_in_one_second(api):
    _, moved, actions = _move_all(api)
    bulk = actions[: len(moved)]
    assert {a["type"] for a in bulk} == {"updateCard"}
    assert {a["data"]["card"]["id"] for a in bulk} == {c["id"] for c in moved}
    assert len({a["id"][:8] for a in bulk}) == 1  # one creation second
    assert len({a["date"][:19] for a in bulk}) == 1
    ids = [a["id"] for a in actions]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
    dates = [a["date"] for a in actions]
    assert dates == sorted(dates, reverse=True)
    # the next change gets a later second again
    card = moved[0]
    api.ok("PUT", f"/cards/{card['id']}", name="after")
    after = api.ok("GET", f"/cards/{card['id']}/actions", filter="updateCard")[0]
    assert after["id"][:8] > bulk[0]["id"][:8]


def test_since_and_before_with_a_same_second_action_id(api):
    board, moved, actions = _move_all(api)
    path = f"/boards/{board['id']}/actions"
    bulk = actions[: len(moved)]  # newest first
    # since = the oldest of the bulk: exactly the newer ones, once each
    since = api.ok("GET", path, since=bulk[-1]["id"], limit=1000)
    assert [a["id"] for a in since] == [a["id"] for a in bulk[:-1]]
    # since = one in the middle
    since = api.ok("GET", path, since=bulk[1]["id"], limit=1000)
    assert [a["id"] for a in since] == [bulk[0]["id"]]
    # walking back one action at a time with before= sees each exactly once
    seen, before = [], None
    while True:
        params = {"limit": 1}
        if before:
            params["before"] = before
        page = api.ok("GET", path, **params)
        if not page:
            break
        seen.append(page[0]["id"])
        before = page[0]["id"]
    assert seen == [a["id"] for a in actions]


def test_incremental_checkpoint_between_same_second_actions(api, emu):
    """A poll that stopped inside a bulk move resumes without loss or repeat."""
    board, moved, actions = _move_all(api)
    path = f"/boards/{board['id']}/actions"
    checkpoint = actions[len(moved) - 1]["id"]  # first action of the bulk
    api.ok("PUT", f"/cards/{moved[0]['id']}", desc="later")
    new = api.ok("GET", path, since=checkpoint, limit=1000)
    assert len(new) == len(moved)  # the rest of the bulk, then the edit
    assert new[0]["data"]["old"] == {"desc": moved[0]["desc"]}
    assert checkpoint not in [a["id"] for a in new]

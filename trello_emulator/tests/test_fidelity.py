"""The emulator against recordings of real Trello answers.

``/work/shared/data/real-trello-responses`` (``../shared/data/…`` from the
repository) holds third-party recordings of ``api.trello.com``; its README
names each source.  For every endpoint the emulator serves, the test makes
the same request to the emulator and compares the answer with the recordings
of that endpoint's most recent year:

- the HTTP status, and the plain-text body of errors;
- every key real Trello returns is present (extra keys are allowed), at the
  top level and in nested objects;
- each value has the same JSON type (a ``null`` on either side matches any
  type: one recording cannot tell whether a key is nullable), and strings
  that are ids, dates or URLs in the recording are ids, dates or URLs here.

Every recorded endpoint is compared.  One was recorded on a route the emulator
does not serve (``error_invalid_token``, on ``/1/organizations``): its 401 body
is compared on a board read.  Routes the emulator does not serve are listed in
the emulator README.
"""

import json
import os
import re
from pathlib import Path

import pytest
import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN

from .conftest import board_by_name

DATA_CANDIDATES = (
    os.environ.get("TRELLO_REAL_RESPONSES", ""),
    str(Path(__file__).resolve().parents[3] / "shared/data/real-trello-responses"),
    "/work/shared/data/real-trello-responses",
)
DATA = next((Path(p) for p in DATA_CANDIDATES if p and Path(p).is_dir()), None)
pytestmark = pytest.mark.skipif(
    DATA is None, reason="the real Trello recordings are not on this machine"
)

ID = re.compile(r"^[0-9a-f]{24}$")
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
URL = re.compile(r"^https?://")
# Keys whose nested keys depend on the data rather than on the endpoint: the
# old values of an update name the fields that changed; a member's private
# data, emoji maps and plugin data are free-form.
FREE_FORM = {"old", "nonPublic", "emoji", "customFields", "pluginData"}
# What depends on the recorded board rather than on the endpoint, with why:
DATA_DEPENDENT = {
    # A card cover with an uploaded or Unsplash background (the emulator
    # has colour covers only) has these three keys more.
    "cover": {"scaled", "edgeColor", "sharedSourceUrl"},
}
# A board with a colour background has a colour name in ``prefs.background``
# (the emulator's boards are blue); with a photo, the photo's id.
FORMAT_EXCEPTIONS = {"prefs.background"}
# Keys of the data set, not of Trello (the source file of a webhook action).
NOT_TRELLO = {"_file"}


def _recordings():
    """``{endpoint: [file, …]}`` keeping the most recent year of each."""
    by_endpoint = {}
    for path in sorted((DATA or Path(".")).glob("*__*.json")):
        endpoint, _, stamp = path.stem.partition("__")
        by_endpoint.setdefault(endpoint, []).append((stamp[:4], path))
    latest = {}
    for endpoint, items in by_endpoint.items():
        year = max(y for y, _ in items)
        latest[endpoint] = [p for y, p in items if y == year]
    return latest


RECORDINGS = _recordings() if DATA else {}


def json_type(value):
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def string_format(value):
    if ID.match(value):
        return "id"
    if DATE.match(value):
        return "date"
    if URL.match(value):
        return "url"
    return "text"


def _old_keys(item):
    data = item.get("data")
    return set(data.get("old") or ()) if isinstance(data, dict) else set()


def _pick(real_item, mine):
    """The emulator item to compare a recorded array item with.

    An action is compared with an action of the same type that changed the
    same fields (``data.old``); when the emulator has none (a field it does
    not model, such as a card's location), the item is not compared.
    """
    if isinstance(real_item, dict) and "type" in real_item:
        same = [
            m
            for m in mine
            if isinstance(m, dict)
            and m.get("type") == real_item["type"]
            and _old_keys(m) == _old_keys(real_item)
        ]
        return same[0] if same else None
    return mine[0] if mine else None


def shape_problems(real, mine, path="$", free=False):
    """How ``mine`` differs from ``real`` in keys, types and formats."""
    if real is None or mine is None:
        return []
    kind = json_type(real)
    if json_type(mine) != kind:
        return [f"{path}: {json_type(mine)} instead of {kind} ({real!r:.60})"]
    if kind == "string":
        want = string_format(real)
        if any(path.endswith("." + p) for p in FORMAT_EXCEPTIONS):
            return []
        if want != "text" and string_format(mine) != want:
            return [f"{path}: {mine!r:.60} is not a {want} like {real!r:.60}"]
        return []
    problems = []
    if kind == "object":
        if not free:
            optional = NOT_TRELLO | DATA_DEPENDENT.get(path.rpartition(".")[2], set())
            problems += [
                f"{path}.{k}: missing"
                for k in real
                if k not in mine and k not in optional
            ]
        for key in real:
            if key in mine:
                problems += shape_problems(
                    real[key], mine[key], f"{path}.{key}", key in FREE_FORM
                )
    elif kind == "array":
        for index, item in enumerate(real):
            other = _pick(item, mine)
            if other is not None:
                problems += shape_problems(item, other, f"{path}[{index}]", free)
    return problems


# ----------------------------------------------------------------------
# the emulator's side: one request per recorded endpoint
class Demo:
    """Objects of the demo seed, looked up once per test."""

    def __init__(self, api, emu):
        self.api = api
        self.emu = emu
        self.board = board_by_name(api, "Website relaunch")
        bid = self.board["id"]
        self.cards = api.ok("GET", f"/boards/{bid}/cards")
        self.lists = api.ok("GET", f"/boards/{bid}/lists")
        self.labels = api.ok("GET", f"/boards/{bid}/labels")
        self.checklists = api.ok("GET", f"/boards/{bid}/checklists")
        self.card = next(c for c in self.cards if c["idChecklists"])
        self.checked = next(
            c for c in self.cards if c["badges"]["checkItemsChecked"] and c["idMembers"]
        )
        self.with_files = next(c for c in self.cards if c["badges"]["attachments"])
        comments = api.ok("GET", f"/boards/{bid}/actions", filter="commentCard")
        self.comment = next(
            a for a in comments if a["idMemberCreator"] == emu.member_id
        )

    def upload(self, card=None, file=("notes.txt", b"hello", "text/plain")):
        card = card or self.card
        resp = self.api.request(
            "POST", f"/cards/{card['id']}/attachments", files={"file": file}
        )
        assert resp.status_code == 200, resp.text
        return resp.json()

    def new_card(self, **params):
        return self.api.ok("POST", "/cards", idList=self.lists[0]["id"], **params)

    def new_checklist(self):
        return self.api.ok("POST", f"/cards/{self.card['id']}/checklists", name="c")

    def new_label(self):
        return self.api.ok(
            "POST", "/labels", idBoard=self.board["id"], name="x", color="red"
        )


def _raw(resp):
    is_json = resp.headers.get("Content-Type", "").startswith("application/json")
    return resp.status_code, resp.json() if is_json else resp.text


def _webhook_actions(d, receiver):
    """Actions delivered to a webhook while the demo board changes."""
    api, card = d.api, d.checked
    api.ok("POST", "/webhooks", callbackURL=receiver.url, idModel=d.board["id"])
    label = next(lb for lb in d.labels if lb["id"] not in card["idLabels"])
    member = next(m for m in card["idMembers"])
    other_list = next(x for x in d.lists if x["id"] != card["idList"])
    api.ok(
        "PUT",
        f"/cards/{card['id']}",
        name="renamed",
        desc="new",
        due="2025-03-01T10:00:00.000Z",
    )
    for field, value in (
        ("start", "2025-02-01T10:00:00.000Z"),
        ("dueComplete", "true"),
        ("pos", "top"),
    ):
        api.ok("PUT", f"/cards/{card['id']}", **{field: value})
    api.ok("PUT", f"/cards/{card['id']}", idList=other_list["id"])
    api.ok("POST", f"/cards/{card['id']}/idLabels", value=label["id"])
    api.ok("DELETE", f"/cards/{card['id']}/idLabels/{label['id']}")
    api.ok("DELETE", f"/cards/{card['id']}/idMembers/{member}")
    api.ok("POST", f"/cards/{card['id']}/idMembers", value=member)
    checklist = d.api.ok("POST", f"/cards/{card['id']}/checklists", name="c")
    item = api.ok("POST", f"/checklists/{checklist['id']}/checkItems", name="i")
    api.ok("PUT", f"/cards/{card['id']}/checkItem/{item['id']}", state="complete")
    api.ok("DELETE", f"/checklists/{checklist['id']}")
    att = d.upload(card, ("shot.png", b"\x89PNG\r\n\x1a\n", "image/png"))
    api.ok("DELETE", f"/cards/{card['id']}/attachments/{att['id']}")
    for field, value in (("name", "L"), ("pos", "top")):
        api.ok("PUT", f"/lists/{other_list['id']}", **{field: value})
    api.ok("PUT", f"/boards/{d.board['id']}", name="B")
    d.emu.flush_webhooks(timeout=10)
    bodies = [json.loads(body) for _, body in receiver.posts]
    return 200, [b["action"] for b in bodies]


def _board_history(d):
    """``/boards/{id}/actions`` after the changes of the 2023 recording."""
    api, card, board = d.api, d.card, d.board
    for field, value in (
        ("due", "2025-03-01T10:00:00.000Z"),
        ("name", "renamed"),
        ("desc", "new"),
        ("pos", "top"),
        ("idList", d.lists[-1]["id"]),
    ):
        api.ok("PUT", f"/cards/{card['id']}", **{field: value})
    api.ok("POST", f"/cards/{card['id']}/checklists", name="c")
    api.ok("DELETE", f"/cards/{d.new_card()['id']}")
    new_list = api.ok("POST", "/lists", idBoard=board["id"], name="L")
    api.ok("PUT", f"/lists/{new_list['id']}", name="L2")
    api.ok("PUT", f"/lists/{new_list['id']}", closed="true")
    other = api.ok("POST", "/boards", name="Other")
    api.ok("PUT", f"/lists/{d.lists[0]['id']}", idBoard=other["id"])
    api.ok("PUT", f"/boards/{board['id']}", closed="true")
    return api.get(f"/boards/{board['id']}/actions", limit=1000)


def _moved_card_payload(d):
    """The POST a board webhook receives when a card moves to another list."""
    d.api.ok("POST", "/webhooks", callbackURL=d.receiver.url, idModel=d.board["id"])
    d.api.ok("PUT", f"/cards/{d.card['id']}", idList=d.lists[-1]["id"])
    d.emu.flush_webhooks(timeout=10)
    assert len(d.receiver.posts) == 1
    return 200, json.loads(d.receiver.posts[0][1])


def _tick(d):
    """``PUT /cards/{id}/checkItem/{id}`` with ``state``."""
    checklist = d.checklists[0]
    item = checklist["checkItems"][-1]
    return d.api.put(
        f"/cards/{checklist['idCard']}/checkItem/{item['id']}", state="complete"
    )


CASES = {
    "webhook_payload_move_card": _moved_card_payload,
    "action_get_comment": lambda d: d.api.get(f"/actions/{d.comment['id']}"),
    "attachment_delete": lambda d: d.api.delete(
        f"/cards/{d.card['id']}/attachments/{d.upload()['id']}"
    ),
    "attachment_get": lambda d: d.api.get(
        f"/cards/{d.card['id']}/attachments/{d.upload()['id']}"
    ),
    "attachment_upload": lambda d: (200, d.upload()),
    "board_actions": _board_history,
    "board_cards": lambda d: d.api.get(f"/boards/{d.board['id']}/cards"),
    "board_checklists": lambda d: d.api.get(
        f"/boards/{d.board['id']}/checklists", filter="all"
    ),
    "board_create": lambda d: d.api.post("/boards", name="New board"),
    "board_delete": lambda d: d.api.delete(
        f"/boards/{d.api.ok('POST', '/boards', name='Gone')['id']}"
    ),
    "board_get": lambda d: d.api.get(f"/boards/{d.board['id']}"),
    "board_labels": lambda d: d.api.get(f"/boards/{d.board['id']}/labels"),
    "board_lists": lambda d: d.api.get(f"/boards/{d.board['id']}/lists"),
    "board_member_put": lambda d: d.api.put(
        f"/boards/{d.api.ok('POST', '/boards', name='Team')['id']}/members/bob",
        type="normal",
    ),
    "board_members": lambda d: d.api.get(f"/boards/{d.board['id']}/members"),
    "board_update": lambda d: d.api.put(f"/boards/{d.board['id']}", name="Renamed"),
    "card_actions": lambda d: d.api.get(
        f"/cards/{d.checked['id']}/actions", filter="all"
    ),
    "card_add_label": lambda d: d.api.post(
        f"/cards/{d.card['id']}/idLabels",
        value=next(lb["id"] for lb in d.labels if lb["id"] not in d.card["idLabels"]),
    ),
    "card_add_member": lambda d: d.api.post(
        f"/cards/{d.new_card()['id']}/idMembers", value=d.emu.member_id
    ),
    "card_attachments": lambda d: d.api.get(f"/cards/{d.with_files['id']}/attachments"),
    "card_checkitemstates": lambda d: d.api.get(
        f"/cards/{d.checked['id']}/checkItemStates"
    ),
    "card_checklist_create": lambda d: d.api.post(
        f"/cards/{d.card['id']}/checklists", name="c"
    ),
    "card_checklists": lambda d: d.api.get(f"/cards/{d.card['id']}/checklists"),
    "card_create": lambda d: d.api.post(
        "/cards",
        idList=d.lists[0]["id"],
        name="n",
        desc="d",
        idLabels=d.labels[0]["id"],
        idMembers=d.emu.member_id,
        due="2025-12-22T01:59:00.000Z",
    ),
    "card_delete": lambda d: d.api.delete(f"/cards/{d.new_card()['id']}"),
    "card_get": lambda d: d.api.get(f"/cards/{d.checked['id']}"),
    "card_members": lambda d: d.api.get(f"/cards/{d.checked['id']}/members"),
    "card_move": lambda d: d.api.put(
        f"/cards/{d.card['id']}/idList", value=d.lists[-1]["id"]
    ),
    "card_remove_label": lambda d: d.api.delete(
        f"/cards/{d.checked['id']}/idLabels/{d.checked['idLabels'][0]}"
    ),
    "card_remove_member": lambda d: d.api.delete(
        f"/cards/{d.checked['id']}/idMembers/{d.checked['idMembers'][0]}"
    ),
    "card_update": lambda d: d.api.put(f"/cards/{d.card['id']}", name="new name"),
    "checkitem_create": lambda d: d.api.post(
        f"/checklists/{d.new_checklist()['id']}/checkItems", name="A"
    ),
    "checkitem_state": _tick,
    "checklist_create": lambda d: d.api.post(
        "/checklists", idCard=d.card["id"], name="c"
    ),
    "checklist_delete": lambda d: d.api.delete(
        f"/checklists/{d.new_checklist()['id']}"
    ),
    "checklist_deleted_get": lambda d: (
        d.api.delete(f"/checklists/{d.checklists[0]['id']}"),
        d.api.get(f"/checklists/{d.checklists[0]['id']}"),
    )[1],
    "checklist_get": lambda d: d.api.get(f"/checklists/{d.checklists[0]['id']}"),
    "comment_create": lambda d: d.api.post(
        f"/cards/{d.card['id']}/actions/comments", text="hi"
    ),
    "comment_delete": lambda d: d.api.delete(f"/actions/{d.comment['id']}"),
    "comment_deleted_get": lambda d: (
        d.api.delete(f"/actions/{d.comment['id']}"),
        d.api.get(f"/actions/{d.comment['id']}"),
    )[1],
    "error_invalid_id": lambda d: d.api.get("/boards/Stuff", fields="name"),
    "error_invalid_key": lambda d: requests.get(
        d.emu.api_url + "/members/me/boards/",
        params={"filter": "all", "key": "0" * 32, "token": DEFAULT_TOKEN},
        timeout=10,
    ),
    "error_invalid_token": lambda d: requests.get(
        d.emu.api_url + f"/boards/{d.board['id']}",
        params={"key": DEFAULT_KEY, "token": "not-a-token"},
        timeout=10,
    ),
    "error_invalid_value_idlist": lambda d: d.api.post(
        "/cards", idCard=d.card["id"], name="x"
    ),
    "error_model_not_found": lambda d: d.api.get("/members/ALICE/boards"),
    "error_unauthorized_permission": lambda d: d.api.get(
        "/boards/"
        + next(
            b["id"] for b in d.emu.store.boards.values() if b["name"] == "Bob's notes"
        )
    ),
    "label_create": lambda d: d.api.post(
        "/labels", idBoard=d.board["id"], name="x", color="red"
    ),
    "label_delete": lambda d: d.api.delete(f"/labels/{d.new_label()['id']}"),
    "label_deleted_get": lambda d: (
        d.api.delete(f"/labels/{d.labels[0]['id']}"),
        d.api.get(f"/labels/{d.labels[0]['id']}"),
    )[1],
    "label_get": lambda d: d.api.get(f"/labels/{d.labels[0]['id']}"),
    "label_update": lambda d: d.api.put(
        f"/labels/{d.labels[0]['id']}", name="y", color="blue"
    ),
    "list_actions": lambda d: (
        d.api.put(f"/lists/{d.lists[1]['id']}", name="renamed"),
        d.api.get(f"/lists/{d.lists[1]['id']}/actions", filter="all"),
    )[1],
    "list_archive_all": lambda d: d.api.post(
        f"/lists/{d.lists[-1]['id']}/archiveAllCards"
    ),
    "list_cards": lambda d: d.api.get(
        f"/lists/{d.checked['idList']}/cards", filter="open"
    ),
    "list_create": lambda d: d.api.post("/lists", idBoard=d.board["id"], name="L"),
    "list_get": lambda d: d.api.get(f"/lists/{d.lists[0]['id']}"),
    "list_update": lambda d: d.api.put(f"/lists/{d.lists[0]['id']}", name="L2"),
    "member_boards": lambda d: d.api.get("/members/me/boards"),
    "member_me": lambda d: d.api.get("/members/me"),
    "token_get": lambda d: d.api.get(f"/tokens/{DEFAULT_TOKEN}", webhooks="true"),
    "token_webhooks": lambda d: (
        d.api.post("/webhooks", callbackURL=d.receiver.url, idModel=d.board["id"]),
        d.api.get(f"/tokens/{DEFAULT_TOKEN}/webhooks"),
    )[1],
    "webhook_actions": lambda d: _webhook_actions(d, d.receiver),
    "webhook_create": lambda d: d.api.post(
        "/webhooks", callbackURL=d.receiver.url, idModel=d.board["id"], description="d"
    ),
    "webhook_delete": lambda d: d.api.delete(f"/webhooks/{d.new_webhook()['id']}"),
    "webhook_deleted_get": lambda d: (
        lambda hook: (
            d.api.delete(f"/webhooks/{hook['id']}"),
            d.api.get(f"/webhooks/{hook['id']}"),
        )[1]
    )(d.new_webhook()),
    "webhook_get": lambda d: d.api.get(f"/webhooks/{d.new_webhook()['id']}"),
    "webhook_update": lambda d: d.api.put(
        f"/webhooks/{d.new_webhook()['id']}", description="changed"
    ),
}


def test_every_recorded_endpoint_is_compared():
    assert RECORDINGS, "no recordings found"
    assert sorted(RECORDINGS) == sorted(CASES)


@pytest.mark.parametrize("endpoint", sorted(RECORDINGS))
def test_answer_matches_real_trello(endpoint, api, emu, request):
    demo = Demo(api, emu)
    if "webhook" in endpoint:
        # A callback server, only where needed: it takes 0.5 s to stop.
        demo.receiver = request.getfixturevalue("receiver")
    demo.new_webhook = lambda: api.ok(
        "POST", "/webhooks", callbackURL=demo.receiver.url, idModel=demo.board["id"]
    )
    answer = CASES[endpoint](demo)
    status, body = answer if isinstance(answer, tuple) else _raw(answer)
    for path in RECORDINGS[endpoint]:
        real = json.loads(path.read_text())
        assert status == real["status"], (path.name, status, body)
        if isinstance(real["body"], str):
            assert body == real["body"], path.name
            continue
        problems = shape_problems(real["body"], body)
        assert not problems, f"{path.name}:\n" + "\n".join(problems)

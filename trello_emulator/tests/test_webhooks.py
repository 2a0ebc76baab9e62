"""Webhooks: signature vectors, HEAD check, delivery, retries and 410."""

import json

from trello_emulator import DEFAULT_SECRET, sign_webhook

from .conftest import board_by_name

VECTOR_SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
VECTOR_URL = "https://odoo.example.com/trello/webhook"


def test_signature_matches_documented_vectors():
    body = '{"action":{"type":"commentCard"},"model":{"id":"5abbe4b7ddc1b351ef961414"}}'
    assert sign_webhook(VECTOR_SECRET, body.encode(), VECTOR_URL) == (
        "ua9mYh0lZlbyLTdEZqzSDLVMfk0="
    )
    body2 = '{"action":{"data":{"text":"café – ok"}}}'
    assert sign_webhook(VECTOR_SECRET, body2.encode("utf-8"), VECTOR_URL) == (
        "EMHubc6zU8GleHQhip3+/wXm2TU="
    )
    assert sign_webhook(VECTOR_SECRET, body2, VECTOR_URL) == (
        "EMHubc6zU8GleHQhip3+/wXm2TU="
    )


def _create(api, receiver, model_id, **extra):
    return api.post("/webhooks", callbackURL=receiver.url, idModel=model_id, **extra)


def test_head_check_duplicates_and_loopback_only(api, receiver, emu):
    board = board_by_name(api, "Website relaunch")
    receiver.head_status = 405
    resp = _create(api, receiver, board["id"])
    assert resp.status_code == 400
    assert resp.json() == {
        "message": f"URL ({receiver.url}) did not return 200 status code, got 405",
        "error": "ERROR",
    }
    receiver.head_status = 200
    hook = _create(api, receiver, board["id"], description="sync").json()
    assert receiver.heads == 2
    assert hook["active"] is True and hook["consecutiveFailures"] == 0
    assert hook["idModel"] == board["id"] and hook["callbackURL"] == receiver.url
    dup = _create(api, receiver, board["id"])
    assert dup.status_code == 400
    assert dup.text == "A webhook with that callback, model, and token already exists"
    remote = api.post(
        "/webhooks", callbackURL="http://192.0.2.1/hook", idModel=board["id"]
    )
    assert (remote.status_code, remote.text) == (400, "invalid value for callbackURL")
    listed = api.ok("GET", f"/tokens/{emu.token}/webhooks")
    assert [h["id"] for h in listed] == [hook["id"]]
    updated = api.ok(
        "PUT", f"/webhooks/{hook['id']}", description="new", active="false"
    )
    assert (updated["description"], updated["active"]) == ("new", False)
    assert api.ok("GET", f"/webhooks/{hook['id']}")["description"] == "new"
    assert api.ok("DELETE", f"/webhooks/{hook['id']}") == {"_value": None}
    assert api.get(f"/webhooks/{hook['id']}").status_code == 404
    bad = api.post("/webhooks", callbackURL=receiver.url, idModel="0" * 24)
    assert bad.text == "invalid value for idModel"


def test_delivery_is_signed_and_carries_action_and_model(api, bob, receiver, emu):
    board = board_by_name(api, "Website relaunch")
    hook = _create(api, receiver, board["id"]).json()
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    bob.ok("PUT", f"/cards/{card['id']}", name="Renamed by Bob")
    assert emu.flush_webhooks(5)
    assert len(receiver.posts) == 1
    headers, body = receiver.posts[0]
    assert headers["X-Trello-Webhook"] == sign_webhook(
        DEFAULT_SECRET, body, receiver.url
    )
    payload = json.loads(body)
    assert payload["action"]["type"] == "updateCard"
    assert payload["action"]["data"]["old"] == {"name": card["name"]}
    assert payload["action"]["memberCreator"]["username"] == "bob"
    assert payload["model"]["id"] == board["id"]
    assert payload["model"]["name"] == "Website relaunch"
    # a card webhook gets card actions with the card as model
    card_hook = _create(api, receiver, card["id"]).json()
    api.ok("POST", f"/cards/{card['id']}/actions/comments", text="hi")
    assert emu.flush_webhooks(5)
    models = sorted(json.loads(b)["model"]["id"] for _, b in receiver.posts[1:])
    assert models == sorted([board["id"], card["id"]])
    assert hook["id"] != card_hook["id"]


def test_retries_then_success_and_failure_counter(api, receiver, emu):
    board = board_by_name(api, "Support")
    hook = _create(api, receiver, board["id"]).json()
    receiver.post_statuses = [500, 500, 500, 500, 200]
    api.ok("POST", f"/boards/{board['id']}/labels", name="x", color="red")
    assert emu.flush_webhooks(5)
    assert len(receiver.posts) == 4  # first try + 3 retries
    failed = api.ok("GET", f"/webhooks/{hook['id']}")
    assert failed["consecutiveFailures"] == 4
    assert failed["firstConsecutiveFailDate"] is not None
    api.ok("POST", f"/boards/{board['id']}/labels", name="y", color="red")
    assert emu.flush_webhooks(5)
    healed = api.ok("GET", f"/webhooks/{hook['id']}")
    assert healed["consecutiveFailures"] == 0
    assert healed["firstConsecutiveFailDate"] is None


def test_410_deletes_the_webhook(api, receiver, emu):
    board = board_by_name(api, "Support")
    hook = _create(api, receiver, board["id"]).json()
    receiver.post_statuses = [410]
    api.ok("POST", f"/boards/{board['id']}/labels", name="x", color="red")
    assert emu.flush_webhooks(5)
    assert len(receiver.posts) == 1
    assert api.get(f"/webhooks/{hook['id']}").status_code == 404
    api.ok("POST", f"/boards/{board['id']}/labels", name="y", color="red")
    assert emu.flush_webhooks(5)
    assert len(receiver.posts) == 1


def test_inactive_webhook_is_not_called(api, receiver, emu):
    board = board_by_name(api, "Support")
    _create(api, receiver, board["id"], active="false")
    api.ok("POST", f"/boards/{board['id']}/labels", name="x", color="red")
    assert emu.flush_webhooks(5)
    assert receiver.posts == []

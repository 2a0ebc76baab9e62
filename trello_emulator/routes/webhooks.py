"""``/1/webhooks/…`` and ``/1/tokens/…``."""

import re

from ..errors import ApiError, invalid_id, invalid_value, not_found, unauthorized
from ..render import (
    parse_fields,
)
from ..store import ID_RE, iso
from .common import (
    route,
)


def _webhook_create(call, token):
    """Validate, HEAD-check the callback (without the store lock), create."""
    store = call.store
    if token != call.token:
        raise unauthorized()
    url = call.text("callbackURL")
    if not url or not re.match(r"^https?://", url):
        raise invalid_value("callbackURL")
    model_id = call.id_param("idModel")
    description = call.text("description", "")
    active = call.flag("active", default=True)
    dispatcher = call.app.webhooks
    with store.lock:
        _webhook_model(call, model_id)
        _webhook_duplicate(call, model_id, url)
    if not dispatcher.allow_remote:
        from ..webhooks import is_loopback_url

        if not is_loopback_url(url):
            raise invalid_value("callbackURL")
    status = dispatcher.head_check(url)
    if status != 200:
        got = status if status is not None else "no response"
        raise ApiError(
            400,
            "",
            json_body={
                "message": f"URL ({url}) did not return 200 status code, got {got}",
                "error": "ERROR",
            },
        )
    with store.lock:
        _webhook_model(call, model_id)
        _webhook_duplicate(call, model_id, url)
        hook = store.create_webhook(call.token, model_id, url, description, active)
        return call.ctx.webhook(hook)


def _webhook_model(call, model_id):
    kind, model = call.store.model_for_id(model_id)
    if model is None:
        raise invalid_value("idModel")
    if kind == "member":
        if model["id"] != call.member_id:
            raise unauthorized()
    else:
        call._check_board_access(model["idBoard"] if kind != "board" else model["id"])


def _webhook_duplicate(call, model_id, url):
    for hook in call.store.webhooks.values():
        if (hook["_token"], hook["idModel"], hook["callbackURL"]) == (
            call.token,
            model_id,
            url,
        ):
            raise ApiError(
                400, "A webhook with that callback, model, and token already exists"
            )


@route("POST", "/1/webhooks", no_lock=True)
def create_webhook(call):
    return _webhook_create(call, call.token)


@route("POST", "/1/tokens/<token>/webhooks", no_lock=True)
def create_token_webhook(call, token):
    return _webhook_create(call, token)


@route("GET", "/1/tokens/<token>/webhooks")
def get_token_webhooks(call, token):
    if token != call.token:
        raise unauthorized()
    return [
        call.ctx.webhook(h)
        for h in call.store.webhooks.values()
        if h["_token"] == token
    ]


@route("GET", "/1/tokens/<token>")
def get_token(call, token):
    if token != call.token:
        raise unauthorized()
    out = {
        "id": call.store.members[call.member_id]["id"][:8] + "0" * 16,
        "identifier": "trello-emulator",
        "idMember": call.member_id,
        "dateCreated": iso(call.store.peek_now()),
        "dateExpires": None,
        "permissions": [
            {
                "idModel": call.member_id,
                "modelType": "Member",
                "read": True,
                "write": True,
            },
            {"idModel": "*", "modelType": "Board", "read": True, "write": True},
            {"idModel": "*", "modelType": "Organization", "read": True, "write": True},
        ],
    }
    if call.flag("webhooks", default=False):
        out["webhooks"] = [
            call.ctx.webhook(h)
            for h in call.store.webhooks.values()
            if h["_token"] == token
        ]
    return out


@route("GET", "/1/tokens/<token>/member")
def get_token_member(call, token):
    if token != call.token:
        raise unauthorized()
    return call.ctx.member(
        call.store.members[call.member_id], parse_fields(call.params.get("fields"))
    )


def _webhook(call, ref):
    if not ID_RE.match(ref):
        raise invalid_id()
    hook = call.store.webhooks.get(ref.lower())
    if hook is None:
        raise not_found()
    if hook["_token"] != call.token:
        raise unauthorized()
    return hook


@route("GET", "/1/webhooks/<ref>")
def get_webhook(call, ref):
    return call.ctx.webhook(_webhook(call, ref))


@route("PUT", "/1/webhooks/<ref>")
def update_webhook(call, ref):
    hook = _webhook(call, ref)
    changes = {}
    if call.has("description"):
        changes["description"] = call.text("description") or ""
    if call.has("active"):
        changes["active"] = call.flag("active")
    if call.has("callbackURL"):
        url = call.text("callbackURL")
        if not url or not re.match(r"^https?://", url):
            raise invalid_value("callbackURL")
        changes["callbackURL"] = url
    if call.has("idModel"):
        model_id = call.text("idModel") or ""
        if not ID_RE.match(model_id):
            raise invalid_value("idModel")
        _webhook_model(call, model_id.lower())
        changes["idModel"] = model_id.lower()
    hook.update(changes)
    return call.ctx.webhook(hook)


@route("DELETE", "/1/webhooks/<ref>")
def delete_webhook(call, ref):
    hook = _webhook(call, ref)
    del call.store.webhooks[hook["id"]]
    return {"_value": None}

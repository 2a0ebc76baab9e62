"""``/1/actions/…`` and the comments of a card (comments are actions)."""

from ..errors import not_found, unauthorized
from ..render import (
    parse_fields,
)
from .common import (
    route,
)


@route("POST", "/1/cards/<ref>/actions/comments")
def add_comment(call, ref):
    card = call.card(ref)
    text = call.nonblank("text")
    action = call.store.add_comment(call.member_id, card, text)
    out = call.ctx.action(action)
    out["display"] = call.ctx.display(action)
    member = call.store.members[call.member_id]
    out["entities"] = [
        {
            "type": "member",
            "id": call.member_id,
            "username": member["username"],
            "text": member["fullName"],
        },
        {
            "type": "text",
            "text": "on",
            "hideIfContext": True,
            "idContext": card["id"],
        },
        {
            "type": "card",
            "hideIfContext": True,
            "id": card["id"],
            "shortLink": card["shortLink"],
            "text": card["name"],
        },
    ]
    return out


def own_comment(call, action):
    """Only comments can be edited or deleted, and only by their author."""
    if action["type"] != "commentCard" or action["idMemberCreator"] != call.member_id:
        raise unauthorized()
    return action


def edit_comment(call, action, name):
    text = call.nonblank(name)
    call.store.update_comment(call.member_id, own_comment(call, action), text)
    return call.ctx.action(action)


def _card_action(call, ref, action_ref):
    """The action ``action_ref`` of card ``ref`` (404 if about another card)."""
    card = call.card(ref)
    action = call.action(action_ref)
    if action["data"].get("card", {}).get("id") != card["id"]:
        raise not_found()
    return action


@route("PUT", "/1/cards/<ref>/actions/<action_ref>/comments")
def edit_card_comment(call, ref, action_ref):
    return edit_comment(call, _card_action(call, ref, action_ref), "text")


@route("DELETE", "/1/cards/<ref>/actions/<action_ref>/comments")
def delete_card_comment(call, ref, action_ref):
    action = own_comment(call, _card_action(call, ref, action_ref))
    call.store.delete_comment(call.member_id, action)
    return {"_value": None}


@route("GET", "/1/actions/<ref>")
def get_action(call, ref):
    action = call.action(ref)
    fields = parse_fields(call.params.get("fields"))
    out = call.ctx.action(action, fields)
    if call.flag("display", default=True) and fields == "all":
        out["display"] = call.ctx.display(action)
    return out


@route("PUT", "/1/actions/<ref>")
def update_action(call, ref):
    return edit_comment(call, call.action(ref), "text")


@route("PUT", "/1/actions/<ref>/text")
def update_action_text(call, ref):
    return edit_comment(call, call.action(ref), "value")


@route("DELETE", "/1/actions/<ref>")
def delete_action(call, ref):
    action = own_comment(call, call.action(ref))
    call.store.delete_comment(call.member_id, action)
    return {"_value": None}

"""``/1/checklists/…`` and the checklists and check items of a card."""

from ..errors import invalid_id, invalid_value, not_found
from ..render import (
    parse_fields,
)
from ..store import ID_RE, SHORTLINK_RE
from .common import (
    MISSING,
    put_field,
    route,
    updated_check_item,
    with_limits,
)


def create_checklist_on(call, card):
    name = call.text("name", "Checklist")
    pos = call.pos()
    checklist = call.store.create_checklist(call.member_id, card, name, pos)
    return with_limits(call.ctx.checklist(checklist))


@route("POST", "/1/cards/<ref>/checklists")
def create_card_checklist(call, ref):
    return create_checklist_on(call, call.card(ref))


def _card_item(call, card, item_ref):
    if not ID_RE.match(item_ref):
        raise invalid_id()
    checklist, item = call.store.find_check_item(item_ref.lower())
    if item is None or checklist["idCard"] != card["id"]:
        raise not_found()
    return checklist, item


def _item_changes(call, checklist):
    changes = {}
    if call.has("name"):
        changes["name"] = call.nonblank("name")
    if call.has("state"):
        state = call.text("state")
        state = {"true": "complete", "false": "incomplete"}.get(state, state)
        if state not in ("complete", "incomplete"):
            raise invalid_value("state")
        changes["state"] = state
    if call.has("due"):
        changes["due"] = call.date("due")
    if call.has("idMember"):
        member = call.text("idMember")
        if member in (None, "", "null"):
            changes["idMember"] = None
        elif ID_RE.match(member) and member.lower() in call.store.members:
            changes["idMember"] = member.lower()
        else:
            raise invalid_value("idMember")
    target = checklist
    if call.has("idChecklist"):
        target = call.store.checklists.get(call.id_param("idChecklist"))
        if target is None or target["idCard"] != checklist["idCard"]:
            raise invalid_value("idChecklist")
        if target["id"] != checklist["id"]:
            changes["idChecklist"] = target["id"]
    if call.has("pos"):
        pos = call.pos()
        changes["pos"] = call.store.resolve_pos(pos, target["checkItems"])
    return changes


@route("GET", "/1/cards/<ref>/checkItem/<item_ref>")
def get_card_check_item(call, ref, item_ref):
    _, item = _card_item(call, call.card(ref), item_ref)
    return call.ctx.check_item(item, parse_fields(call.params.get("fields")))


@route("PUT", "/1/cards/<ref>/checkItem/<item_ref>")
def update_card_check_item(call, ref, item_ref):
    checklist, item = _card_item(call, call.card(ref), item_ref)
    changes = _item_changes(call, checklist)
    call.store.update_check_item(call.member_id, checklist, item, changes)
    return updated_check_item(call, item)


@route("DELETE", "/1/cards/<ref>/checkItem/<item_ref>")
def delete_card_check_item(call, ref, item_ref):
    checklist, item = _card_item(call, call.card(ref), item_ref)
    call.store.delete_check_item(call.member_id, checklist, item)
    return {"_value": None}


@route("POST", "/1/checklists")
def create_checklist(call):
    ref = call.text("idCard")
    if not ref or not (ID_RE.match(ref) or SHORTLINK_RE.match(ref)):
        raise invalid_value("idCard")
    return create_checklist_on(call, call.card(ref))


@route("GET", "/1/checklists/<ref>")
def get_checklist(call, ref):
    checklist = call.checklist(ref)
    with_items = call.params.get("checkItems", "all") != "none"
    return call.ctx.checklist(
        checklist, parse_fields(call.params.get("fields")), with_items
    )


def _checklist_changes(call, checklist, values):
    changes = {}
    if "name" in values:
        changes["name"] = call.nonblank("name")
    if "pos" in values:
        card = call.store.cards[checklist["idCard"]]
        siblings = [
            c for c in call.store.card_checklists(card) if c["id"] != checklist["id"]
        ]
        changes["pos"] = call.store.resolve_pos(call.pos(), siblings)
    return changes


def _put_checklist(call, checklist, values):
    changes = _checklist_changes(call, checklist, values)
    call.store.update_checklist(call.member_id, checklist, changes)
    return call.ctx.checklist(checklist)


@route("PUT", "/1/checklists/<ref>")
def update_checklist(call, ref):
    return _put_checklist(call, call.checklist(ref), call.params)


@route("PUT", "/1/checklists/<ref>/<field>")
def update_checklist_field(call, ref, field):
    checklist = call.checklist(ref)
    return put_field(call, checklist, field, ("name", "pos"), _put_checklist)


@route("DELETE", "/1/checklists/<ref>")
def delete_checklist(call, ref):
    call.store.delete_checklist(call.member_id, call.checklist(ref))
    return {"limits": {}}  # what Trello answers to this DELETE


@route("GET", "/1/checklists/<ref>/checkItems")
def get_check_items(call, ref):
    checklist = call.checklist(ref)
    fields = parse_fields(call.params.get("fields"))
    return [call.ctx.check_item(i, fields) for i in checklist["checkItems"]]


@route("POST", "/1/checklists/<ref>/checkItems")
def create_check_item(call, ref):
    checklist = call.checklist(ref)
    name = call.nonblank("name")
    pos = call.pos()
    checked = call.flag("checked", default=False)
    due = call.date("due")
    member = call.text("idMember")
    if member and not (ID_RE.match(member) and member.lower() in call.store.members):
        raise invalid_value("idMember")
    item = call.store.create_check_item(
        call.member_id,
        checklist,
        name,
        pos,
        checked,
        None if due is MISSING else due,
        member.lower() if member else None,
    )
    return with_limits(call.ctx.check_item(item))


def _checklist_item(call, checklist, item_ref):
    if not ID_RE.match(item_ref):
        raise invalid_id()
    for item in checklist["checkItems"]:
        if item["id"] == item_ref.lower():
            return item
    raise not_found()


@route("GET", "/1/checklists/<ref>/checkItems/<item_ref>")
def get_check_item(call, ref, item_ref):
    item = _checklist_item(call, call.checklist(ref), item_ref)
    return call.ctx.check_item(item, parse_fields(call.params.get("fields")))


@route("PUT", "/1/checklists/<ref>/checkItems/<item_ref>")
def update_check_item(call, ref, item_ref):
    checklist = call.checklist(ref)
    item = _checklist_item(call, checklist, item_ref)
    call.store.update_check_item(
        call.member_id, checklist, item, _item_changes(call, checklist)
    )
    return updated_check_item(call, item)


@route("DELETE", "/1/checklists/<ref>/checkItems/<item_ref>")
def delete_check_item(call, ref, item_ref):
    checklist = call.checklist(ref)
    item = _checklist_item(call, checklist, item_ref)
    call.store.delete_check_item(call.member_id, checklist, item)
    return {"_value": None}

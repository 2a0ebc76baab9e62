"""``/1/cards/…``: the card itself, its labels and members."""

from ..errors import ApiError, invalid_id, invalid_value, not_found
from ..render import (
    BOARD_DEFAULT_FIELDS,
    parse_fields,
)
from ..store import ID_RE
from .common import (
    MISSING,
    check_labels,
    check_members,
    filter_lists,
    label_color,
    newest_first,
    put_field,
    render_cards,
    route,
    select_actions,
    with_limits,
)


@route("POST", "/1/cards")
def create_card(call):
    lst = call.store.lists.get(call.id_param("idList"))
    if lst is None:
        raise invalid_value("idList")
    board = call._check_board_access(lst["idBoard"])
    name = call.text("name", "")
    desc = call.text("desc", "")
    pos = call.pos()
    due = call.date("due")
    start = call.date("start")
    members = call.ids("idMembers") or []
    labels = call.ids("idLabels") or []
    check_members(call, board, members, "idMembers")
    check_labels(call, board["id"], labels, "idLabels")
    url_source = call.text("urlSource")
    card = call.store.create_card(
        call.member_id,
        lst["id"],
        name,
        desc,
        pos,
        None if due is MISSING else due,
        None if start is MISSING else start,
        call.flag("dueComplete", default=False),
        members,
        labels,
        closed=call.flag("closed", default=False),
    )
    if url_source:
        call.store.add_attachment(call.member_id, card, url=url_source)
    out = call.ctx.card(card)
    out["attachments"] = [
        call.ctx.attachment(call.store.attachments[a]) for a in card["_idAttachments"]
    ]
    out["stickers"] = []
    return with_limits(out)


@route("GET", "/1/cards/<ref>")
def get_card(call, ref):
    card = call.card(ref)
    store = call.store
    out = render_cards(call, [card])[0]
    if call.params.get("actions") not in (None, "", "none"):
        actions = (a for a in newest_first(store.actions) if card["id"] in a["_models"])
        out["actions"] = select_actions(call, actions, prefix="actions_")
    if call.flag("list", default=False):
        out["list"] = call.ctx.list(store.lists[card["idList"]])
    if call.flag("board", default=False):
        out["board"] = call.ctx.board(
            store.boards[card["idBoard"]], BOARD_DEFAULT_FIELDS
        )
    return out


def _card_location(call, card, values):
    """Validate ``idBoard``/``idList``: the card's board and changes."""
    store = call.store
    changes = {}
    board = store.boards[card["idBoard"]]
    if "idBoard" in values and call.text("idBoard"):
        target = call.board(call.id_param("idBoard"))
        if target["id"] != board["id"]:
            changes["idBoard"] = target["id"]
            board = target
            if "idList" not in values:
                open_lists = filter_lists(store.board_lists(board["id"]), "open")
                if not open_lists:
                    raise invalid_value("idList")
                changes["idList"] = open_lists[0]["id"]
    if "idList" in values:
        lst = store.lists.get(call.id_param("idList"))
        if lst is None or lst["idBoard"] != board["id"]:
            raise invalid_value("idList")
        changes["idList"] = lst["id"]
    return board, changes


def _card_changes(call, card, values):
    """Validate an update of ``card``; return the typed changes."""
    store = call.store
    board, changes = _card_location(call, card, values)
    if "name" in values:
        changes["name"] = call.nonblank("name")
    if "desc" in values:
        changes["desc"] = call.text("desc") or ""
    for flag in ("closed", "dueComplete", "subscribed"):
        if flag in values:
            value = call.flag(flag)
            if value is None:
                raise invalid_value(flag)
            changes[flag] = value
    for key in ("due", "start"):
        if key in values:
            changes[key] = call.date(key)
    if "pos" in values:
        pos = call.pos()
        if pos is None:
            raise invalid_value("pos")
        target_list = changes.get("idList", card["idList"])
        siblings = [c for c in store.list_cards(target_list) if c["id"] != card["id"]]
        changes["pos"] = store.resolve_pos(pos, siblings)
    if "idMembers" in values:
        members = call.ids("idMembers") or []
        check_members(call, board, members, "idMembers")
        changes["idMembers"] = members
    if "idLabels" in values:
        labels = call.ids("idLabels") or []
        check_labels(call, board["id"], labels, "idLabels")
        changes["idLabels"] = labels
    if "idAttachmentCover" in values:
        changes["idAttachmentCover"] = _cover(call, card)
    return changes


def _cover(call, card):
    cover = call.text("idAttachmentCover")
    if cover in (None, "", "null"):
        return None
    if cover.lower() in card["_idAttachments"]:
        return cover.lower()
    raise invalid_value("idAttachmentCover")


CARD_FIELDS_WRITABLE = (
    "name",
    "desc",
    "closed",
    "idList",
    "idBoard",
    "pos",
    "due",
    "start",
    "dueComplete",
    "idMembers",
    "idLabels",
    "subscribed",
    "idAttachmentCover",
)


def _put_card(call, card, values):
    call.store.update_card(call.member_id, card, _card_changes(call, card, values))
    return call.ctx.card(card)


@route("PUT", "/1/cards/<ref>")
def update_card(call, ref):
    card = call.card(ref)
    values = {k: True for k in CARD_FIELDS_WRITABLE if k in call.params}
    return _put_card(call, card, values)


@route("PUT", "/1/cards/<ref>/<field>")
def update_card_field(call, ref, field):
    return put_field(call, call.card(ref), field, CARD_FIELDS_WRITABLE, _put_card)


@route("DELETE", "/1/cards/<ref>")
def delete_card(call, ref):
    card = call.card(ref)
    call.store.delete_card(call.member_id, card)
    return {"limits": {}}  # what Trello answers to this DELETE


@route("GET", "/1/cards/<ref>/<field>")
def get_card_field(call, ref, field):
    card = call.card(ref)
    store = call.store
    if field == "list":
        return call.ctx.list(
            store.lists[card["idList"]], parse_fields(call.params.get("fields"))
        )
    if field == "board":
        return call.ctx.board(
            store.boards[card["idBoard"]], parse_fields(call.params.get("fields"))
        )
    if field == "members":
        fields = parse_fields(call.params.get("fields"))
        return [call.ctx.member(store.members[m], fields) for m in card["idMembers"]]
    if field == "labels":
        fields = parse_fields(call.params.get("fields"))
        return [call.ctx.label(store.labels[x], fields) for x in card["idLabels"]]
    if field == "checklists":
        fields = parse_fields(call.params.get("fields"))
        return [call.ctx.checklist(c, fields) for c in store.card_checklists(card)]
    if field == "attachments":
        fields = parse_fields(call.params.get("fields"))
        atts = [store.attachments[a] for a in card["_idAttachments"]]
        if call.params.get("filter") == "cover":
            atts = [a for a in atts if a["id"] == card["idAttachmentCover"]]
        return [call.ctx.attachment(a, fields) for a in atts]
    if field == "actions":
        if "filter" not in call.params:
            call.params["filter"] = "commentCard,updateCard:idList"
        actions = (a for a in newest_first(store.actions) if card["id"] in a["_models"])
        return select_actions(call, actions)
    if field in ("stickers", "membersVoted", "pluginData"):
        return []
    if field == "checkItemStates":
        # Trello's own ``id`` here is a broken "[object Object]" string.
        return [
            {"id": state["idCheckItem"], **state}
            for state in call.ctx.card(card)["checkItemStates"]
        ]
    full = call.ctx.card(card)
    if field in full:
        return {"_value": full[field]}
    raise not_found()


@route("POST", "/1/cards/<ref>/idLabels")
def add_card_label(call, ref):
    card = call.card(ref)
    value = call.text("value")
    if not value or not ID_RE.match(value):
        raise invalid_value("value")
    check_labels(call, card["idBoard"], [value.lower()], "value")
    if value.lower() in card["idLabels"]:
        raise ApiError(400, "that label is already on the card")
    call.store.add_card_label(call.member_id, card, value.lower())
    return list(card["idLabels"])


@route("DELETE", "/1/cards/<ref>/idLabels/<label_ref>")
def remove_card_label(call, ref, label_ref):
    card = call.card(ref)
    if not ID_RE.match(label_ref):
        raise invalid_id()
    if label_ref.lower() not in card["idLabels"]:
        raise not_found()
    call.store.remove_card_label(call.member_id, card, label_ref.lower())
    return {"_value": None}


@route("POST", "/1/cards/<ref>/labels")
def create_card_label(call, ref):
    card = call.card(ref)
    color = label_color(call, required=True)
    name = call.text("name", "")
    label = call.store.create_label(call.member_id, card["idBoard"], name, color)
    call.store.add_card_label(call.member_id, card, label["id"])
    return list(card["idLabels"])


@route("POST", "/1/cards/<ref>/idMembers")
def add_card_member(call, ref):
    card = call.card(ref)
    value = call.text("value")
    if not value or not ID_RE.match(value):
        raise invalid_value("value")
    board = call.store.boards[card["idBoard"]]
    check_members(call, board, [value.lower()], "value")
    if value.lower() in card["idMembers"]:
        raise ApiError(400, "member is already on the card")
    call.store.add_card_member(call.member_id, card, value.lower())
    return _card_members(call, card)


@route("DELETE", "/1/cards/<ref>/idMembers/<member_ref>")
def remove_card_member(call, ref, member_ref):
    card = call.card(ref)
    if not ID_RE.match(member_ref):
        raise invalid_id()
    if member_ref.lower() not in card["idMembers"]:
        raise not_found()
    call.store.remove_card_member(call.member_id, card, member_ref.lower())
    return _card_members(call, card)


def _card_members(call, card):
    """What the ``idMembers`` routes answer: the card's members, rendered."""
    return [call.store._member_brief(m) for m in card["idMembers"]]

"""``/1/boards/…``."""

from ..errors import invalid_value
from ..render import (
    BOARD_DEFAULT_FIELDS,
    BOARD_MEMBERS_FIELDS,
    MEMBER_NESTED_FIELDS,
    parse_fields,
)
from .common import (
    CARD_FILTERS,
    filter_cards,
    filter_lists,
    newest_first,
    paged_cards,
    render_cards,
    route,
    select_actions,
)
from .custom_fields import render_custom_field
from .labels import create_label_on
from .lists import create_list_on


@route("GET", "/1/boards/<ref>")
def get_board(call, ref):
    board = call.board(ref)
    store = call.store
    bid = board["id"]
    fields = parse_fields(call.params.get("fields"), BOARD_DEFAULT_FIELDS)
    out = call.ctx.board(board, fields)
    actions = call.params.get("actions")
    if actions not in (None, "", "none"):
        out["actions"] = select_actions(
            call,
            (a for a in newest_first(store.actions) if a["_idBoard"] == bid),
            prefix="actions_",
        )
    cards = call.params.get("cards", "none")
    if cards != "none":
        if cards not in CARD_FILTERS:
            raise invalid_value("cards")
        chosen = filter_cards(store, store.board_cards(bid), cards)
        out["cards"] = render_cards(call, store.sorted_cards(chosen)[:1000], "card_")
    lists = call.params.get("lists", "none")
    if lists != "none":
        chosen = filter_lists(store.board_lists(bid), lists, "lists")
        list_fields = parse_fields(call.params.get("list_fields"))
        out["lists"] = [call.ctx.list(x, list_fields) for x in chosen[:1000]]
    labels = call.params.get("labels", "none")
    if labels != "none":
        if labels != "all":
            raise invalid_value("labels")
        limit = call.integer("labels_limit", 50, 0, 1000)
        label_fields = parse_fields(call.params.get("label_fields"))
        out["labels"] = [
            call.ctx.label(lb, label_fields) for lb in store.board_labels(bid)[:limit]
        ]
    members = call.params.get("members", "none")
    if members != "none":
        member_fields = parse_fields(
            call.params.get("member_fields"), MEMBER_NESTED_FIELDS
        )
        out["members"] = [
            call.ctx.member(store.members[m["idMember"]], member_fields)
            for m in board_memberships(board, members, "members")
        ]
    memberships = call.params.get("memberships", "none")
    if memberships != "none":
        out["memberships"] = [
            dict(m) for m in board_memberships(board, memberships, "memberships")
        ]
    checklists = call.params.get("checklists", "none")
    if checklists != "none":
        if checklists != "all":
            raise invalid_value("checklists")
        cl_fields = parse_fields(call.params.get("checklist_fields"))
        out["checklists"] = [
            call.ctx.checklist(c, cl_fields) for c in board_checklists(store, bid)
        ][:1000]
    if call.flag("customFields", default=False):
        out["customFields"] = [
            render_custom_field(f) for f in store.board_custom_fields(bid)
        ]
    return out


def board_memberships(board, which, param):
    items = list(board["memberships"])
    if which == "all":
        return items
    if which in ("admins", "owners"):
        return [m for m in items if m["memberType"] == "admin"]
    if which == "normal":
        return [m for m in items if m["memberType"] == "normal"]
    if which in ("active", "me"):
        return items
    raise invalid_value(param)


def board_checklists(store, board_id):
    return [c for c in store.checklists.values() if c["idBoard"] == board_id]


@route("POST", "/1/boards")
def create_board(call):
    name = call.nonblank("name")
    desc = call.text("desc", "")
    level = call.text("prefs_permissionLevel", "private")
    if level not in ("private", "org", "public"):
        raise invalid_value("prefs_permissionLevel")
    board = call.store.create_board(
        call.member_id,
        name,
        desc,
        default_lists=call.flag("defaultLists", default=True),
        default_labels=call.flag("defaultLabels", default=True),
        permission_level=level,
    )
    return call.ctx.board(board)


@route("PUT", "/1/boards/<ref>")
def update_board(call, ref):
    board = call.board(ref)
    changes = {}
    if call.has("name"):
        changes["name"] = call.nonblank("name")
    if call.has("desc"):
        changes["desc"] = call.text("desc") or ""
    for flag in ("closed", "subscribed"):
        if call.has(flag):
            changes[flag] = call.flag(flag)
    level = call.text("prefs/permissionLevel") or call.text("prefs_permissionLevel")
    if level:
        if level not in ("private", "org", "public"):
            raise invalid_value("prefs/permissionLevel")
        changes["prefs"] = {**board["prefs"], "permissionLevel": level}
    call.store.update_board(call.member_id, board, changes)
    return call.ctx.board(board, "all")


@route("DELETE", "/1/boards/<ref>")
def delete_board(call, ref):
    board = call.board(ref)
    call.store.delete_board(call.member_id, board)
    return {"_value": None}


@route("PUT", "/1/boards/<ref>/members/<member_ref>")
def add_board_member(call, ref, member_ref):
    board = call.board(ref)
    # An id or a username, as in Trello.
    member = call.member(member_ref)
    kind = call.text("type", "normal")
    if kind not in ("admin", "normal", "observer"):
        raise invalid_value("type")
    call.store.add_board_member(call.member_id, board["id"], member["id"], kind)
    out = call.ctx.board(board, ["name", "memberships"])
    out["members"] = []
    for membership in board["memberships"]:
        brief = call.store._member_brief(membership["idMember"])
        full = call.store.members[membership["idMember"]]
        brief.update(confirmed=full["confirmed"], memberType=full["memberType"])
        out["members"].append(brief)
    return out


@route("GET", "/1/boards/<ref>/cards")
@route("GET", "/1/boards/<ref>/cards/<which>")
def get_board_cards(call, ref, which=None):
    board = call.board(ref)
    which = which or call.params.get("filter") or "visible"
    cards = filter_cards(call.store, call.store.board_cards(board["id"]), which)
    return render_cards(call, paged_cards(call, cards))


@route("GET", "/1/boards/<ref>/lists")
@route("GET", "/1/boards/<ref>/lists/<which>")
def get_board_lists(call, ref, which=None):
    board = call.board(ref)
    store = call.store
    which = which or call.params.get("filter") or "open"
    lists = filter_lists(store.board_lists(board["id"]), which)
    fields = parse_fields(call.params.get("fields"))
    nested = call.params.get("cards", "none")
    out = []
    for lst in lists:
        item = call.ctx.list(lst, fields)
        if nested != "none":
            cards = filter_cards(store, store.list_cards(lst["id"]), nested)
            item["cards"] = render_cards(call, store.sorted_cards(cards), "card_")
        out.append(item)
    return out


@route("GET", "/1/boards/<ref>/labels")
def get_board_labels(call, ref):
    board = call.board(ref)
    limit = call.integer("limit", 50, 0, 1000)
    fields = parse_fields(call.params.get("fields"))
    labels = call.store.board_labels(board["id"])[:limit]
    return [call.ctx.label(lb, fields) for lb in labels]


@route("GET", "/1/boards/<ref>/members")
def get_board_members(call, ref):
    board = call.board(ref)
    fields = parse_fields(call.params.get("fields"), BOARD_MEMBERS_FIELDS)
    which = call.params.get("filter", "all")
    return [
        call.ctx.member(call.store.members[m["idMember"]], fields)
        for m in board_memberships(board, which, "filter")
    ]


@route("GET", "/1/boards/<ref>/memberships")
def get_board_memberships(call, ref):
    board = call.board(ref)
    return [dict(m) for m in board["memberships"]]


@route("GET", "/1/boards/<ref>/checklists")
def get_board_checklists(call, ref):
    board = call.board(ref)
    fields = parse_fields(call.params.get("fields"))
    return [
        call.ctx.checklist(c, fields) for c in board_checklists(call.store, board["id"])
    ]


@route("GET", "/1/boards/<ref>/actions")
def get_board_actions(call, ref):
    board = call.board(ref)
    bid = board["id"]
    actions = (a for a in newest_first(call.store.actions) if a["_idBoard"] == bid)
    return select_actions(call, actions)


@route("GET", "/1/boards/<ref>/customFields")
def get_board_custom_fields(call, ref):
    board = call.board(ref)
    return [render_custom_field(f) for f in call.store.board_custom_fields(board["id"])]


@route("POST", "/1/boards/<ref>/lists")
def create_board_list(call, ref):
    board = call.board(ref)
    return create_list_on(call, board)


@route("POST", "/1/boards/<ref>/labels")
def create_board_label(call, ref):
    board = call.board(ref)
    return create_label_on(call, board)

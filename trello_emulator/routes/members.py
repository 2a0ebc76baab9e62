"""``/1/members/…``."""

from ..errors import invalid_value
from ..render import (
    parse_fields,
)
from .common import (
    filter_lists,
    route,
)


@route("GET", "/1/members/<ref>", members_limit=True)
def get_member(call, ref):
    member = call.member(ref)
    return call.ctx.member(member, parse_fields(call.params.get("fields")))


@route("GET", "/1/members/<ref>/boards")
def get_member_boards(call, ref):
    member = call.member(ref)
    store = call.store
    boards = [
        b
        for b in store.boards.values()
        if store.is_board_member(b, member["id"])
        and store.is_board_member(b, call.member_id)
    ]
    which = call.params.get("filter", "all")
    if which in ("open", "members", "organization", "public"):
        boards = [b for b in boards if not b["closed"]]
        if which == "public":
            boards = [b for b in boards if b["prefs"]["permissionLevel"] == "public"]
        if which == "organization":
            boards = [b for b in boards if b["idOrganization"]]
    elif which == "closed":
        boards = [b for b in boards if b["closed"]]
    elif which == "starred":
        boards = [b for b in boards if b["starred"]]
    elif which != "all":
        raise invalid_value("filter")
    fields = parse_fields(call.params.get("fields"))
    lists = call.params.get("lists", "none")
    out = []
    for board in boards:
        item = call.ctx.board(board, fields)
        if lists != "none":
            item["lists"] = [
                call.ctx.list(x, parse_fields(call.params.get("list_fields")))
                for x in filter_lists(store.board_lists(board["id"]), lists, "lists")
            ]
        out.append(item)
    return out

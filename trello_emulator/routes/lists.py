"""``/1/lists/…``."""

from ..errors import invalid_value
from ..render import (
    BOARD_DEFAULT_FIELDS,
    parse_fields,
)
from .common import (
    filter_cards,
    newest_first,
    paged_cards,
    put_field,
    render_cards,
    route,
    select_actions,
    with_limits,
)


def create_list_on(call, board):
    name = call.nonblank("name")
    pos = call.pos()
    lst = call.store.create_list(call.member_id, board["id"], name, pos)
    return with_limits(call.ctx.list(lst))


@route("POST", "/1/lists")
def create_list(call):
    return create_list_on(call, call.board(call.id_param("idBoard")))


@route("GET", "/1/lists/<ref>")
def get_list(call, ref):
    lst = call.list(ref)
    out = call.ctx.list(lst, parse_fields(call.params.get("fields")))
    nested = call.params.get("cards", "none")
    if nested != "none":
        cards = filter_cards(call.store, call.store.list_cards(lst["id"]), nested)
        out["cards"] = render_cards(call, call.store.sorted_cards(cards), "card_")
    if call.flag("board", default=False):
        out["board"] = call.ctx.board(
            call.store.boards[lst["idBoard"]], BOARD_DEFAULT_FIELDS
        )
    return out


def _list_changes(call, lst, values):
    changes = {}
    if "name" in values:
        changes["name"] = call.nonblank("name")
    if "closed" in values:
        changes["closed"] = call.flag("closed")
    if "subscribed" in values:
        changes["subscribed"] = call.flag("subscribed")
    if "idBoard" in values:
        board = call.board(call.id_param("idBoard"))
        if board["id"] != lst["idBoard"]:
            changes["idBoard"] = board["id"]
    if "pos" in values:
        pos = call.pos()
        target = changes.get("idBoard", lst["idBoard"])
        siblings = [
            x
            for x in call.store.lists.values()
            if x["idBoard"] == target and x["id"] != lst["id"]
        ]
        changes["pos"] = call.store.resolve_pos(pos, siblings)
    return changes


def _put_list(call, lst, values):
    call.store.update_list(call.member_id, lst, _list_changes(call, lst, values))
    return call.ctx.list(lst)


@route("PUT", "/1/lists/<ref>")
def update_list(call, ref):
    return _put_list(call, call.list(ref), call.params)


@route("PUT", "/1/lists/<ref>/<field>")
def update_list_field(call, ref, field):
    writable = ("name", "closed", "pos", "idBoard", "subscribed")
    return put_field(call, call.list(ref), field, writable, _put_list)


@route("GET", "/1/lists/<ref>/cards")
@route("GET", "/1/lists/<ref>/cards/<which>")
def get_list_cards(call, ref, which=None):
    lst = call.list(ref)
    which = which or call.params.get("filter") or "open"
    cards = filter_cards(call.store, call.store.list_cards(lst["id"]), which)
    return render_cards(call, paged_cards(call, cards))


@route("GET", "/1/lists/<ref>/board")
def get_list_board(call, ref):
    lst = call.list(ref)
    return call.ctx.board(
        call.store.boards[lst["idBoard"]],
        parse_fields(call.params.get("fields"), BOARD_DEFAULT_FIELDS),
    )


@route("GET", "/1/lists/<ref>/actions")
def get_list_actions(call, ref):
    lst = call.list(ref)
    actions = (a for a in newest_first(call.store.actions) if lst["id"] in a["_models"])
    return select_actions(call, actions)


@route("POST", "/1/lists/<ref>/archiveAllCards")
def archive_all_cards(call, ref):
    lst = call.list(ref)
    with call.store.one_second():
        for card in call.store.list_cards(lst["id"]):
            call.store.update_card(call.member_id, card, {"closed": True})
    return {}


@route("POST", "/1/lists/<ref>/moveAllCards")
def move_all_cards(call, ref):
    lst = call.list(ref)
    board = call.board(call.text("idBoard", required=True))
    target = call.list(call.text("idList", required=True))
    if target["idBoard"] != board["id"]:
        raise invalid_value("idList")
    with call.store.one_second():
        for card in call.store.list_cards(lst["id"]):
            changes = {"idList": target["id"]}
            if board["id"] != card["idBoard"]:
                changes["idBoard"] = board["id"]
            call.store.update_card(call.member_id, card, changes)
    return render_cards(call, call.store.list_cards(target["id"]))

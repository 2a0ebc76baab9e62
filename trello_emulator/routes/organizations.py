"""``/1/organizations/…``: the Workspaces boards belong to."""

from ..errors import ID_INVALID_OR_NOT_FOUND, ApiError, not_found, unauthorized
from ..render import parse_fields, select
from ..store import ID_RE
from .common import route


def _organization(call, ref):
    store = call.store
    org = store.organizations.get(ref.lower()) if ID_RE.match(ref) else None
    if org is None:
        org = next((o for o in store.organizations.values() if o["name"] == ref), None)
    if org is None:
        if not ID_RE.match(ref):
            raise ApiError(400, ID_INVALID_OR_NOT_FOUND)
        raise not_found()
    boards = [b for b in store.boards.values() if b["idOrganization"] == org["id"]]
    if call.member_id not in org["_members"] and not any(
        store.is_board_member(b, call.member_id) for b in boards
    ):
        raise unauthorized()
    return org, boards


@route("GET", "/1/organizations/<ref>")
def get_organization(call, ref):
    org, boards = _organization(call, ref)
    full = {k: v for k, v in org.items() if not k.startswith("_")}
    full["idBoards"] = [b["id"] for b in boards]
    return select(full, parse_fields(call.params.get("fields")))


@route("GET", "/1/organizations/<ref>/boards")
def get_organization_boards(call, ref):
    _org, boards = _organization(call, ref)
    fields = parse_fields(call.params.get("fields"))
    return [
        call.ctx.board(b, fields)
        for b in boards
        if call.store.is_board_member(b, call.member_id)
    ]

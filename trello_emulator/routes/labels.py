"""``/1/labels/…``."""

from ..render import (
    parse_fields,
)
from .common import (
    MISSING,
    label_color,
    put_field,
    route,
    with_limits,
)


def create_label_on(call, board):
    color = label_color(call)
    name = call.text("name", "")
    label = call.store.create_label(
        call.member_id, board["id"], name, None if color is MISSING else color
    )
    return with_limits(call.ctx.label(label))


@route("POST", "/1/labels")
def create_label(call):
    return create_label_on(call, call.board(call.id_param("idBoard")))


@route("GET", "/1/labels/<ref>")
def get_label(call, ref):
    return call.ctx.label(call.label(ref), parse_fields(call.params.get("fields")))


def _label_changes(call, values):
    changes = {}
    if "name" in values:
        changes["name"] = call.text("name") or ""
    if "color" in values:
        changes["color"] = label_color(call)
    return changes


def _put_label(call, label, values):
    call.store.update_label(call.member_id, label, _label_changes(call, values))
    return call.ctx.label(label)


@route("PUT", "/1/labels/<ref>")
def update_label(call, ref):
    return _put_label(call, call.label(ref), call.params)


@route("PUT", "/1/labels/<ref>/<field>")
def update_label_field(call, ref, field):
    return put_field(call, call.label(ref), field, ("name", "color"), _put_label)


@route("DELETE", "/1/labels/<ref>")
def delete_label(call, ref):
    call.store.delete_label(call.member_id, call.label(ref))
    return {"limits": {}}  # what Trello answers to this DELETE

"""``/1/customFields/…`` and a card's custom field items."""

from ..errors import ApiError, invalid_value
from ..store.custom_fields import CUSTOM_FIELD_TYPES
from .common import route


def custom_field(call, ref):
    return call._by_id(call.store.custom_fields, ref, "idModel")


def render_custom_field(field):
    return {k: v for k, v in field.items() if not k.startswith("_")}


def render_item(item):
    return dict(item)


@route("POST", "/1/customFields")
def create_custom_field(call):
    board = call.board(call.id_param("idModel"))
    if call.text("modelType", "board") != "board":
        raise invalid_value("modelType")
    name = call.nonblank("name")
    kind = call.text("type")
    if kind not in CUSTOM_FIELD_TYPES:
        raise invalid_value("type")
    options = call.arg("options") or []
    if not isinstance(options, list) or kind != "list" and options:
        raise invalid_value("options")
    texts = []
    for option in options:
        text = (
            (option.get("value") or {}).get("text")
            if isinstance(option, dict)
            else None
        )
        if not isinstance(text, str) or not text:
            raise invalid_value("options")
        texts.append(text)
    front = call.flag("display_cardFront", default=True)
    field = call.store.create_custom_field(
        call.member_id, board["id"], name, kind, texts, call.pos(), front
    )
    return render_custom_field(field)


@route("GET", "/1/customFields/<ref>")
def get_custom_field(call, ref):
    return render_custom_field(custom_field(call, ref))


@route("PUT", "/1/customFields/<ref>")
def update_custom_field(call, ref):
    field = custom_field(call, ref)
    changes = {}
    if call.has("name"):
        changes["name"] = call.nonblank("name")
    if call.has("pos"):
        changes["pos"] = call.store.resolve_pos(
            call.pos(), call.store.board_custom_fields(field["idModel"])
        )
    if call.has("display/cardFront"):
        changes["display"] = {"cardFront": call.flag("display/cardFront")}
    call.store.update_custom_field(call.member_id, field, changes)
    return render_custom_field(field)


@route("DELETE", "/1/customFields/<ref>")
def delete_custom_field(call, ref):
    call.store.delete_custom_field(call.member_id, custom_field(call, ref))
    return {}


@route("GET", "/1/customFields/<ref>/options")
def get_custom_field_options(call, ref):
    return list(custom_field(call, ref).get("options") or [])


@route("POST", "/1/customFields/<ref>/options")
def add_custom_field_option(call, ref):
    field = custom_field(call, ref)
    if field["type"] != "list":
        raise invalid_value("type")
    value = call.arg("value")
    text = value.get("text") if isinstance(value, dict) else None
    if not isinstance(text, str) or not text:
        raise invalid_value("value")
    color = call.text("color", "none")
    return call.store.add_custom_field_option(
        call.member_id, field, text, color, call.pos()
    )


@route("GET", "/1/cards/<ref>/customFieldItems")
def get_card_custom_field_items(call, ref):
    card = call.card(ref)
    return [render_item(i) for i in call.store.card_custom_field_items(card)]


@route("PUT", "/1/cards/<ref>/customField/<field_ref>/item")
def put_card_custom_field_item(call, ref, field_ref):
    card = call.card(ref)
    field = custom_field(call, field_ref)
    if field["idModel"] != card["idBoard"]:
        raise ApiError(400, "invalid value for idCustomField")
    try:
        item = call.store.set_custom_field_item(
            call.member_id, card, field, call.arg("value"), call.arg("idValue")
        )
    except ValueError as err:
        raise ApiError(400, "Invalid custom field item value.") from err
    return render_item(item)

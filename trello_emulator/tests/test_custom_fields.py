"""Custom fields: the board's definitions, their values on cards, the writes.

The shapes are compared with recorded answers of Trello (no recording of
these routes is in ``shared/data/real-trello-responses``, so the recorded
ones are quoted here with their source): ``GET /1/boards/{id}/customFields``
and ``GET /1/customFields/{id}`` from adlio/trello's testdata
(``testdata/boards/4ed7e27fe6abb2517a21383d/customFields.json`` and
``testdata/customFields/api-example.json``), the card item from the
rluvaton/trello-api-client model (``docs/CustomFieldItems.md``: id, value,
idCustomField, idModel, modelType).
"""

import pytest

from .conftest import board_by_name
from .test_fidelity import shape_problems

RECORDED_LIST_FIELD = {
    "id": "5a6a23abf958725e1ac86c21",
    "idModel": "5a00adcebe1991022b4a4bb4",
    "modelType": "board",
    "fieldGroup": "a18e01ef877d1dba894dfce28e4aee373bd384a458417ab0558d1058825d3d91",
    "name": "Field1",
    "pos": 49152,
    "options": [
        {
            "id": "5a6a23abf958725e1ac86c23",
            "idCustomField": "5a6a23abf958725e1ac86c21",
            "value": {"text": "F1 1st opt"},
            "color": "none",
            "pos": 16384,
        }
    ],
    "type": "list",
}
RECORDED_TEXT_FIELD = {
    "id": "5a98670bd6afbd6de1c8c360",
    "idModel": "586e8f681d4fe9b06a928307",
    "modelType": "board",
    "fieldGroup": "ea4cea3f750322e7254bf9e27b8eb60b46ee16d1b1885c7183599e83f64691ff",
    "name": "Priority",
    "pos": 16384,
    "display": {"cardFront": True},
    "type": "text",
}
RECORDED_ITEM = {
    "id": "5a98670bd6afbd6de1c8c361",
    "value": {"text": "High"},
    "idCustomField": "5a98670bd6afbd6de1c8c360",
    "idModel": "5a986700d6afbd6de1c8c300",
    "modelType": "card",
}
# a list field's item: ``idValue`` instead of ``value`` (adlio/trello's
# CustomFieldItem: id, idValue, idCustomField, idModel, modelType)
RECORDED_LIST_ITEM = {
    "id": "5a98670bd6afbd6de1c8c362",
    "idValue": "5a6a23abf958725e1ac86c23",
    "idCustomField": "5a6a23abf958725e1ac86c21",
    "idModel": "5a986700d6afbd6de1c8c300",
    "modelType": "card",
}


def _json(api, method, path, body):
    """A request with a JSON body (as trello.js sends these); the answer."""
    resp = api.request(method, path, json=body)
    assert resp.status_code == 200, (resp.status_code, resp.text)
    return resp.json()


def _recorded_item(item):
    """The recorded item shape, with the value key of ``item``'s type."""
    if "idValue" in item:
        return RECORDED_LIST_ITEM
    return dict(RECORDED_ITEM, value=dict.fromkeys(item["value"], "1"))


@pytest.fixture
def board(api):
    return board_by_name(api, "Website relaunch")


def _fields(api, board):
    return {f["name"]: f for f in api.ok("GET", f"/boards/{board['id']}/customFields")}


def test_board_fields_have_the_recorded_shape(api, board):
    fields = _fields(api, board)
    assert {f["type"] for f in fields.values()} == {
        "text",
        "number",
        "date",
        "checkbox",
        "list",
    }
    assert shape_problems(RECORDED_LIST_FIELD, fields["Priority"]) == []
    assert shape_problems(RECORDED_TEXT_FIELD, fields["Owner team"]) == []
    assert "options" not in fields["Owner team"]
    one = api.ok("GET", f"/customFields/{fields['Priority']['id']}")
    assert one == fields["Priority"]
    nested = api.ok("GET", f"/boards/{board['id']}", customFields="true")
    assert nested["customFields"] == list(_fields(api, board).values())


def test_card_items_nested_in_the_card_reads(api, board):
    cards = api.ok("GET", f"/boards/{board['id']}/cards/all", customFieldItems="true")
    hero = next(c for c in cards if c["name"] == "New hero banner")
    assert len(hero["customFieldItems"]) == 3
    for item in hero["customFieldItems"]:
        assert shape_problems(_recorded_item(item), item) == []
        assert item["idModel"] == hero["id"]
    fields = {f["id"]: f for f in _fields(api, board).values()}
    values = {
        fields[i["idCustomField"]]["name"]: i.get("value") or i["idValue"]
        for i in hero["customFieldItems"]
    }
    assert values["Estimate (h)"] == {"number": "12.5"}
    assert values["Owner team"] == {"text": "Web"}
    priority = fields[next(iter(f for f in fields if fields[f]["name"] == "Priority"))]
    assert values["Priority"] == priority["options"][0]["id"]
    one = api.ok("GET", f"/cards/{hero['id']}", customFieldItems="true")
    assert one["customFieldItems"] == hero["customFieldItems"]
    alone = api.ok("GET", f"/cards/{hero['id']}/customFieldItems")
    assert alone == hero["customFieldItems"]
    plain = api.ok("GET", f"/cards/{hero['id']}")
    assert "customFieldItems" not in plain


@pytest.mark.parametrize(
    ("name", "body", "stored"),
    [
        ("Owner team", {"value": {"text": "Mobile"}}, {"text": "Mobile"}),
        ("Estimate (h)", {"value": {"number": "7"}}, {"number": "7"}),
        (
            "Go-live",
            {"value": {"date": "2025-03-01T14:30:00+09:00"}},
            {"date": "2025-03-01T05:30:00.000Z"},
        ),
        ("Signed off", {"value": {"checked": "true"}}, {"checked": "true"}),
    ],
)
def test_put_item_each_type(api, board, name, body, stored):
    field = _fields(api, board)[name]
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    item = _json(
        api, "PUT", f"/cards/{card['id']}/customField/{field['id']}/item", body
    )
    assert item["value"] == stored
    assert shape_problems(_recorded_item(item), item) == []
    again = api.ok("GET", f"/cards/{card['id']}/customFieldItems")
    assert any(i["idCustomField"] == field["id"] for i in again)
    action = api.ok(
        "GET", f"/boards/{board['id']}/actions", filter="updateCustomFieldItem"
    )[0]
    assert action["data"]["customFieldItem"]["value"] == stored
    assert action["data"]["card"]["id"] == card["id"]
    # an empty value removes the item
    _json(
        api, "PUT", f"/cards/{card['id']}/customField/{field['id']}/item", {"value": ""}
    )
    left = api.ok("GET", f"/cards/{card['id']}/customFieldItems")
    assert all(i["idCustomField"] != field["id"] for i in left)


def test_put_list_item_and_refusals(api, board):
    fields = _fields(api, board)
    priority = fields["Priority"]
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    route = f"/cards/{card['id']}/customField/{priority['id']}/item"
    low = priority["options"][2]["id"]
    item = _json(api, "PUT", route, {"idValue": low})
    assert item["idValue"] == low
    assert shape_problems(RECORDED_LIST_ITEM, item) == []
    for body in (
        {"idValue": "0" * 24},
        {"value": {"text": "High"}},
    ):
        resp = api.request("PUT", route, json=body)
        assert resp.status_code == 400, body
    number = f"/cards/{card['id']}/customField/{fields['Estimate (h)']['id']}/item"
    assert (
        api.request("PUT", number, json={"value": {"number": "x"}}).status_code == 400
    )
    assert api.request("PUT", number, json={"value": {"text": "1"}}).status_code == 400


def test_definition_changes(api, board):
    created = _json(
        api,
        "POST",
        "/customFields",
        {
            "idModel": board["id"],
            "modelType": "board",
            "name": "Size",
            "type": "list",
            "options": [{"value": {"text": "S"}}, {"value": {"text": "M"}}],
            "pos": "bottom",
        },
    )
    assert shape_problems(RECORDED_LIST_FIELD, created) == []
    assert [o["value"]["text"] for o in created["options"]] == ["S", "M"]
    renamed = api.ok("PUT", f"/customFields/{created['id']}", name="T-shirt size")
    assert renamed["name"] == "T-shirt size"
    option = _json(
        api, "POST", f"/customFields/{created['id']}/options", {"value": {"text": "L"}}
    )
    assert option["idCustomField"] == created["id"]
    listed = api.ok("GET", f"/customFields/{created['id']}/options")
    assert [o["value"]["text"] for o in listed] == ["S", "M", "L"]
    kinds = [
        a["type"] for a in api.ok("GET", f"/boards/{board['id']}/actions", limit=3)
    ]
    assert kinds == ["updateCustomField", "updateCustomField", "createCustomField"]
    api.ok("DELETE", f"/customFields/{created['id']}")
    assert "T-shirt size" not in _fields(api, board)


def test_fifty_fields_on_one_card(api, emu, board):
    """Trello's limit is 50 fields a board: a card can hold 50 values."""
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    for field in list(emu.store.board_custom_fields(board["id"])):
        emu.store.delete_custom_field(emu.member_id, field)
    for n in range(50):
        field = emu.store.create_custom_field(
            emu.member_id, board["id"], f"F{n}", "text"
        )
        _json(
            api,
            "PUT",
            f"/cards/{card['id']}/customField/{field['id']}/item",
            {"value": {"text": f"v{n}"}},
        )
    items = api.ok("GET", f"/cards/{card['id']}", customFieldItems="true")[
        "customFieldItems"
    ]
    assert [i["value"]["text"] for i in items] == [f"v{n}" for n in range(50)]


def test_other_boards_field_is_refused(api, board, bob):
    other = api.ok("POST", "/boards", name="Elsewhere")
    field = api.ok(
        "POST",
        "/customFields",
        idModel=other["id"],
        modelType="board",
        name="X",
        type="text",
    )
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    resp = api.request(
        "PUT",
        f"/cards/{card['id']}/customField/{field['id']}/item",
        json={"value": {"text": "a"}},
    )
    assert resp.status_code == 400
    # a board the caller is not on: Trello's 401
    assert bob.get(f"/customFields/{field['id']}").status_code == 401

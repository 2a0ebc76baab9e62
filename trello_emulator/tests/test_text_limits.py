"""Trello's text limits (16,384 characters): beyond, ``400 invalid value for X``."""

import pytest

from .conftest import board_by_name

LIMIT = 16384


def _targets(api):
    board = board_by_name(api, "Website relaunch")
    lists = api.ok("GET", f"/boards/{board['id']}/lists")
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    checklist = api.ok("POST", f"/cards/{card['id']}/checklists", name="Steps")
    label = api.ok("GET", f"/boards/{board['id']}/labels")[0]
    return {
        "board": board["id"],
        "list": lists[0]["id"],
        "card": card["id"],
        "checklist": checklist["id"],
        "label": label["id"],
    }


# (method, path, field, fixed parameters)
CASES = [
    ("POST", "/cards", "name", {"idList": "{list}"}),
    ("POST", "/cards", "desc", {"idList": "{list}", "name": "x"}),
    ("PUT", "/cards/{card}", "name", {}),
    ("PUT", "/cards/{card}", "desc", {}),
    ("POST", "/cards/{card}/actions/comments", "text", {}),
    ("POST", "/checklists/{checklist}/checkItems", "name", {}),
    ("POST", "/cards/{card}/checklists", "name", {}),
    ("POST", "/lists", "name", {"idBoard": "{board}"}),
    ("PUT", "/lists/{list}", "name", {}),
    ("POST", "/labels", "name", {"idBoard": "{board}", "color": "red"}),
    ("PUT", "/labels/{label}", "name", {}),
    ("PUT", "/boards/{board}", "name", {}),
]


@pytest.mark.parametrize(("method", "path", "field", "fixed"), CASES)
def test_text_over_the_limit_is_refused(api, method, path, field, fixed):
    ids = _targets(api)
    path = path.format(**ids)
    params = {key: value.format(**ids) for key, value in fixed.items()}
    over = api.request(method, path, json=dict(params, **{field: "a" * (LIMIT + 1)}))
    assert (over.status_code, over.text) == (400, f"invalid value for {field}")
    at = api.request(method, path, json=dict(params, **{field: "a" * LIMIT}))
    assert at.status_code == 200, at.text

"""The error fault kinds: each of Trello's error answers on demand."""

import pytest

from trello_emulator import parse_fault_spec

EXPECTED = [
    ("400=idMembers", 400, "invalid value for idMembers"),
    ("400", 400, "invalid value for name"),
    ("401", 401, "invalid token"),
    ("403", 403, "unauthorized permission requested"),
    ("404", 404, "The requested resource was not found."),
    ("410", 410, "Gone"),
    ("badjson", 200, "<html>"),
]


def test_parse_error_kinds():
    fault = parse_fault_spec("400=idList:1@POST /1/cards")[0][0]
    assert (fault.kind, fault.arg, fault.method) == ("400", "idList", "POST")
    with pytest.raises(ValueError):
        parse_fault_spec("401=x:1")


@pytest.mark.parametrize(("kind", "status", "text"), EXPECTED)
def test_each_error_answer(api, emu, kind, status, text):
    emu.set_faults(f"{kind}:1@/1/members*")
    answer = api.get("/members/me")
    assert answer.status_code == status
    assert text in answer.text
    if kind == "badjson":
        with pytest.raises(ValueError):
            answer.json()
    emu.set_faults(None)
    assert api.get("/members/me").status_code == 200


def test_a_batch_item_answers_the_error(api, emu):
    emu.set_faults("403:1@/1/members*")
    answer = api.get("/batch", urls="/members/me")
    assert answer.status_code == 200
    assert answer.json() == [{"403": "unauthorized permission requested"}]

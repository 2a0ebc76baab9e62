"""The counts of tools/concurrency_suite.py, on hand-made snapshots.

No Odoo and no emulator: a snapshot is plain data (what
``concurrency_checks.snapshot`` reads), the mix a stand-in with its log.
"""

import copy
from types import SimpleNamespace

import pytest
from concurrency_checks import Checks, name_groups
from concurrency_mix import Made, Mix, Write

BOARD, LIST_A, LIST_B, LABEL = "b" * 24, "la" + "0" * 22, "lb" + "0" * 22, "l" * 24
CARD, MEMBER = "c" * 24, "m" * 24


def base_snapshot():
    return {
        "boards": {BOARD},
        "board_of_project": {1: BOARD},
        "board_of_binding": {10: BOARD},
        "tasks": {
            5: {
                "id": 5,
                "name": "Odoo name #3",
                "stage_id": [20, "A"],
                "tag_ids": [30],
                "user_ids": [],
                "active": True,
                "parent_id": False,
                "project_id": [1, "P"],
            }
        },
        "messages": [],
        "bindings": {
            "trello.project.task": [{"odoo_id": [5, "t"], "external_id": CARD}],
            "trello.project.task.type": [
                {
                    "odoo_id": [20, "A"],
                    "external_id": LIST_A,
                    "project_binding_id": [10],
                },
                {
                    "odoo_id": [21, "B"],
                    "external_id": LIST_B,
                    "project_binding_id": [10],
                },
            ],
            "trello.project.tags": [
                {"odoo_id": [30, "T"], "external_id": LABEL, "project_binding_id": [10]}
            ],
            "trello.checkitem": [],
            "trello.mail.message": [],
        },
        "user_of_member": {MEMBER: 2},
        "cards": {
            CARD: {
                "id": CARD,
                "idBoard": BOARD,
                "name": "Odoo name #3",
                "idList": LIST_A,
                "idLabels": [LABEL],
                "idMembers": [],
                "closed": False,
            }
        },
        "lists": [],
        "labels": [],
        "checklists": [],
        "comments": [],
    }


def mix(writes=(), made=(), gone=()):
    return SimpleNamespace(writes=list(writes), made=list(made), gone=set(gone))


def note(text, task=5):
    return {"res_id": task, "body": f"<p>{text}</p>", "date": "", "message_type": ""}


def card(snap):
    return snap["cards"][CARD]


def task(snap):
    return snap["tasks"][5]


NAME = Write(3, "odoo", (5, "name"), "Odoo name #3", 0)
LATER_NAME = Write(4, "trello", (5, "name"), "Trello name #4", 0)
MOVE_B = Write(5, "trello", (5, "list"), LIST_B, 0)
LABEL_OFF = Write(6, "odoo", (5, ("label", LABEL)), False, 0)


def set_card(**values):
    return lambda snap: card(snap).update(values)


def set_task(**values):
    return lambda snap: task(snap).update(values)


def both(*changes):
    def apply(snap):
        for change in changes:
            change(snap)

    return apply


CASES = [
    # (what, writes, change to the snapshot, expected counts)
    ("the last write held on both sides", [NAME], None, {}),
    (
        "an older write held, no note: a lost edit",
        [NAME, LATER_NAME],
        None,
        {"lost edits": 1},
    ),
    (
        "an older write held, a note names the later one: decided",
        [NAME, LATER_NAME],
        lambda s: s["messages"].append(
            note(
                "Trello sync conflict on Name: kept Odoo's value Odoo name #3; "
                "Trello's value Trello name #4 was overwritten"
            )
        ),
        {},
    ),
    (
        "a note on another value does not count (#40 is not #4)",
        [NAME, LATER_NAME],
        lambda s: s["messages"].append(
            note("Trello sync conflict on Name: kept x; Trello name #40 lost")
        ),
        {"lost edits": 1},
    ),
    (
        "a move held by both",
        [MOVE_B],
        both(set_card(idList=LIST_B), set_task(stage_id=[21, "B"])),
        {},
    ),
    (
        "a move held in Trello only: apart and lost",
        [MOVE_B],
        set_card(idList=LIST_B),
        {"values apart": 1, "lost edits": 1},
    ),
    (
        "a tag removed on both sides",
        [LABEL_OFF],
        both(set_card(idLabels=[]), set_task(tag_ids=[])),
        {},
    ),
    ("a tag still there", [LABEL_OFF], None, {"lost edits": 1}),
    (
        "a second card with a name of the mix: a duplicate",
        [NAME],
        lambda s: s["cards"].update({"d" * 24: dict(card(s), id="d" * 24)}),
        {"duplicate Trello cards": 1},
    ),
    (
        "two bindings of one task",
        [NAME],
        lambda s: s["bindings"]["trello.project.task"].append(
            {"odoo_id": [5, "t"], "external_id": "e" * 24}
        ),
        {"duplicate trello.project.task per odoo_id": 1},
    ),
]


@pytest.mark.parametrize(
    "what, writes, change, expected", CASES, ids=[case[0] for case in CASES]
)
def test_the_counts(what, writes, change, expected):
    snap = base_snapshot()
    baseline = name_groups(copy.deepcopy(snap))
    if change:
        change(snap)
    counts = Checks(mix(writes), snap, baseline).run()
    assert {k: v for k, v in counts.items() if v} == expected


def test_made_objects_must_exist_once_on_each_side():
    snap = base_snapshot()
    made = [
        Made(7, "odoo", "comment", "Odoo note #7", 5),
        Made(8, "trello", "comment", "Trello comment #8", 5),
    ]
    snap["messages"].append(note("Odoo note #7"))
    snap["messages"].append(note("Odoo note #7 again"))  # a duplicate
    snap["comments"].append(
        {"data": {"text": "**Marc Demo**: Odoo note #7", "card": {"id": CARD}}}
    )
    counts = Checks(mix(made=made), snap, name_groups(base_snapshot())).run()
    assert {k: v for k, v in counts.items() if v} == {
        "duplicate Odoo notes": 1,
        "lost creations": 2,  # Trello comment #8: in neither place
    }


def test_a_seed_draws_the_same_kinds_again():
    def kinds(seed):
        drawn = Mix(SimpleNamespace(), seed)
        return [drawn.step(op) for op in range(50)]

    assert kinds(3) == kinds(3)
    assert kinds(3) != kinds(4)


def test_a_made_card_deleted_later_is_not_lost():
    """A card made in Trello whose task was then deleted in Odoo has no
    binding left: it is not a lost creation (its card must be archived)."""
    snap = base_snapshot()
    made = [Made(7, "trello", "task", "Trello card #7", "f" * 24)]
    counts = Checks(mix(made=made), snap, name_groups(base_snapshot())).run()
    assert dict(counts) == {"lost creations": 1}
    made.append(Made(9, "odoo", "delete", "f" * 24, 77))
    counts = Checks(mix(made=made, gone={77}), snap, name_groups(snap)).run()
    assert {k: v for k, v in counts.items() if v} == {}

"""Seed data: ``empty``, ``demo``, ``cards:N`` and ``boards:BxN``.

Seeds go through the store's mutation methods, so every seeded object has
its create action and ``/boards/{id}/actions`` has a history from the start.
Dates are fixed (not relative to "now") so that a deterministic emulator
gives byte-identical answers on every run. The ``demo`` seed is data
(:mod:`.demo_data`) that :func:`load_board` creates, board by board.
"""

import re
from datetime import datetime, timezone

from .demo_data import DEMO_BOARDS

#: The custom fields of a ``cards:N`` board, one of each type; a value on
#: every fourth card (one field each, in turn).
CARDS_CUSTOM_FIELDS = (
    ("Priority", "list", ("High", "Medium", "Low")),
    ("Points", "number", ()),
    ("Team", "text", ()),
    ("Blocked", "checkbox", ()),
    ("Go-live", "date", ()),
)


def _d(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc) if text else None


def seed_members(store, token, other_token):
    """The two token members (alice, bob) and a third without token (carol)."""
    alice = store.add_member("alice", "Alice Martin", "alice@example.com", token)
    bob = store.add_member("bob", "Bob Lee", "bob@example.com", other_token)
    carol = store.add_member("carol", "Carol Diaz", "carol@example.com")
    return alice["id"], bob["id"], carol["id"]


def seed_demo(store, alice, bob, carol):
    """A small, realistic workspace covering the shapes a sync meets."""
    members = {"alice": alice, "bob": bob, "carol": carol}
    for board in DEMO_BOARDS:
        load_board(store, members, board)


def load_board(store, members, spec):
    """Create one board of :data:`~.demo_data.DEMO_BOARDS`, in its order."""
    defaults = spec.get("defaults", False)
    board = store.create_board(
        members[spec["by"]],
        spec["name"],
        spec["desc"],
        default_lists=defaults,
        default_labels=defaults,
    )
    bid = board["id"]
    for username in spec.get("members", ()):
        store.add_board_member(members[spec["by"]], bid, members[username])
    for name in spec.get("lists", ()):
        store.create_list(members[spec["by"]], bid, name)
    lists = {lst["name"]: lst["id"] for lst in store.board_lists(bid)}
    labels = {}
    for name, color in spec.get("labels", ()):
        label = store.create_label(members[spec["by"]], bid, name, color)
        labels[name or f"({color})"] = label["id"]
    cards = {}
    for card in spec.get("cards", ()):
        cards[card.get("key", card["name"])] = _create_card(
            store, members, lists, labels, card
        )
    for who, name in spec.get("archived_lists", ()):
        store.update_list(members[who], store.lists[lists[name]], {"closed": True})
    for checklist in spec.get("checklists", ()):
        _create_checklist(store, members, cards[checklist["card"]], checklist)
    for who, card, text in spec.get("comments", ()):
        store.add_comment(members[who], cards[card], text)
    for attachment in spec.get("attachments", ()):
        _add_attachment(store, members, cards[attachment["card"]], attachment)
    for who, card, list_name in spec.get("moves", ()):
        store.update_card(members[who], cards[card], {"idList": lists[list_name]})
    _add_custom_fields(store, members, board, cards, spec)
    return board


def _add_custom_fields(store, members, board, cards, spec):
    """The board's custom fields, then their values on cards (by field name;
    a list field's value by option text, a checkbox's as a bool)."""
    who = members[spec["by"]]
    by_name = {}
    for name, kind, options in spec.get("custom_fields", ()):
        by_name[name] = store.create_custom_field(who, board["id"], name, kind, options)
    for username, card, name, value in spec.get("custom_values", ()):
        set_custom_value(store, members[username], cards[card], by_name[name], value)


def set_custom_value(store, member_id, card, field, value):
    """Set ``value`` (option text, bool, text, number or date text)."""
    if field["type"] == "list":
        option = next(o for o in field["options"] if o["value"]["text"] == value)
        store.set_custom_field_item(member_id, card, field, None, option["id"])
        return
    key = {"checkbox": "checked"}.get(field["type"], field["type"])
    if isinstance(value, bool):
        value = "true" if value else "false"
    store.set_custom_field_item(member_id, card, field, {key: value}, None)


def _create_card(store, members, lists, labels, spec):
    who = members[spec["by"]]
    card = store.create_card(
        who,
        lists[spec["list"]],
        spec["name"],
        spec.get("desc", ""),
        due=_d(spec.get("due")),
        start=_d(spec.get("start")),
        due_complete=spec.get("due_complete", False),
        id_members=[members[m] for m in spec.get("members", ())],
        id_labels=[labels[name] for name in spec.get("labels", ())],
    )
    if spec.get("archived"):
        store.update_card(who, card, {"closed": True})
    return card


def _create_checklist(store, members, card, spec):
    who = members[spec["by"]]
    checklist = store.create_checklist(who, card, spec["name"])
    for item in spec["items"]:
        store.create_check_item(
            who,
            checklist,
            item["name"],
            checked=item.get("checked", False),
            due=_d(item.get("due")),
            id_member=members.get(item.get("member")),
        )


def _add_attachment(store, members, card, spec):
    content = spec.get("content")
    store.add_attachment(
        members[spec["by"]],
        card,
        name=spec.get("name"),
        url=spec.get("url"),
        content=content.encode() if content is not None else None,
        mime_type=spec.get("mime_type"),
        file_name=spec.get("file_name"),
    )


def seed_cards(store, alice, bob, carol, count, name=None):
    """One board of ``count`` cards over 6 lists, with labels, checklists…

    Returns the board's cards, in creation order.
    """
    board = store.create_board(
        alice,
        name or f"Load {count}",
        "Benchmark board.",
        default_lists=False,
        default_labels=False,
    )
    bid = board["id"]
    store.add_board_member(alice, bid, bob)
    store.add_board_member(alice, bid, carol)
    lists = [
        store.create_list(alice, bid, name)["id"]
        for name in ("Backlog", "Ready", "In progress", "Review", "Testing", "Done")
    ]
    colors = ("green", "yellow", "orange", "red", "purple", "blue", "sky", "lime")
    labels = [
        store.create_label(alice, bid, f"Label {i + 1}", color)["id"]
        for i, color in enumerate(colors)
    ]
    members = (alice, bob, carol)
    custom = [
        store.create_custom_field(alice, bid, name, kind, options)
        for name, kind, options in CARDS_CUSTOM_FIELDS
    ]
    cards = []
    for i in range(count):
        who = members[i % 3]
        due = _d("2025-02-01T12:00:00") if i % 5 == 0 else None
        card = store.create_card(
            who,
            lists[i % 6],
            f"Card {i + 1}",
            f"Description of **card {i + 1}**." if i % 2 else "",
            pos=(i // 6 + 1) * 16384.0,
            due=due,
            due_complete=bool(due) and i % 10 == 0,
            id_members=[who] if i % 4 == 0 else [],
            id_labels=[labels[i % 8]] + ([labels[(i + 3) % 8]] if i % 3 == 0 else []),
        )
        cards.append(card)
        if i % 10 == 0:
            checklist = store.create_checklist(who, card, "Tasks")
            for j in range(3):
                store.create_check_item(
                    who, checklist, f"Task {j + 1}", checked=j < i % 3
                )
        if i % 7 == 0:
            store.add_comment(members[(i + 1) % 3], card, f"Comment on card {i + 1}")
        if i % 4 == 1:
            values = ("High", str(i % 13), f"Team {i % 3}", True, "2025-03-01")
            field = custom[i % len(custom)]
            set_custom_value(store, who, card, field, values[i % len(custom)])
    return cards


def seed_boards(store, alice, bob, carol, boards, count):
    """``boards`` boards like ``cards:count``, and a file uploaded on each card.

    A first import downloads each file with a request of its own: this is
    the load of several boards imported at once under the rate limit.
    """
    for number in range(1, boards + 1):
        cards = seed_cards(
            store, alice, bob, carol, count, name=f"Load {count} #{number}"
        )
        for i, card in enumerate(cards):
            store.add_attachment(
                card["idMembers"][0] if card["idMembers"] else alice,
                card,
                content=f"Notes of card {i + 1} of board {number}\n".encode(),
                mime_type="text/plain",
                file_name=f"notes-{i + 1}.txt",
            )


def _boards_shape(seed):
    """``(boards, cards)`` of a ``boards:BxN`` seed, or None."""
    match = re.fullmatch(r"boards:([1-9][0-9]*)x([0-9]+)", seed)
    return (int(match[1]), int(match[2])) if match else None


def check_seed(seed):
    """Raise ValueError unless ``seed`` is ``empty``, ``demo``, ``cards:N``
    or ``boards:BxN``."""
    seed = seed or "empty"
    if seed in ("empty", "demo"):
        return seed
    if seed.startswith("cards:") and seed[6:].isdigit():
        return seed
    if _boards_shape(seed):
        return seed
    raise ValueError(f"unknown seed {seed!r} (use empty, demo, cards:N or boards:BxN)")


def apply_seed(store, seed, token, other_token):
    """Reset ``store`` and load ``seed``; return the two token member ids."""
    seed = check_seed(seed)
    store.clear(rng_seed=seed)
    alice, bob, carol = seed_members(store, token, other_token)
    if seed == "demo":
        seed_demo(store, alice, bob, carol)
    elif seed.startswith("cards:"):
        seed_cards(store, alice, bob, carol, int(seed[6:]))
    elif seed.startswith("boards:"):
        seed_boards(store, alice, bob, carol, *_boards_shape(seed))
    return alice, bob

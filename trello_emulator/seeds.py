"""Seed data: ``empty``, ``demo``, ``cards:N`` and ``boards:BxN``.

Seeds go through the store's mutation methods, so every seeded object has
its create action and ``/boards/{id}/actions`` has a history from the start.
Dates are fixed (not relative to "now") so that a deterministic emulator
gives byte-identical answers on every run.
"""

import re
from datetime import datetime, timezone


def _d(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


DEMO_DESC = {
    "hero": (
        "## Goal\n\nReplace the **hero banner** with the new visual.\n\n"
        "- 3 variants for A/B testing\n- optimised for *mobile*\n\n"
        "See [the brand guide](https://example.com/brand-guide)."
    ),
    "nav": (
        "# Navigation\n\nThe menu must have **at most 6 entries**:\n\n"
        "1. Home\n2. Products\n3. Pricing\n4. Blog\n5. About\n6. Contact\n"
    ),
    "seo": (
        "### SEO checklist\n\n* meta descriptions\n* `sitemap.xml`\n"
        "* redirects from old URLs (see [mapping](https://example.com/redirects))"
    ),
    "bug": (
        "**Steps to reproduce**\n\n1. Open the contact page on Safari\n"
        "2. Submit the form\n\n> Nothing happens.\n\n_Expected_: a thank-you message."
    ),
    "ticket": (
        "Customer **ACME Corp** cannot download their invoice.\n\n"
        "- account: `acme-42`\n- plan: *Business*\n"
    ),
}


def seed_members(store, token, other_token):
    """The two token members (alice, bob) and a third without token (carol)."""
    alice = store.add_member("alice", "Alice Martin", "alice@example.com", token)
    bob = store.add_member("bob", "Bob Lee", "bob@example.com", other_token)
    carol = store.add_member("carol", "Carol Diaz", "carol@example.com")
    return alice["id"], bob["id"], carol["id"]


def seed_demo(store, alice, bob, carol):
    """A small, realistic workspace covering the shapes a sync meets."""
    web = store.create_board(
        alice,
        "Website relaunch",
        "Relaunch of the company website in Q1.",
        default_lists=False,
        default_labels=False,
    )
    wid = web["id"]
    store.add_board_member(alice, wid, bob)
    store.add_board_member(alice, wid, carol)
    lists = {
        name: store.create_list(alice, wid, name)["id"]
        for name in ("Backlog", "To Do", "Doing", "Review", "Done", "Old ideas")
    }
    labels = {}
    for name, color in (
        ("Frontend", "green"),
        ("Content", "yellow"),
        ("SEO", "orange"),
        ("Bug", "red"),
        ("Design", "purple"),
        ("Backend", "blue"),
        ("Someday", None),
        ("", "sky"),
    ):
        labels[name or "(sky)"] = store.create_label(alice, wid, name, color)["id"]

    def card(who, lst, name, desc="", **kw):
        return store.create_card(who, lists[lst], name, desc, **kw)

    hero = card(
        alice,
        "Doing",
        "New hero banner",
        DEMO_DESC["hero"],
        due=_d("2025-01-20T17:00:00"),
        start=_d("2025-01-08T09:00:00"),
        id_members=[alice, bob],
        id_labels=[labels["Frontend"], labels["Design"]],
    )
    nav = card(
        bob,
        "To Do",
        "Rework the navigation",
        DEMO_DESC["nav"],
        due=_d("2025-01-31T12:00:00"),
        id_members=[bob],
        id_labels=[labels["Frontend"]],
    )
    seo = card(
        alice,
        "Backlog",
        "SEO migration plan",
        DEMO_DESC["seo"],
        id_labels=[labels["SEO"], labels["Content"]],
    )
    bug = card(
        carol,
        "Review",
        "Contact form does nothing on Safari",
        DEMO_DESC["bug"],
        due=_d("2025-01-10T12:00:00"),
        due_complete=True,
        id_members=[carol],
        id_labels=[labels["Bug"], labels["Frontend"]],
    )
    card(
        alice,
        "Done",
        "Choose the CMS",
        "We picked **Wagtail**.",
        due=_d("2025-01-03T10:00:00"),
        due_complete=True,
        id_members=[alice],
        id_labels=[labels["Backend"]],
    )
    card(
        bob,
        "Done",
        "Domain and TLS",
        "- DNS moved\n- certificates *renewed*",
        due=_d("2025-01-05T10:00:00"),
        due_complete=True,
        id_labels=[labels["Backend"], labels["(sky)"]],
    )
    blog = card(
        carol,
        "To Do",
        "Write launch blog post",
        "Draft in the shared doc, then **review** with marketing.",
        start=_d("2025-01-15T09:00:00"),
        due=_d("2025-02-03T09:00:00"),
        id_members=[carol],
        id_labels=[labels["Content"]],
    )
    card(
        alice,
        "Backlog",
        "Dark mode",
        "Nice to have.",
        id_labels=[labels["Someday"], labels["Design"]],
    )
    card(
        bob,
        "Doing",
        "Image compression pipeline",
        "Use `webp` with a *fallback*; see [docs](https://example.com/webp).",
        id_members=[bob],
        id_labels=[labels["Backend"]],
    )
    card(alice, "Backlog", "Cookie banner", "", id_labels=[labels["Frontend"]])
    old = card(alice, "Backlog", "Flash intro animation", "Obsolete idea.")
    store.update_card(alice, old, {"closed": True})
    card(bob, "Old ideas", "Guestbook page", "From the **2009** site.")
    store.update_list(alice, store.lists[lists["Old ideas"]], {"closed": True})

    checklist = store.create_checklist(alice, hero, "Assets")
    for i, name in enumerate(("Desktop image", "Mobile image", "Alt texts")):
        store.create_check_item(alice, checklist, name, checked=i == 0)
    checklist = store.create_checklist(bob, nav, "Pages")
    for name in ("Home", "Products", "Pricing"):
        store.create_check_item(bob, checklist, name, checked=name == "Home")
    checklist = store.create_checklist(carol, blog, "Review")
    store.create_check_item(
        carol, checklist, "Marketing", due=_d("2025-01-30T12:00"), id_member=carol
    )
    store.create_check_item(carol, checklist, "Legal")

    store.add_comment(alice, hero, "First draft is in the **shared folder**.")
    store.add_comment(bob, hero, "Looks good, the mobile crop needs work.")
    store.add_comment(carol, bug, "Fixed in the staging build, please check.")
    store.add_comment(bob, seo, "We should keep the old `/blog/` URLs.")
    store.add_attachment(
        alice,
        hero,
        content=b"Hero banner notes\n- 1920x600\n",
        mime_type="text/plain",
        file_name="notes.txt",
    )
    store.add_attachment(
        bob,
        nav,
        url="https://example.com/navigation-mockup.pdf",
        name="Navigation mockup",
    )
    store.update_card(bob, nav, {"idList": lists["Doing"]})

    support = store.create_board(
        alice,
        "Support",
        "Customer tickets.",
        default_lists=False,
        default_labels=False,
    )
    sid = support["id"]
    store.add_board_member(alice, sid, bob)
    slists = {
        name: store.create_list(alice, sid, name)["id"]
        for name in ("New", "In progress", "Waiting on customer", "Solved")
    }
    slabels = {
        name: store.create_label(alice, sid, name, color)["id"]
        for name, color in (
            ("Urgent", "red"),
            ("Billing", "green"),
            ("How-to", "blue_light"),
        )
    }
    ticket = store.create_card(
        bob,
        slists["New"],
        "ACME cannot download invoice",
        DEMO_DESC["ticket"],
        due=_d("2025-01-09T12:00:00"),
        id_members=[bob],
        id_labels=[slabels["Urgent"], slabels["Billing"]],
    )
    store.create_card(
        alice,
        slists["In progress"],
        "How to export contacts?",
        "Answer with the **CSV export** steps.",
        id_labels=[slabels["How-to"]],
    )
    store.create_card(
        alice,
        slists["Waiting on customer"],
        "Password reset loop",
        "Asked for a *screenshot*.",
        id_members=[alice],
    )
    store.create_card(
        bob,
        slists["Solved"],
        "Refund for duplicate charge",
        "Refunded.",
        due=_d("2025-01-04T12:00:00"),
        due_complete=True,
        id_labels=[slabels["Billing"]],
    )
    store.add_comment(alice, ticket, "I am looking into it.")

    private = store.create_board(
        bob,
        "Bob's notes",
        "Only Bob belongs to this board.",
        default_lists=True,
        default_labels=True,
    )
    store.create_card(bob, store.board_lists(private["id"])[0]["id"], "Private idea")


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

"""The ``demo`` seed as data: three boards as a sync meets them.

:func:`trello_emulator.seeds.load_boards` creates them through the store's
mutation methods in a fixed order (per board: members, lists, labels, cards,
archived lists, checklists, comments, attachments, moves), so every object
has its Trello action and a deterministic emulator gives the same ids and
dates on every run. Members are named by username, lists and labels by
name (a nameless label by its colour in brackets, ``"(sky)"``), cards by
their ``key``; dates are UTC.
"""

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

DEMO_BOARDS = [
    {
        "name": "Website relaunch",
        "desc": "Relaunch of the company website in Q1.",
        "by": "alice",
        "members": ["bob", "carol"],
        "lists": ["Backlog", "To Do", "Doing", "Review", "Done", "Old ideas"],
        "labels": [
            ("Frontend", "green"),
            ("Content", "yellow"),
            ("SEO", "orange"),
            ("Bug", "red"),
            ("Design", "purple"),
            ("Backend", "blue"),
            ("Someday", None),
            ("", "sky"),
        ],
        "cards": [
            {
                "key": "hero",
                "by": "alice",
                "list": "Doing",
                "name": "New hero banner",
                "desc": DEMO_DESC["hero"],
                "due": "2025-01-20T17:00:00",
                "start": "2025-01-08T09:00:00",
                "members": ["alice", "bob"],
                "labels": ["Frontend", "Design"],
            },
            {
                "key": "nav",
                "by": "bob",
                "list": "To Do",
                "name": "Rework the navigation",
                "desc": DEMO_DESC["nav"],
                "due": "2025-01-31T12:00:00",
                "members": ["bob"],
                "labels": ["Frontend"],
            },
            {
                "key": "seo",
                "by": "alice",
                "list": "Backlog",
                "name": "SEO migration plan",
                "desc": DEMO_DESC["seo"],
                "labels": ["SEO", "Content"],
            },
            {
                "key": "bug",
                "by": "carol",
                "list": "Review",
                "name": "Contact form does nothing on Safari",
                "desc": DEMO_DESC["bug"],
                "due": "2025-01-10T12:00:00",
                "due_complete": True,
                "members": ["carol"],
                "labels": ["Bug", "Frontend"],
            },
            {
                "by": "alice",
                "list": "Done",
                "name": "Choose the CMS",
                "desc": "We picked **Wagtail**.",
                "due": "2025-01-03T10:00:00",
                "due_complete": True,
                "members": ["alice"],
                "labels": ["Backend"],
            },
            {
                "by": "bob",
                "list": "Done",
                "name": "Domain and TLS",
                "desc": "- DNS moved\n- certificates *renewed*",
                "due": "2025-01-05T10:00:00",
                "due_complete": True,
                "labels": ["Backend", "(sky)"],
            },
            {
                "key": "blog",
                "by": "carol",
                "list": "To Do",
                "name": "Write launch blog post",
                "desc": "Draft in the shared doc, then **review** with marketing.",
                "start": "2025-01-15T09:00:00",
                "due": "2025-02-03T09:00:00",
                "members": ["carol"],
                "labels": ["Content"],
            },
            {
                "by": "alice",
                "list": "Backlog",
                "name": "Dark mode",
                "desc": "Nice to have.",
                "labels": ["Someday", "Design"],
            },
            {
                "by": "bob",
                "list": "Doing",
                "name": "Image compression pipeline",
                "desc": "Use `webp` with a *fallback*; "
                "see [docs](https://example.com/webp).",
                "members": ["bob"],
                "labels": ["Backend"],
            },
            {
                "by": "alice",
                "list": "Backlog",
                "name": "Cookie banner",
                "labels": ["Frontend"],
            },
            {
                "by": "alice",
                "list": "Backlog",
                "name": "Flash intro animation",
                "desc": "Obsolete idea.",
                "archived": True,
            },
            {
                "by": "bob",
                "list": "Old ideas",
                "name": "Guestbook page",
                "desc": "From the **2009** site.",
            },
        ],
        "archived_lists": [("alice", "Old ideas")],
        "checklists": [
            {
                "by": "alice",
                "card": "hero",
                "name": "Assets",
                "items": [
                    {"name": "Desktop image", "checked": True},
                    {"name": "Mobile image"},
                    {"name": "Alt texts"},
                ],
            },
            {
                "by": "bob",
                "card": "nav",
                "name": "Pages",
                "items": [
                    {"name": "Home", "checked": True},
                    {"name": "Products"},
                    {"name": "Pricing"},
                ],
            },
            {
                "by": "carol",
                "card": "blog",
                "name": "Review",
                "items": [
                    {
                        "name": "Marketing",
                        "due": "2025-01-30T12:00",
                        "member": "carol",
                    },
                    {"name": "Legal"},
                ],
            },
        ],
        "comments": [
            ("alice", "hero", "First draft is in the **shared folder**."),
            ("bob", "hero", "Looks good, the mobile crop needs work."),
            ("carol", "bug", "Fixed in the staging build, please check."),
            ("bob", "seo", "We should keep the old `/blog/` URLs."),
        ],
        "attachments": [
            {
                "by": "alice",
                "card": "hero",
                "content": "Hero banner notes\n- 1920x600\n",
                "mime_type": "text/plain",
                "file_name": "notes.txt",
            },
            {
                "by": "bob",
                "card": "nav",
                "url": "https://example.com/navigation-mockup.pdf",
                "name": "Navigation mockup",
            },
        ],
        "moves": [("bob", "nav", "Doing")],
        # one field of each type Trello has (the Custom Fields power-up)
        "custom_fields": [
            ("Priority", "list", ["High", "Medium", "Low"]),
            ("Estimate (h)", "number", []),
            ("Owner team", "text", []),
            ("Signed off", "checkbox", []),
            ("Go-live", "date", []),
        ],
        "custom_values": [
            ("alice", "hero", "Priority", "High"),
            ("alice", "hero", "Estimate (h)", "12.5"),
            ("alice", "hero", "Owner team", "Web"),
            ("bob", "nav", "Priority", "Medium"),
            ("bob", "nav", "Go-live", "2025-02-03T08:00:00"),
            ("carol", "bug", "Signed off", True),
            ("carol", "bug", "Estimate (h)", "3"),
        ],
    },
    {
        "name": "Support",
        "desc": "Customer tickets.",
        "by": "alice",
        "members": ["bob"],
        "lists": ["New", "In progress", "Waiting on customer", "Solved"],
        "labels": [("Urgent", "red"), ("Billing", "green"), ("How-to", "blue_light")],
        "cards": [
            {
                "key": "ticket",
                "by": "bob",
                "list": "New",
                "name": "ACME cannot download invoice",
                "desc": DEMO_DESC["ticket"],
                "due": "2025-01-09T12:00:00",
                "members": ["bob"],
                "labels": ["Urgent", "Billing"],
            },
            {
                "by": "alice",
                "list": "In progress",
                "name": "How to export contacts?",
                "desc": "Answer with the **CSV export** steps.",
                "labels": ["How-to"],
            },
            {
                "by": "alice",
                "list": "Waiting on customer",
                "name": "Password reset loop",
                "desc": "Asked for a *screenshot*.",
                "members": ["alice"],
            },
            {
                "by": "bob",
                "list": "Solved",
                "name": "Refund for duplicate charge",
                "desc": "Refunded.",
                "due": "2025-01-04T12:00:00",
                "due_complete": True,
                "labels": ["Billing"],
            },
        ],
        "comments": [("alice", "ticket", "I am looking into it.")],
    },
    {
        "name": "Bob's notes",
        "desc": "Only Bob belongs to this board.",
        "by": "bob",
        # Trello's default lists (To Do, Doing, Done) and six colour labels.
        "defaults": True,
        "cards": [{"by": "bob", "list": "To Do", "name": "Private idea"}],
    },
]

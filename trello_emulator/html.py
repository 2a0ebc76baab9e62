"""A read-only HTML view of the boards (server-rendered, no JavaScript).

During a demo a person watches the Trello side change while the connector
works; the page refreshes itself every few seconds with a meta tag.
"""

from html import escape

COLORS = {
    "green": "#4bce97",
    "yellow": "#f5cd47",
    "orange": "#fea362",
    "red": "#f87168",
    "purple": "#9f8fef",
    "blue": "#579dff",
    "sky": "#6cc3e0",
    "lime": "#94c748",
    "pink": "#e774bb",
    "black": "#8590a2",
}

STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#172b4d}
header{background:#026aa7;color:#fff;padding:8px 16px}
header a{color:#fff;margin-right:12px}
section{padding:8px 16px}
.lists{display:flex;gap:12px;align-items:flex-start;overflow-x:auto}
.list{background:#ebecf0;border-radius:6px;padding:8px;min-width:240px;max-width:260px}
.list h3{font-size:14px;margin:4px 0 8px}
.card{background:#fff;border-radius:4px;padding:6px 8px;margin-bottom:6px;
box-shadow:0 1px 0 #091e4240;font-size:13px}
.label{display:inline-block;border-radius:3px;padding:0 6px;margin:0 4px 4px 0;
font-size:11px;min-width:24px;min-height:8px}
.meta{color:#5e6c84;font-size:11px;margin-top:4px}
.done{color:#1f845a}
"""


def _label(label):
    color = COLORS.get((label["color"] or "").split("_")[0], "#dfe1e6")
    return (
        f'<span class="label" style="background:{color}" '
        f'title="{escape(label["color"] or "no colour")}">'
        f'{escape(label["name"])}</span>'
    )


def _card(store, card):
    labels = "".join(_label(store.labels[i]) for i in card["idLabels"])
    meta = []
    if card["due"]:
        css = ' class="done"' if card["dueComplete"] else ""
        meta.append(f"<span{css}>due {escape(card['due'][:10])}</span>")
    items = [i for c in card["idChecklists"] for i in store.checklists[c]["checkItems"]]
    if items:
        done = sum(1 for i in items if i["state"] == "complete")
        meta.append(f"☑ {done}/{len(items)}")
    if card["_comments"]:
        meta.append(f"💬 {card['_comments']}")
    if card["_idAttachments"]:
        meta.append(f"📎 {len(card['_idAttachments'])}")
    initials = " ".join(store.members[m]["initials"] for m in card["idMembers"])
    if initials:
        meta.append(escape(initials))
    meta_html = f'<div class="meta">{" · ".join(meta)}</div>' if meta else ""
    return (
        f'<div class="card" id="card-{card["id"]}">{labels}'
        f"<div>{escape(card['name'])}</div>{meta_html}</div>"
    )


def render_page(store, board_id=None):
    """Every open board (or just ``board_id``) as columns of open cards."""
    boards = [b for b in store.boards.values() if not b["closed"]]
    nav = "".join(
        f'<a href="/?board={b["id"]}">{escape(b["name"])}</a>' for b in boards
    )
    if board_id:
        boards = [b for b in boards if b["id"] == board_id]
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        '<meta http-equiv="refresh" content="5">',
        f"<title>Trello emulator</title><style>{STYLE}</style></head><body>",
        f'<header><strong>Trello emulator</strong> · <a href="/">all</a>{nav}</header>',
    ]
    cards_by_list = {}
    for card in store.cards.values():
        if not card["closed"]:
            cards_by_list.setdefault(card["idList"], []).append(card)
    for board in boards:
        parts.append(
            f'<section id="board-{board["id"]}"><h2>{escape(board["name"])}'
            "</h2><div class='lists'>"
        )
        for lst in store.board_lists(board["id"]):
            if lst["closed"]:
                continue
            cards = sorted(
                cards_by_list.get(lst["id"], []), key=lambda c: (c["pos"], c["id"])
            )
            parts.append(f'<div class="list"><h3>{escape(lst["name"])}</h3>')
            parts.extend(_card(store, c) for c in cards)
            parts.append("</div>")
        parts.append("</div></section>")
    if not boards:
        parts.append("<section><p>No boards.</p></section>")
    parts.append("</body></html>")
    return "".join(parts)

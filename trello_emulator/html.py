"""The HTML view of the boards (server-rendered, no JavaScript).

During a demo a person watches the Trello side change while the connector
works: the board pages (``/``, ``/b/<shortLink>``) refresh themselves every
few seconds with a meta tag.  A card's page (``/c/<shortLink>``) shows the
card above its board, with small forms that change it as the emulator's
second member (see :mod:`.pages`); it does not refresh, so typing is never
lost.  ``/1/authorize`` asks to let an application use the main member's
account and then shows its token.  Every stored text is escaped: card names
may hold hostile HTML.
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
.card a{color:inherit;text-decoration:none}
.card.current{outline:3px solid #f5cd47}
.panel{background:#fff;margin:8px 16px;border-radius:6px;padding:8px 16px;
box-shadow:0 1px 0 #091e4240}
.panel form{margin:6px 0}
.panel input[type=text]{width:24em}
.panel textarea{width:32em;height:3em;vertical-align:top}
.notice{color:#1f845a}
.error{color:#ae2e24}
.hint{color:#5e6c84;font-size:12px}
.desc{white-space:pre-wrap;font-family:inherit;background:#f4f5f7;padding:6px}
"""
#: The message shown after each kind of change made through a card's page.
NOTICES = {
    "rename": "Renamed.",
    "move": "Moved.",
    "due": "Due date status changed.",
    "comment": "Comment added.",
}


def _label(label):
    color = COLORS.get((label["color"] or "").split("_")[0], "#dfe1e6")
    return (
        f'<span class="label" style="background:{color}" '
        f'title="{escape(label["color"] or "no colour")}">'
        f'{escape(label["name"])}</span>'
    )


def _card(store, card, current=None):
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
    css = "card current" if card["id"] == current else "card"
    return (
        f'<div class="{css}" id="card-{card["id"]}">{labels}'
        f'<div><a href="/c/{escape(card["shortLink"])}">{escape(card["name"])}</a>'
        f"</div>{meta_html}</div>"
    )


def _head(store, title, refresh):
    boards = [b for b in store.boards.values() if not b["closed"]]
    nav = "".join(
        f'<a href="/b/{escape(b["shortLink"])}">{escape(b["name"])}</a>' for b in boards
    )
    return [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        '<meta http-equiv="refresh" content="5">' if refresh else "",
        f"<title>{escape(title)} · Trello emulator</title>",
        f"<style>{STYLE}</style></head><body>",
        f'<header><strong>Trello emulator</strong> · <a href="/">all</a>{nav}</header>',
    ]


def render_page(store, board_id=None):
    """Every open board (or just ``board_id``) as columns of open cards."""
    boards = [b for b in store.boards.values() if not b["closed"]]
    if board_id:
        boards = [b for b in boards if b["id"] == board_id]
    parts = _head(store, "Boards", refresh=True)
    parts.extend(_boards(store, boards))
    parts.append("</body></html>")
    return "".join(parts)


def render_board_page(store, board):
    """``/b/<shortLink>``: one board (also an archived one), refreshing."""
    parts = _head(store, board["name"], refresh=True)
    parts.extend(_boards(store, [board]))
    parts.append("</body></html>")
    return "".join(parts)


def render_card_page(store, card, editor, notice=None, error=None):
    """``/c/<shortLink>``: the card's forms above its board, card outlined.

    ``editor`` is the member the forms act as (None: no forms); ``notice``
    a key of :data:`NOTICES`, ``error`` a sentence.  No refresh: it would
    wipe what is being typed.
    """
    board = store.boards[card["idBoard"]]
    lst = store.lists[card["idList"]]
    parts = _head(store, card["name"], refresh=False)
    state = []
    if card["closed"]:
        state.append("archived")
    if lst["closed"]:
        state.append("in an archived list")
    state_html = f" ({escape(', '.join(state))})" if state else ""
    parts.append(
        f'<section class="panel" id="card"><h2>{escape(card["name"])}</h2>'
        f'<p>In list <strong>{escape(lst["name"])}</strong> of board '
        f'<a href="/b/{escape(board["shortLink"])}">{escape(board["name"])}</a>'
        f"{state_html}.</p>"
    )
    if notice in NOTICES:
        parts.append(f'<p class="notice">{escape(NOTICES[notice])}</p>')
    if error:
        parts.append(f'<p class="error">{escape(error)}</p>')
    if card["desc"]:
        parts.append(f'<pre class="desc">{escape(card["desc"])}</pre>')
    if editor is not None:
        parts.append(_card_forms(store, card, board, editor))
    parts.append(_comments(store, card))
    parts.append("</section>")
    parts.extend(_boards(store, [board], current=card["id"]))
    parts.append("</body></html>")
    return "".join(parts)


def _comments(store, card):
    """The card's comments, newest first, with their authors."""
    comments = sorted(
        (
            a
            for a in store.actions.values()
            if a["type"] == "commentCard" and a["data"]["card"]["id"] == card["id"]
        ),
        key=lambda a: a["id"],
        reverse=True,
    )
    items = "".join(
        f"<li><strong>{escape(store.members[a['idMemberCreator']]['fullName'])}"
        f"</strong> {escape(a['date'][:16].replace('T', ' '))}: "
        f"{escape(a['data']['text'])}</li>"
        for a in comments
    )
    return f'<h3>Comments</h3><ul class="comments">{items}</ul>' if items else ""


def _card_forms(store, card, board, editor):
    action = f"/c/{escape(card['shortLink'])}"
    forms = [
        f'<form method="post" action="{action}">'
        '<input type="hidden" name="do" value="rename">'
        f'<input type="text" name="name" value="{escape(card["name"])}" '
        'aria-label="Card name"> <button>Rename</button></form>'
    ]
    options = "".join(
        f'<option value="{lst["id"]}"'
        f"{' selected' if lst['id'] == card['idList'] else ''}>"
        f"{escape(lst['name'])}</option>"
        for lst in store.board_lists(board["id"])
        if not lst["closed"] or lst["id"] == card["idList"]
    )
    forms.append(
        f'<form method="post" action="{action}">'
        '<input type="hidden" name="do" value="move">'
        f'<select name="idList" aria-label="List">{options}</select> '
        "<button>Move</button></form>"
    )
    if card["due"]:
        target = "false" if card["dueComplete"] else "true"
        label = "Mark due not complete" if card["dueComplete"] else "Mark due complete"
        forms.append(
            f'<form method="post" action="{action}">'
            '<input type="hidden" name="do" value="due">'
            f'<input type="hidden" name="dueComplete" value="{target}">'
            f"due {escape(card['due'][:10])} <button>{label}</button></form>"
        )
    forms.append(
        f'<form method="post" action="{action}">'
        '<input type="hidden" name="do" value="comment">'
        '<textarea name="text" aria-label="Comment"></textarea> '
        "<button>Comment</button></form>"
    )
    forms.append(
        f'<p class="hint">Changes are made as {escape(editor["fullName"])} '
        f"(@{escape(editor['username'])}), the emulator's second member, through "
        "the API's own code: they record the same actions and fire the webhooks."
        "</p>"
    )
    return "".join(forms)


def _boards(store, boards, current=None):
    """Each board as a section of list columns with their open cards."""
    parts = []
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
            parts.extend(_card(store, c, current) for c in cards)
            parts.append("</div>")
        parts.append("</div></section>")
    if not boards:
        parts.append("<section><p>No boards.</p></section>")
    return parts


def render_not_found(store, what):
    """A 404 page for an unknown board or card shortLink."""
    parts = _head(store, "Not found", refresh=False)
    parts.append(f"<section><p>No {escape(what)} here.</p></section></body></html>")
    return "".join(parts)


#: What each scope of the authorize link lets the application do.
SCOPES = {
    "read": "read your boards, lists, cards, comments and members",
    "write": "create and change boards, lists, cards, comments and checklists",
    "account": "read your member information, your e-mail address included",
}
#: How long the token lasts, for each ``expiration`` of the authorize link.
EXPIRATIONS = {
    "1hour": "for 1 hour",
    "1day": "for 1 day",
    "30days": "for 30 days",
    "never": "until you revoke it (the token never expires)",
}


def render_authorize_page(store, app_name, scopes, expiration, member, fields):
    """``/1/authorize``: Trello's "let this application use your account?".

    ``fields`` are the link's parameters, posted back (key included) by the
    Allow and Deny buttons, so the key never goes through another URL and the
    token is only ever in the answer's body.
    """
    parts = _head(store, "Authorize", refresh=False)
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in fields.items()
    )
    abilities = "".join(f"<li>{escape(SCOPES[scope])}</li>" for scope in scopes)
    parts.append(
        '<section class="panel" id="authorize">'
        f"<h2>Let {escape(app_name)} use your account?</h2>"
        f"<p>Signed in as {escape(member['fullName'])} "
        f"(@{escape(member['username'])}).</p>"
        f'<p>{escape(app_name)} will be able to:</p><ul class="scopes">{abilities}'
        "</ul>"
        f'<p class="expiration">It keeps this access {EXPIRATIONS[expiration]}.</p>'
        f'<form method="post" action="/1/authorize">{hidden}'
        '<button name="decision" value="allow">Allow</button> '
        '<button name="decision" value="deny">Deny</button></form>'
        '<p class="hint">The emulator gives the same token whatever the scope '
        "and the expiration: it does not enforce them.</p></section></body></html>"
    )
    return "".join(parts)


def render_authorize_token(store, app_name, token, member):
    """The page after Allow: the token to paste into the application."""
    parts = _head(store, "Token", refresh=False)
    parts.append(
        '<section class="panel" id="token">'
        f"<h2>{escape(app_name)} may now use the account of "
        f"{escape(member['fullName'])} (@{escape(member['username'])})</h2>"
        "<p>To finish, give it this token:</p>"
        f'<p><input type="text" id="token-value" readonly size="80" '
        f'value="{escape(token)}" aria-label="Token"></p>'
        "<p>In Odoo, paste it into the <strong>Token</strong> field of the "
        "Trello backend (next to the API key you entered), save, and press "
        "<em>Check Connection</em>.</p></section></body></html>"
    )
    return "".join(parts)


def render_authorize_message(store, title, sentence, error=False):
    """A page with one sentence: a refused link, or access denied."""
    css = ' class="error"' if error else ""
    parts = _head(store, title, refresh=False)
    parts.append(
        f'<section class="panel" id="authorize"><h2>{escape(title)}</h2>'
        f"<p{css}>{escape(sentence)}</p></section></body></html>"
    )
    return "".join(parts)

"""The HTML pages: ``/``, ``/b/<shortLink>[/<slug>]``, ``/c/<shortLink>[/<slug>]``.

The ``/b/`` and ``/c/`` paths are those of Trello's own web pages, so with
``self_urls`` the ``url``/``shortUrl`` the API returns open here.

A card's page carries small forms (rename, move to another list, mark the
due complete, comment) that act as the emulator's second member (``bob``,
the member of ``OTHER_TOKEN``): a person changing the board in Trello while
the connector syncs.  A form runs the very ``/1/`` handler the API would run
(``PUT /1/cards/{id}``, ``POST /1/cards/{id}/actions/comments``) under the
store lock, so the change is validated the same way, records the same
actions with that member as creator, and fires the webhooks once the answer
is sent.  After a change the browser is redirected to the card's page
(POST, redirect, GET: a reload does not repeat the change).
"""

import re

from werkzeug.wrappers import Response

from .errors import ApiError
from .html import (
    render_board_page,
    render_card_page,
    render_not_found,
    render_page,
)
from .routes import Call
from .routes.actions import add_comment
from .routes.cards import update_card

PAGE_RE = re.compile(r"^/(?P<kind>[bc])/(?P<ref>[^/]+)(?:/[^/]*)?/?$")
#: Each form: the ``/1/`` handler it runs and the form fields it passes on.
FORMS = {
    "rename": (update_card, ("name",)),
    "move": (update_card, ("idList",)),
    "due": (update_card, ("dueComplete",)),
    "comment": (add_comment, ("text",)),
}
#: Sentences for the API errors a form can meet (the API's own wording
#: follows in parentheses).
ERRORS = {
    "invalid value for name": "The name cannot be empty.",
    "invalid value for text": "The comment cannot be empty.",
    "invalid value for idList": "That list is not on the board of this card.",
    "unauthorized permission requested": (
        "The second member is not a member of this board, so cannot change it."
    ),
}


def page_template(path):
    """The counters' template of a page path (``GET /c/{shortLink}``), or None."""
    if path == "/":
        return "/"
    match = PAGE_RE.match(path)
    if match is None:
        return None
    return "/b/{shortLink}" if match["kind"] == "b" else "/c/{shortLink}"


def html(text, status=200):
    return Response(text, status, content_type="text/html; charset=utf-8")


def serve_page(app, request):
    """Answer a page request; None when ``request`` is not for a page."""
    path = request.path
    store = app.store
    if path == "/" and request.method in ("GET", "HEAD"):
        with store.lock:
            return html(render_page(store, request.args.get("board")))
    match = PAGE_RE.match(path)
    if match is None:
        return None
    ref = match["ref"]
    if match["kind"] == "b":
        if request.method not in ("GET", "HEAD"):
            return None
        with store.lock:
            board = store.board_by_ref(ref)
            if board is None:
                return html(render_not_found(store, "board"), 404)
            return html(render_board_page(store, board))
    if request.method in ("GET", "HEAD"):
        with store.lock:
            card = store.card_by_ref(ref)
            if card is None:
                return html(render_not_found(store, "card"), 404)
            notice = request.args.get("done")
            return html(render_card_page(store, card, _editor(app), notice=notice))
    if request.method == "POST":
        return _submit(app, ref, request.form)
    return None


def _editor(app):
    """The second member, whom the forms act as (None if it has no token)."""
    member_id = app.store.tokens.get(app.emulator.other_token)
    return app.store.members.get(member_id)


def _submit(app, ref, form):
    """Run one form as the second member; redirect, or show the error."""
    store = app.store
    kind = form.get("do")
    with store.lock:
        card = store.card_by_ref(ref)
        if card is None:
            return html(render_not_found(store, "card"), 404)
        editor = _editor(app)
        if kind not in FORMS or editor is None:
            error = "This page cannot make that change."
            return html(render_card_page(store, card, editor, error=error), 400)
        func, fields = FORMS[kind]
        params = {name: form.get(name, "") for name in fields}
        token = app.emulator.other_token
        call = Call(app, params, {}, editor["id"], token, app.emulator.key)
        error = None
        app.webhooks.hold()
        try:
            func(call, ref=card["id"])
        except ApiError as exc:
            error = ERRORS.get(exc.body, "Trello would refuse this change.")
            error = f"{error} ({exc.body})"
        finally:
            held = app.webhooks.take_held()
        if error:
            # Handlers validate before they change anything; still, never
            # strand the deliveries of actions recorded before an error.
            app.webhooks.enqueue_all(held)
            return html(render_card_page(store, card, editor, error=error), 400)
    response = Response(status=303)
    response.headers["Location"] = f"/c/{card['shortLink']}?done={kind}"
    if held:
        response.call_on_close(lambda: app.webhooks.enqueue_all(held))
    return response

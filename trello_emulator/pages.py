"""The HTML pages: ``/``, ``/b/<shortLink>[/<slug>]``, ``/c/<shortLink>[/<slug>]``
and ``/1/authorize``.

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

``/1/authorize`` is Trello's page that gives an application a token: the
connector's "Get a Token" link opens it on whatever server the backend's API
URL names, so the demo's link stays on this machine.  Allowing shows the
token of the emulator's main member (``--token``, alice's by default).
"""

import re

from werkzeug.wrappers import Response

from .errors import ApiError
from .html import (
    EXPIRATIONS,
    SCOPES,
    render_authorize_message,
    render_authorize_page,
    render_authorize_token,
    render_board_page,
    render_card_page,
    render_not_found,
    render_page,
)
from .routes import Call
from .routes.actions import add_comment
from .routes.cards import update_card

#: Trello serves it on trello.com; here it shares the API's host.
AUTHORIZE_PATH = "/1/authorize"
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


def is_page_path(path):
    """Whether ``path`` is a page: anything outside ``/1``, and the authorize page."""
    if path.rstrip("/") == AUTHORIZE_PATH:
        return True
    return path != "/1" and not path.startswith("/1/")


def page_template(path):
    """The counters' template of a page path (``GET /c/{shortLink}``), or None."""
    if path == "/":
        return "/"
    if path.rstrip("/") == AUTHORIZE_PATH:
        return AUTHORIZE_PATH
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
    if path.rstrip("/") == AUTHORIZE_PATH:
        return serve_authorize(app, request)
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


def serve_authorize(app, request):
    """``/1/authorize``: GET asks to allow the application, POST answers.

    The link's parameters are Trello's (``key``, ``name``, ``scope``,
    ``expiration``, ``response_type``, with Trello's defaults); the Allow
    and Deny buttons post them back.  Only the emulator's own key is
    accepted, as Trello accepts only a key it issued.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return None
    params = request.form if request.method == "POST" else request.args
    store = app.store
    with store.lock:
        fields, error = _authorize_fields(app, params)
        if error:
            status, title, sentence = error
            return _private(
                render_authorize_message(store, title, sentence, True), status
            )
        member = store.members.get(store.tokens.get(app.emulator.token))
        if member is None:
            sentence = "This emulator has no member for its token, so no token to give."
            return _private(
                render_authorize_message(store, "No token", sentence, True), 503
            )
        app_name = fields["name"] or "An application"
        if request.method != "POST":
            scopes = fields["scope"].split(",")
            page = render_authorize_page(
                store, app_name, scopes, fields["expiration"], member, fields
            )
            return _private(page)
        if params.get("decision") != "allow":
            sentence = (
                f"{app_name} was not allowed to use your account: no token was given."
            )
            return _private(render_authorize_message(store, "Access denied", sentence))
        return _private(
            render_authorize_token(store, app_name, app.emulator.token, member)
        )


def _authorize_fields(app, params):
    """The link's parameters with Trello's defaults, or ``(None, error)``.

    ``error`` is ``(status, title, sentence)``; the sentence never repeats
    the key that was sent.
    """
    key = (params.get("key") or "").strip()
    if not key:
        return None, (
            400,
            "No API key",
            "The link has no API key: the application must put its key in the "
            "link (key=…).",
        )
    if key != app.emulator.key:
        return None, (
            401,
            "Invalid API key",
            "This emulator does not know that API key. It accepts only the key "
            "it was started with (--key, DEFAULT_KEY by default): enter that key "
            "in the application and open its link again.",
        )
    words = [w.strip() for w in (params.get("scope") or "").split(",") if w.strip()]
    scopes = list(dict.fromkeys(words)) or ["read"]
    unknown = [word for word in scopes if word not in SCOPES]
    if unknown:
        return None, (
            400,
            "Invalid scope",
            f"Unknown scope '{','.join(unknown)}': the scope is a comma list of "
            "read, write and account.",
        )
    expiration = params.get("expiration") or "30days"
    if expiration not in EXPIRATIONS:
        return None, (
            400,
            "Invalid expiration",
            f"Unknown expiration '{expiration}': it is 1hour, 1day, 30days or never.",
        )
    response_type = params.get("response_type") or "token"
    if response_type != "token":
        return None, (
            400,
            "Invalid response type",
            "This page gives tokens only (response_type=token).",
        )
    fields = {
        "key": key,
        "name": (params.get("name") or "").strip(),
        "scope": ",".join(scopes),
        "expiration": expiration,
        "response_type": response_type,
    }
    return fields, None


def _private(text, status=200):
    """An HTML answer that no cache keeps: it may carry a token."""
    response = html(text, status)
    response.headers["Cache-Control"] = "no-store"
    return response

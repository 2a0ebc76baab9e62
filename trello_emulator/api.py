"""The ``/1/`` route handlers.

Each handler receives a :class:`Call` (parsed parameters, the authenticated
member, a rendering context) plus the path arguments, and returns JSON-able
data.  Validation happens before any mutation so a 400 never leaves a half
applied change behind.  Parameter errors use Trello's wording
(``invalid value for X``, ``invalid id``) from :mod:`errors`.
"""

import operator
import re

from .errors import ApiError, invalid_id, invalid_value, not_found, unauthorized
from .render import (
    BOARD_DEFAULT_FIELDS,
    BOARD_MEMBERS_FIELDS,
    MEMBER_NESTED_FIELDS,
    parse_fields,
)
from .store import ALL_COLORS, ID_RE, SHORTLINK_RE, id_seconds, iso, parse_date

ROUTES = []
MAX_TEXT = 16384
MISSING = object()
CARD_FILTERS = ("all", "closed", "none", "open", "visible", "complete", "incomplete")
LIST_FILTERS = ("all", "closed", "none", "open")


def route(method, path, **options):
    """Register a handler for ``method path`` (werkzeug rule syntax)."""

    def deco(func):
        ROUTES.append((method, path, func, options))
        return func

    return deco


class Call:
    """One API call: parameters, caller and helpers to read/validate them."""

    def __init__(self, app, params, files, member_id, token, key, headers=None):
        self.app = app
        self.store = app.store
        self.params = params
        self.files = files or {}
        self.member_id = member_id
        self.token = token
        self.key = key
        self.headers = headers or {}
        from .render import Context

        self.ctx = Context(self.store, member_id)

    # -- parameters ----------------------------------------------------
    def has(self, name):
        return name in self.params

    def arg(self, name, default=None):
        value = self.params.get(name, default)
        return default if value is None and name not in self.params else value

    def text(self, name, default=None, max_len=MAX_TEXT, required=False):
        value = self.params.get(name)
        if value is None:
            if required:
                raise invalid_value(name)
            return default
        if isinstance(value, dict | list | bool):
            raise invalid_value(name)
        value = str(value)
        if len(value) > max_len:
            raise invalid_value(name)
        return value

    def nonblank(self, name):
        """A required text parameter with more than white space in it."""
        value = self.text(name)
        if not value or not value.strip():
            raise invalid_value(name)
        return value

    def flag(self, name, default=None):
        value = self.params.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text == "true":
            return True
        if text == "false":
            return False
        raise invalid_value(name)

    def integer(self, name, default, low, high):
        value = self.params.get(name)
        if value is None or value == "":
            return default
        try:
            number = int(str(value))
        except ValueError:
            raise invalid_value(name) from None
        if not low <= number <= high:
            raise invalid_value(name)
        return number

    def pos(self, name="pos"):
        value = self.params.get(name)
        if value is None:
            return None
        if isinstance(value, str) and value.lower() in ("top", "bottom"):
            return value.lower()
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise invalid_value(name) from None
        if not number > 0 or number != number or number == float("inf"):
            raise invalid_value(name)
        return number

    def date(self, name):
        """MISSING if absent, None for ``null``/empty, else a UTC datetime."""
        if name not in self.params:
            return MISSING
        value = self.params[name]
        if value is None or str(value).strip().lower() in ("", "null"):
            return None
        try:
            return parse_date(value)
        except (TypeError, ValueError):
            raise invalid_value(name) from None

    def ids(self, name):
        """A comma list (or JSON list) of 24-hex ids; None if absent."""
        value = self.params.get(name, MISSING)
        if value is MISSING:
            return None
        if value is None:
            return []
        items = value if isinstance(value, list) else str(value).split(",")
        out = []
        for item in items:
            item = str(item).strip()
            if not item:
                continue
            if not ID_RE.match(item):
                raise invalid_value(name)
            if item.lower() not in out:
                out.append(item.lower())
        return out

    def id_param(self, name):
        """A required 24-hex id parameter, lower-cased (else ``invalid value``)."""
        value = self.text(name)
        if not value or not ID_RE.match(value):
            raise invalid_value(name)
        return value.lower()

    def cursor(self, name):
        """``before``/``since``: an object id or an ISO date."""
        value = self.params.get(name)
        if value is None or value == "":
            return None
        value = str(value)
        if ID_RE.match(value):
            return ("id", value.lower())
        try:
            return ("date", parse_date(value))
        except ValueError:
            raise invalid_value(name) from None

    # -- objects -------------------------------------------------------
    def _check_board_access(self, board_id):
        board = self.store.boards.get(board_id)
        if board is None:
            raise not_found()
        if not self.store.is_board_member(board, self.member_id):
            raise unauthorized()
        return board

    def _by_ref(self, find, ref, board_key):
        """A board or card by 24-hex id or shortLink, if its board is ours.

        ``board_key`` names the object's field holding its board id.
        """
        if not (ID_RE.match(ref) or SHORTLINK_RE.match(ref)):
            raise invalid_id()
        obj = find(ref.lower() if ID_RE.match(ref) else ref)
        if obj is None:
            raise not_found()
        self._check_board_access(obj[board_key])
        return obj

    def board(self, ref):
        return self._by_ref(self.store.board_by_ref, ref, "id")

    def card(self, ref):
        return self._by_ref(self.store.card_by_ref, ref, "idBoard")

    def _by_id(self, table, ref, board_key="idBoard"):
        """An object of ``table`` by 24-hex id only, if its board is ours."""
        if not ID_RE.match(ref):
            raise invalid_id()
        obj = table.get(ref.lower())
        if obj is None:
            raise not_found()
        self._check_board_access(obj[board_key])
        return obj

    def list(self, ref):
        return self._by_id(self.store.lists, ref)

    def label(self, ref):
        return self._by_id(self.store.labels, ref)

    def checklist(self, ref):
        return self._by_id(self.store.checklists, ref)

    def action(self, ref):
        return self._by_id(self.store.actions, ref, "_idBoard")

    def member(self, ref):
        if ref == "me":
            return self.store.members[self.member_id]
        member = self.store.member_by_ref(ref.lower() if ID_RE.match(ref) else ref)
        if member is None:
            if ID_RE.match(ref):
                raise not_found()
            raise not_found()
        return member


# ----------------------------------------------------------------------
# shared helpers
def _beyond(obj_id, when_iso, cursor, op):
    """Compare an object with a cursor: ``op(object, cursor)``.

    An id cursor compares ids; a date cursor compares the object's date if
    it has one, else the creation time embedded in its id.
    """
    kind, value = cursor
    if kind == "id":
        return op(obj_id, value)
    if when_iso is not None:
        return op(when_iso, iso(value))
    return op(id_seconds(obj_id), value.timestamp())


def _newer(obj_id, when_iso, cursor):
    return _beyond(obj_id, when_iso, cursor, operator.gt)


def _older(obj_id, when_iso, cursor):
    return _beyond(obj_id, when_iso, cursor, operator.lt)


def page_by_id(items, since, before, date_key=None):
    """Keep items strictly between the cursors (items carry ``id``)."""
    out = []
    for item in items:
        when = item.get(date_key) if date_key else None
        if since and not _newer(item["id"], when, since):
            continue
        if before and not _older(item["id"], when, before):
            continue
        out.append(item)
    return out


def _action_matches(action, wanted):
    if wanted is None:
        return True
    kind = action["type"]
    if kind in wanted:
        return True
    old = action["data"].get("old") or {}
    for entry in wanted:
        base, _, field = entry.partition(":")
        if field and base == kind:
            if field in old or (field == "idList" and "listAfter" in action["data"]):
                return True
    return False


def _action_filter(value):
    if value in (None, "", "all"):
        return None
    if isinstance(value, list):
        value = ",".join(value)
    return {v.strip() for v in str(value).split(",") if v.strip()}


def select_actions(call, actions, prefix=""):
    """Filter, page and render actions (newest first), Trello defaults."""
    p = prefix
    filter_name = "filter" if not p else "actions"
    wanted = _action_filter(call.params.get(filter_name))
    limit = call.integer(f"{p}limit" if p else "limit", 50, 0, 1000)
    page = call.integer("page", 0, 0, 1000) if not p else 0
    if page and page * limit >= 1000:
        raise invalid_value("page")
    since = call.cursor(f"{p}since" if p else "since")
    before = call.cursor(f"{p}before" if p else "before")
    fields = parse_fields(call.params.get(f"{p}fields" if p else "fields"))
    if p:
        fields = parse_fields(call.params.get("action_fields"))
    creator = call.flag("action_memberCreator" if p else "memberCreator", default=True)
    id_models = call.ids("idModels") if not p else None
    out = []
    skip = page * limit
    for action in actions:
        if not _action_matches(action, wanted):
            continue
        if id_models and not set(id_models) & set(action["_models"]):
            continue
        if since and not _newer(action["id"], action["date"], since):
            continue
        if before and not _older(action["id"], action["date"], before):
            continue
        if skip:
            skip -= 1
            continue
        if len(out) >= limit:
            break
        out.append(call.ctx.action(action, fields, member_creator=creator))
    return out


def _put_field(call, obj, field, writable, put):
    """``PUT /x/<ref>/<field>``: Trello's one-field form of ``PUT /x/<ref>``.

    An unknown ``field`` is a 404, like an unknown route.  The new value
    comes as ``value``; it is copied under the field's own name and handed
    to ``put(call, obj, values)``, the full PUT's validate-apply-render, so
    both forms check and answer alike.
    """
    if field not in writable:
        raise not_found()
    call.params[field] = call.params.get("value")
    return put(call, obj, {field: True})


def newest_first(table):
    return reversed(list(table.values()))


def filter_cards(store, cards, name):
    if name not in CARD_FILTERS:
        raise invalid_value("filter")
    if name == "none":
        return []
    if name == "all":
        return cards
    if name == "closed":
        return [c for c in cards if c["closed"]]
    if name == "open":
        return [c for c in cards if not c["closed"]]
    if name == "complete":
        return [c for c in cards if c["dueComplete"]]
    if name == "incomplete":
        return [c for c in cards if not c["dueComplete"]]
    # visible: not archived and in an open list
    return [
        c for c in cards if not c["closed"] and not store.lists[c["idList"]]["closed"]
    ]


def filter_lists(lists, name, param="filter"):
    if name not in LIST_FILTERS:
        raise invalid_value(param)
    if name == "none":
        return []
    if name == "open":
        return [x for x in lists if not x["closed"]]
    if name == "closed":
        return [x for x in lists if x["closed"]]
    return lists


def render_cards(call, cards, prefix=""):
    """Render cards with the nested options (``checklists``, ``attachments``…).

    ``prefix`` is ``card_`` when called for a board's nested ``cards`` so
    that ``card_fields``, ``card_checklists`` etc. are read instead.
    """
    p = prefix
    fields = parse_fields(call.params.get(f"{p}fields"))
    checklists = call.params.get("card_checklists" if p else "checklists", "none")
    attachments = call.params.get(f"{p}attachments", "false")
    att_fields = parse_fields(call.params.get(f"{p}attachment_fields"))
    members = call.flag(f"{p}members", default=False)
    member_fields = parse_fields(
        call.params.get(f"{p}member_fields"), MEMBER_NESTED_FIELDS
    )
    custom = call.flag("customFieldItems", default=False)
    if checklists not in ("all", "none"):
        raise invalid_value("card_checklists" if p else "checklists")
    attachments = str(attachments).lower()
    if attachments not in ("true", "false", "cover"):
        raise invalid_value(f"{p}attachments")
    store = call.store
    out = []
    for card in cards:
        item = call.ctx.card(card, fields)
        if checklists == "all":
            item["checklists"] = [
                call.ctx.checklist(c) for c in store.card_checklists(card)
            ]
        if attachments != "false":
            atts = [store.attachments[a] for a in card["_idAttachments"]]
            if attachments == "cover":
                atts = [a for a in atts if a["id"] == card["idAttachmentCover"]]
            item["attachments"] = [call.ctx.attachment(a, att_fields) for a in atts]
        if members:
            item["members"] = [
                call.ctx.member(store.members[m], member_fields)
                for m in card["idMembers"]
            ]
        if custom:
            item["customFieldItems"] = []
        out.append(item)
    return out


def _paged_cards(call, cards):
    """``limit``/``before``/``since`` switch to newest-first id paging."""
    paging = any(
        call.params.get(n) not in (None, "") for n in ("limit", "before", "since")
    )
    limit = call.integer("limit", 1000, 1, 1000)
    if paging:
        cards = sorted(cards, key=lambda c: c["id"], reverse=True)
        cards = page_by_id(cards, call.cursor("since"), call.cursor("before"))
    else:
        cards = call.store.sorted_cards(cards)
    return cards[:limit]


def _label_color(call, name="color", required=False):
    if name not in call.params:
        if required:
            raise invalid_value(name)
        return MISSING
    value = call.params[name]
    if value is None or str(value).lower() in ("", "null", "none"):
        return None
    value = str(value)
    if value not in ALL_COLORS:
        raise invalid_value(name)
    return value


# ----------------------------------------------------------------------
# members
@route("GET", "/1/members/<ref>")
def get_member(call, ref):
    member = call.member(ref)
    return call.ctx.member(member, parse_fields(call.params.get("fields")))


@route("GET", "/1/members/<ref>/boards")
def get_member_boards(call, ref):
    member = call.member(ref)
    store = call.store
    boards = [
        b
        for b in store.boards.values()
        if store.is_board_member(b, member["id"])
        and store.is_board_member(b, call.member_id)
    ]
    which = call.params.get("filter", "all")
    if which in ("open", "members", "organization", "public"):
        boards = [b for b in boards if not b["closed"]]
        if which == "public":
            boards = [b for b in boards if b["prefs"]["permissionLevel"] == "public"]
        if which == "organization":
            boards = [b for b in boards if b["idOrganization"]]
    elif which == "closed":
        boards = [b for b in boards if b["closed"]]
    elif which == "starred":
        boards = [b for b in boards if b["starred"]]
    elif which != "all":
        raise invalid_value("filter")
    fields = parse_fields(call.params.get("fields"))
    lists = call.params.get("lists", "none")
    out = []
    for board in boards:
        item = call.ctx.board(board, fields)
        if lists != "none":
            item["lists"] = [
                call.ctx.list(x, parse_fields(call.params.get("list_fields")))
                for x in filter_lists(store.board_lists(board["id"]), lists, "lists")
            ]
        out.append(item)
    return out


# ----------------------------------------------------------------------
# boards
@route("GET", "/1/boards/<ref>")
def get_board(call, ref):
    board = call.board(ref)
    store = call.store
    bid = board["id"]
    fields = parse_fields(call.params.get("fields"), BOARD_DEFAULT_FIELDS)
    out = call.ctx.board(board, fields)
    actions = call.params.get("actions")
    if actions not in (None, "", "none"):
        out["actions"] = select_actions(
            call,
            (a for a in newest_first(store.actions) if a["_idBoard"] == bid),
            prefix="actions_",
        )
    cards = call.params.get("cards", "none")
    if cards != "none":
        if cards not in CARD_FILTERS:
            raise invalid_value("cards")
        chosen = filter_cards(store, store.board_cards(bid), cards)
        out["cards"] = render_cards(call, store.sorted_cards(chosen)[:1000], "card_")
    lists = call.params.get("lists", "none")
    if lists != "none":
        chosen = filter_lists(store.board_lists(bid), lists, "lists")
        list_fields = parse_fields(call.params.get("list_fields"))
        out["lists"] = [call.ctx.list(x, list_fields) for x in chosen[:1000]]
    labels = call.params.get("labels", "none")
    if labels != "none":
        if labels != "all":
            raise invalid_value("labels")
        limit = call.integer("labels_limit", 50, 0, 1000)
        label_fields = parse_fields(call.params.get("label_fields"))
        out["labels"] = [
            call.ctx.label(lb, label_fields) for lb in store.board_labels(bid)[:limit]
        ]
    members = call.params.get("members", "none")
    if members != "none":
        member_fields = parse_fields(
            call.params.get("member_fields"), MEMBER_NESTED_FIELDS
        )
        out["members"] = [
            call.ctx.member(store.members[m["idMember"]], member_fields)
            for m in _board_memberships(board, members, "members")
        ]
    memberships = call.params.get("memberships", "none")
    if memberships != "none":
        out["memberships"] = [
            dict(m) for m in _board_memberships(board, memberships, "memberships")
        ]
    checklists = call.params.get("checklists", "none")
    if checklists != "none":
        if checklists != "all":
            raise invalid_value("checklists")
        cl_fields = parse_fields(call.params.get("checklist_fields"))
        out["checklists"] = [
            call.ctx.checklist(c, cl_fields) for c in _board_checklists(store, bid)
        ][:1000]
    if call.flag("customFields", default=False):
        out["customFields"] = []
    return out


def _board_memberships(board, which, param):
    items = list(board["memberships"])
    if which == "all":
        return items
    if which in ("admins", "owners"):
        return [m for m in items if m["memberType"] == "admin"]
    if which == "normal":
        return [m for m in items if m["memberType"] == "normal"]
    if which in ("active", "me"):
        return items
    raise invalid_value(param)


def _board_checklists(store, board_id):
    return [c for c in store.checklists.values() if c["idBoard"] == board_id]


@route("POST", "/1/boards")
def create_board(call):
    name = call.nonblank("name")
    desc = call.text("desc", "")
    level = call.text("prefs_permissionLevel", "private")
    if level not in ("private", "org", "public"):
        raise invalid_value("prefs_permissionLevel")
    board = call.store.create_board(
        call.member_id,
        name,
        desc,
        default_lists=call.flag("defaultLists", default=True),
        default_labels=call.flag("defaultLabels", default=True),
        permission_level=level,
    )
    return call.ctx.board(board)


@route("PUT", "/1/boards/<ref>")
def update_board(call, ref):
    board = call.board(ref)
    changes = {}
    if call.has("name"):
        changes["name"] = call.nonblank("name")
    if call.has("desc"):
        changes["desc"] = call.text("desc") or ""
    for flag in ("closed", "subscribed"):
        if call.has(flag):
            changes[flag] = call.flag(flag)
    level = call.text("prefs/permissionLevel") or call.text("prefs_permissionLevel")
    if level:
        if level not in ("private", "org", "public"):
            raise invalid_value("prefs/permissionLevel")
        changes["prefs"] = {**board["prefs"], "permissionLevel": level}
    call.store.update_board(call.member_id, board, changes)
    return call.ctx.board(board, "all")


@route("DELETE", "/1/boards/<ref>")
def delete_board(call, ref):
    board = call.board(ref)
    call.store.delete_board(call.member_id, board)
    return {"_value": None}


@route("PUT", "/1/boards/<ref>/members/<member_ref>")
def add_board_member(call, ref, member_ref):
    board = call.board(ref)
    if not ID_RE.match(member_ref):
        raise invalid_id()
    member = call.store.members.get(member_ref.lower())
    if member is None:
        raise not_found()
    kind = call.text("type", "normal")
    if kind not in ("admin", "normal", "observer"):
        raise invalid_value("type")
    call.store.add_board_member(call.member_id, board["id"], member["id"], kind)
    out = call.ctx.board(board, ["name", "memberships"])
    out["members"] = [
        call.ctx.member(call.store.members[m["idMember"]], MEMBER_NESTED_FIELDS)
        for m in board["memberships"]
    ]
    return out


@route("GET", "/1/boards/<ref>/cards")
@route("GET", "/1/boards/<ref>/cards/<which>")
def get_board_cards(call, ref, which=None):
    board = call.board(ref)
    which = which or call.params.get("filter") or "visible"
    cards = filter_cards(call.store, call.store.board_cards(board["id"]), which)
    return render_cards(call, _paged_cards(call, cards))


@route("GET", "/1/boards/<ref>/lists")
@route("GET", "/1/boards/<ref>/lists/<which>")
def get_board_lists(call, ref, which=None):
    board = call.board(ref)
    store = call.store
    which = which or call.params.get("filter") or "open"
    lists = filter_lists(store.board_lists(board["id"]), which)
    fields = parse_fields(call.params.get("fields"))
    nested = call.params.get("cards", "none")
    out = []
    for lst in lists:
        item = call.ctx.list(lst, fields)
        if nested != "none":
            cards = filter_cards(store, store.list_cards(lst["id"]), nested)
            item["cards"] = render_cards(call, store.sorted_cards(cards), "card_")
        out.append(item)
    return out


@route("GET", "/1/boards/<ref>/labels")
def get_board_labels(call, ref):
    board = call.board(ref)
    limit = call.integer("limit", 50, 0, 1000)
    fields = parse_fields(call.params.get("fields"))
    labels = call.store.board_labels(board["id"])[:limit]
    return [call.ctx.label(lb, fields) for lb in labels]


@route("GET", "/1/boards/<ref>/members")
def get_board_members(call, ref):
    board = call.board(ref)
    fields = parse_fields(call.params.get("fields"), BOARD_MEMBERS_FIELDS)
    which = call.params.get("filter", "all")
    return [
        call.ctx.member(call.store.members[m["idMember"]], fields)
        for m in _board_memberships(board, which, "filter")
    ]


@route("GET", "/1/boards/<ref>/memberships")
def get_board_memberships(call, ref):
    board = call.board(ref)
    return [dict(m) for m in board["memberships"]]


@route("GET", "/1/boards/<ref>/checklists")
def get_board_checklists(call, ref):
    board = call.board(ref)
    fields = parse_fields(call.params.get("fields"))
    return [
        call.ctx.checklist(c, fields)
        for c in _board_checklists(call.store, board["id"])
    ]


@route("GET", "/1/boards/<ref>/actions")
def get_board_actions(call, ref):
    board = call.board(ref)
    bid = board["id"]
    actions = (a for a in newest_first(call.store.actions) if a["_idBoard"] == bid)
    return select_actions(call, actions)


@route("GET", "/1/boards/<ref>/customFields")
def get_board_custom_fields(call, ref):
    call.board(ref)
    return []


@route("POST", "/1/boards/<ref>/lists")
def create_board_list(call, ref):
    board = call.board(ref)
    return _create_list(call, board)


@route("POST", "/1/boards/<ref>/labels")
def create_board_label(call, ref):
    board = call.board(ref)
    return _create_label(call, board)


# ----------------------------------------------------------------------
# lists
def _create_list(call, board):
    name = call.nonblank("name")
    pos = call.pos()
    lst = call.store.create_list(call.member_id, board["id"], name, pos)
    return call.ctx.list(lst)


@route("POST", "/1/lists")
def create_list(call):
    return _create_list(call, call.board(call.id_param("idBoard")))


@route("GET", "/1/lists/<ref>")
def get_list(call, ref):
    lst = call.list(ref)
    out = call.ctx.list(lst, parse_fields(call.params.get("fields")))
    nested = call.params.get("cards", "none")
    if nested != "none":
        cards = filter_cards(call.store, call.store.list_cards(lst["id"]), nested)
        out["cards"] = render_cards(call, call.store.sorted_cards(cards), "card_")
    if call.flag("board", default=False):
        out["board"] = call.ctx.board(
            call.store.boards[lst["idBoard"]], BOARD_DEFAULT_FIELDS
        )
    return out


def _list_changes(call, lst, values):
    changes = {}
    if "name" in values:
        changes["name"] = call.nonblank("name")
    if "closed" in values:
        changes["closed"] = call.flag("closed")
    if "subscribed" in values:
        changes["subscribed"] = call.flag("subscribed")
    if "idBoard" in values:
        board = call.board(call.id_param("idBoard"))
        if board["id"] != lst["idBoard"]:
            changes["idBoard"] = board["id"]
    if "pos" in values:
        pos = call.pos()
        target = changes.get("idBoard", lst["idBoard"])
        siblings = [
            x
            for x in call.store.lists.values()
            if x["idBoard"] == target and x["id"] != lst["id"]
        ]
        changes["pos"] = call.store.resolve_pos(pos, siblings)
    return changes


def _put_list(call, lst, values):
    call.store.update_list(call.member_id, lst, _list_changes(call, lst, values))
    return call.ctx.list(lst)


@route("PUT", "/1/lists/<ref>")
def update_list(call, ref):
    return _put_list(call, call.list(ref), call.params)


@route("PUT", "/1/lists/<ref>/<field>")
def update_list_field(call, ref, field):
    writable = ("name", "closed", "pos", "idBoard", "subscribed")
    return _put_field(call, call.list(ref), field, writable, _put_list)


@route("GET", "/1/lists/<ref>/cards")
@route("GET", "/1/lists/<ref>/cards/<which>")
def get_list_cards(call, ref, which=None):
    lst = call.list(ref)
    which = which or call.params.get("filter") or "open"
    cards = filter_cards(call.store, call.store.list_cards(lst["id"]), which)
    return render_cards(call, _paged_cards(call, cards))


@route("GET", "/1/lists/<ref>/board")
def get_list_board(call, ref):
    lst = call.list(ref)
    return call.ctx.board(
        call.store.boards[lst["idBoard"]],
        parse_fields(call.params.get("fields"), BOARD_DEFAULT_FIELDS),
    )


@route("GET", "/1/lists/<ref>/actions")
def get_list_actions(call, ref):
    lst = call.list(ref)
    actions = (a for a in newest_first(call.store.actions) if lst["id"] in a["_models"])
    return select_actions(call, actions)


@route("POST", "/1/lists/<ref>/archiveAllCards")
def archive_all_cards(call, ref):
    lst = call.list(ref)
    for card in call.store.list_cards(lst["id"]):
        call.store.update_card(call.member_id, card, {"closed": True})
    return {}


@route("POST", "/1/lists/<ref>/moveAllCards")
def move_all_cards(call, ref):
    lst = call.list(ref)
    board = call.board(call.text("idBoard", required=True))
    target = call.list(call.text("idList", required=True))
    if target["idBoard"] != board["id"]:
        raise invalid_value("idList")
    for card in call.store.list_cards(lst["id"]):
        changes = {"idList": target["id"]}
        if board["id"] != card["idBoard"]:
            changes["idBoard"] = board["id"]
        call.store.update_card(call.member_id, card, changes)
    return render_cards(call, call.store.list_cards(target["id"]))


# ----------------------------------------------------------------------
# cards
def _check_members(call, board, ids, name):
    for mid in ids:
        if mid not in call.store.members or not call.store.is_board_member(board, mid):
            raise invalid_value(name)


def _check_labels(call, board_id, ids, name):
    for lid in ids:
        label = call.store.labels.get(lid)
        if label is None or label["idBoard"] != board_id:
            raise invalid_value(name)


@route("POST", "/1/cards")
def create_card(call):
    lst = call.store.lists.get(call.id_param("idList"))
    if lst is None:
        raise invalid_value("idList")
    board = call._check_board_access(lst["idBoard"])
    name = call.text("name", "")
    desc = call.text("desc", "")
    pos = call.pos()
    due = call.date("due")
    start = call.date("start")
    members = call.ids("idMembers") or []
    labels = call.ids("idLabels") or []
    _check_members(call, board, members, "idMembers")
    _check_labels(call, board["id"], labels, "idLabels")
    url_source = call.text("urlSource")
    card = call.store.create_card(
        call.member_id,
        lst["id"],
        name,
        desc,
        pos,
        None if due is MISSING else due,
        None if start is MISSING else start,
        call.flag("dueComplete", default=False),
        members,
        labels,
        closed=call.flag("closed", default=False),
    )
    if url_source:
        call.store.add_attachment(call.member_id, card, url=url_source)
    return call.ctx.card(card)


@route("GET", "/1/cards/<ref>")
def get_card(call, ref):
    card = call.card(ref)
    store = call.store
    out = render_cards(call, [card])[0]
    if call.params.get("actions") not in (None, "", "none"):
        actions = (a for a in newest_first(store.actions) if card["id"] in a["_models"])
        out["actions"] = select_actions(call, actions, prefix="actions_")
    if call.flag("list", default=False):
        out["list"] = call.ctx.list(store.lists[card["idList"]])
    if call.flag("board", default=False):
        out["board"] = call.ctx.board(
            store.boards[card["idBoard"]], BOARD_DEFAULT_FIELDS
        )
    return out


def _card_location(call, card, values):
    """Validate ``idBoard``/``idList``: the card's board and changes."""
    store = call.store
    changes = {}
    board = store.boards[card["idBoard"]]
    if "idBoard" in values and call.text("idBoard"):
        target = call.board(call.id_param("idBoard"))
        if target["id"] != board["id"]:
            changes["idBoard"] = target["id"]
            board = target
            if "idList" not in values:
                open_lists = filter_lists(store.board_lists(board["id"]), "open")
                if not open_lists:
                    raise invalid_value("idList")
                changes["idList"] = open_lists[0]["id"]
    if "idList" in values:
        lst = store.lists.get(call.id_param("idList"))
        if lst is None or lst["idBoard"] != board["id"]:
            raise invalid_value("idList")
        changes["idList"] = lst["id"]
    return board, changes


def _card_changes(call, card, values):
    """Validate an update of ``card``; return the typed changes."""
    store = call.store
    board, changes = _card_location(call, card, values)
    if "name" in values:
        changes["name"] = call.nonblank("name")
    if "desc" in values:
        changes["desc"] = call.text("desc") or ""
    for flag in ("closed", "dueComplete", "subscribed"):
        if flag in values:
            value = call.flag(flag)
            if value is None:
                raise invalid_value(flag)
            changes[flag] = value
    for key in ("due", "start"):
        if key in values:
            changes[key] = call.date(key)
    if "pos" in values:
        pos = call.pos()
        if pos is None:
            raise invalid_value("pos")
        target_list = changes.get("idList", card["idList"])
        siblings = [c for c in store.list_cards(target_list) if c["id"] != card["id"]]
        changes["pos"] = store.resolve_pos(pos, siblings)
    if "idMembers" in values:
        members = call.ids("idMembers") or []
        _check_members(call, board, members, "idMembers")
        changes["idMembers"] = members
    if "idLabels" in values:
        labels = call.ids("idLabels") or []
        _check_labels(call, board["id"], labels, "idLabels")
        changes["idLabels"] = labels
    if "idAttachmentCover" in values:
        changes["idAttachmentCover"] = _cover(call, card)
    return changes


def _cover(call, card):
    cover = call.text("idAttachmentCover")
    if cover in (None, "", "null"):
        return None
    if cover.lower() in card["_idAttachments"]:
        return cover.lower()
    raise invalid_value("idAttachmentCover")


CARD_FIELDS_WRITABLE = (
    "name",
    "desc",
    "closed",
    "idList",
    "idBoard",
    "pos",
    "due",
    "start",
    "dueComplete",
    "idMembers",
    "idLabels",
    "subscribed",
    "idAttachmentCover",
)


def _put_card(call, card, values):
    call.store.update_card(call.member_id, card, _card_changes(call, card, values))
    return call.ctx.card(card)


@route("PUT", "/1/cards/<ref>")
def update_card(call, ref):
    card = call.card(ref)
    values = {k: True for k in CARD_FIELDS_WRITABLE if k in call.params}
    return _put_card(call, card, values)


@route("PUT", "/1/cards/<ref>/<field>")
def update_card_field(call, ref, field):
    return _put_field(call, call.card(ref), field, CARD_FIELDS_WRITABLE, _put_card)


@route("DELETE", "/1/cards/<ref>")
def delete_card(call, ref):
    card = call.card(ref)
    call.store.delete_card(call.member_id, card)
    return {"_value": None}


@route("GET", "/1/cards/<ref>/<field>")
def get_card_field(call, ref, field):
    card = call.card(ref)
    store = call.store
    if field == "list":
        return call.ctx.list(
            store.lists[card["idList"]], parse_fields(call.params.get("fields"))
        )
    if field == "board":
        return call.ctx.board(
            store.boards[card["idBoard"]], parse_fields(call.params.get("fields"))
        )
    if field == "members":
        fields = parse_fields(call.params.get("fields"))
        return [call.ctx.member(store.members[m], fields) for m in card["idMembers"]]
    if field == "labels":
        fields = parse_fields(call.params.get("fields"))
        return [call.ctx.label(store.labels[x], fields) for x in card["idLabels"]]
    if field == "checklists":
        fields = parse_fields(call.params.get("fields"))
        return [call.ctx.checklist(c, fields) for c in store.card_checklists(card)]
    if field == "attachments":
        fields = parse_fields(call.params.get("fields"))
        atts = [store.attachments[a] for a in card["_idAttachments"]]
        if call.params.get("filter") == "cover":
            atts = [a for a in atts if a["id"] == card["idAttachmentCover"]]
        return [call.ctx.attachment(a, fields) for a in atts]
    if field == "actions":
        if "filter" not in call.params:
            call.params["filter"] = "commentCard,updateCard:idList"
        actions = (a for a in newest_first(store.actions) if card["id"] in a["_models"])
        return select_actions(call, actions)
    if field in ("customFieldItems", "stickers", "membersVoted", "pluginData"):
        return []
    if field == "checkItemStates":
        return call.ctx.card(card)["checkItemStates"]
    full = call.ctx.card(card)
    if field in full:
        return {"_value": full[field]}
    raise not_found()


@route("POST", "/1/cards/<ref>/idLabels")
def add_card_label(call, ref):
    card = call.card(ref)
    value = call.text("value")
    if not value or not ID_RE.match(value):
        raise invalid_value("value")
    _check_labels(call, card["idBoard"], [value.lower()], "value")
    if value.lower() in card["idLabels"]:
        raise ApiError(400, "that label is already on the card")
    call.store.add_card_label(call.member_id, card, value.lower())
    return list(card["idLabels"])


@route("DELETE", "/1/cards/<ref>/idLabels/<label_ref>")
def remove_card_label(call, ref, label_ref):
    card = call.card(ref)
    if not ID_RE.match(label_ref):
        raise invalid_id()
    if label_ref.lower() not in card["idLabels"]:
        raise not_found()
    call.store.remove_card_label(call.member_id, card, label_ref.lower())
    return list(card["idLabels"])


@route("POST", "/1/cards/<ref>/labels")
def create_card_label(call, ref):
    card = call.card(ref)
    color = _label_color(call, required=True)
    name = call.text("name", "")
    label = call.store.create_label(call.member_id, card["idBoard"], name, color)
    call.store.add_card_label(call.member_id, card, label["id"])
    return list(card["idLabels"])


@route("POST", "/1/cards/<ref>/idMembers")
def add_card_member(call, ref):
    card = call.card(ref)
    value = call.text("value")
    if not value or not ID_RE.match(value):
        raise invalid_value("value")
    board = call.store.boards[card["idBoard"]]
    _check_members(call, board, [value.lower()], "value")
    if value.lower() in card["idMembers"]:
        raise ApiError(400, "member is already on the card")
    call.store.add_card_member(call.member_id, card, value.lower())
    return _card_members(call, card)


@route("DELETE", "/1/cards/<ref>/idMembers/<member_ref>")
def remove_card_member(call, ref, member_ref):
    card = call.card(ref)
    if not ID_RE.match(member_ref):
        raise invalid_id()
    if member_ref.lower() not in card["idMembers"]:
        raise not_found()
    call.store.remove_card_member(call.member_id, card, member_ref.lower())
    return _card_members(call, card)


def _card_members(call, card):
    """What the ``idMembers`` routes answer: the card's members, rendered."""
    return [
        call.ctx.member(call.store.members[m], MEMBER_NESTED_FIELDS)
        for m in card["idMembers"]
    ]


# -- comments -----------------------------------------------------------
@route("POST", "/1/cards/<ref>/actions/comments")
def add_comment(call, ref):
    card = call.card(ref)
    text = call.nonblank("text")
    action = call.store.add_comment(call.member_id, card, text)
    out = call.ctx.action(action)
    out["entities"] = [
        {
            "type": "member",
            "id": call.member_id,
            "username": call.store.members[call.member_id]["username"],
        },
        {"type": "text", "text": "on"},
        {
            "type": "card",
            "id": card["id"],
            "shortLink": card["shortLink"],
            "text": card["name"],
        },
        {"type": "comment", "text": text},
    ]
    return out


def _own_comment(call, action):
    """Only comments can be edited or deleted, and only by their author."""
    if action["type"] != "commentCard" or action["idMemberCreator"] != call.member_id:
        raise unauthorized()
    return action


def _edit_comment(call, action, name):
    text = call.nonblank(name)
    call.store.update_comment(call.member_id, _own_comment(call, action), text)
    return call.ctx.action(action)


def _card_action(call, ref, action_ref):
    """The action ``action_ref`` of card ``ref`` (404 if about another card)."""
    card = call.card(ref)
    action = call.action(action_ref)
    if action["data"].get("card", {}).get("id") != card["id"]:
        raise not_found()
    return action


@route("PUT", "/1/cards/<ref>/actions/<action_ref>/comments")
def edit_card_comment(call, ref, action_ref):
    return _edit_comment(call, _card_action(call, ref, action_ref), "text")


@route("DELETE", "/1/cards/<ref>/actions/<action_ref>/comments")
def delete_card_comment(call, ref, action_ref):
    action = _own_comment(call, _card_action(call, ref, action_ref))
    call.store.delete_comment(call.member_id, action)
    return {"_value": None}


# -- checklists on cards ------------------------------------------------
def _create_checklist(call, card):
    name = call.text("name", "Checklist")
    pos = call.pos()
    checklist = call.store.create_checklist(call.member_id, card, name, pos)
    return call.ctx.checklist(checklist)


@route("POST", "/1/cards/<ref>/checklists")
def create_card_checklist(call, ref):
    return _create_checklist(call, call.card(ref))


def _card_item(call, card, item_ref):
    if not ID_RE.match(item_ref):
        raise invalid_id()
    checklist, item = call.store.find_check_item(item_ref.lower())
    if item is None or checklist["idCard"] != card["id"]:
        raise not_found()
    return checklist, item


def _item_changes(call, checklist):
    changes = {}
    if call.has("name"):
        changes["name"] = call.nonblank("name")
    if call.has("state"):
        state = call.text("state")
        state = {"true": "complete", "false": "incomplete"}.get(state, state)
        if state not in ("complete", "incomplete"):
            raise invalid_value("state")
        changes["state"] = state
    if call.has("due"):
        changes["due"] = call.date("due")
    if call.has("idMember"):
        member = call.text("idMember")
        if member in (None, "", "null"):
            changes["idMember"] = None
        elif ID_RE.match(member) and member.lower() in call.store.members:
            changes["idMember"] = member.lower()
        else:
            raise invalid_value("idMember")
    target = checklist
    if call.has("idChecklist"):
        target = call.store.checklists.get(call.id_param("idChecklist"))
        if target is None or target["idCard"] != checklist["idCard"]:
            raise invalid_value("idChecklist")
        if target["id"] != checklist["id"]:
            changes["idChecklist"] = target["id"]
    if call.has("pos"):
        pos = call.pos()
        changes["pos"] = call.store.resolve_pos(pos, target["checkItems"])
    return changes


@route("GET", "/1/cards/<ref>/checkItem/<item_ref>")
def get_card_check_item(call, ref, item_ref):
    _, item = _card_item(call, call.card(ref), item_ref)
    return call.ctx.check_item(item, parse_fields(call.params.get("fields")))


@route("PUT", "/1/cards/<ref>/checkItem/<item_ref>")
def update_card_check_item(call, ref, item_ref):
    checklist, item = _card_item(call, call.card(ref), item_ref)
    changes = _item_changes(call, checklist)
    call.store.update_check_item(call.member_id, checklist, item, changes)
    return call.ctx.check_item(item)


@route("DELETE", "/1/cards/<ref>/checkItem/<item_ref>")
def delete_card_check_item(call, ref, item_ref):
    checklist, item = _card_item(call, call.card(ref), item_ref)
    call.store.delete_check_item(call.member_id, checklist, item)
    return {"_value": None}


# -- attachments --------------------------------------------------------
@route("POST", "/1/cards/<ref>/attachments")
def add_attachment(call, ref):
    card = call.card(ref)
    if len(card["_idAttachments"]) >= 100:
        raise ApiError(403, "ATTACHMENTS_PER_CARD limit exceeded")
    name = call.text("name", max_len=256)
    mime = call.text("mimeType", max_len=256)
    upload = call.files.get("file")
    if upload is not None:
        content = upload.read()
        file_name = upload.filename or "upload"
        mime = mime or (
            upload.mimetype
            if upload.mimetype and upload.mimetype != "application/octet-stream"
            else None
        )
        if not mime:
            import mimetypes

            mime = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        att = call.store.add_attachment(
            call.member_id,
            card,
            name=name,
            content=content,
            mime_type=mime,
            file_name=file_name,
        )
    else:
        url = call.text("url", max_len=2048)
        if not url or not re.match(r"^https?://", url):
            raise invalid_value("url")
        att = call.store.add_attachment(
            call.member_id, card, name=name, url=url, mime_type=mime
        )
    if call.flag("setCover", default=False) and att["isUpload"]:
        call.store.update_card(call.member_id, card, {"idAttachmentCover": att["id"]})
    return call.ctx.attachment(att)


def _card_attachment(call, card, att_ref):
    if not ID_RE.match(att_ref):
        raise invalid_id()
    att = call.store.attachments.get(att_ref.lower())
    if att is None or att["_idCard"] != card["id"]:
        raise not_found()
    return att


@route("GET", "/1/cards/<ref>/attachments/<att_ref>")
def get_attachment(call, ref, att_ref):
    att = _card_attachment(call, call.card(ref), att_ref)
    return call.ctx.attachment(att, parse_fields(call.params.get("fields")))


@route("DELETE", "/1/cards/<ref>/attachments/<att_ref>")
def delete_attachment(call, ref, att_ref):
    card = call.card(ref)
    att = _card_attachment(call, card, att_ref)
    call.store.delete_attachment(call.member_id, card, att)
    return {"_value": None}


@route(
    "GET",
    "/1/cards/<ref>/attachments/<att_ref>/download/<file_name>",
    header_auth_only=True,
)
def download_attachment(call, ref, att_ref, file_name):
    from werkzeug.wrappers import Response

    card = call.card(ref)
    att = _card_attachment(call, card, att_ref)
    if not att["isUpload"] or att["fileName"] != file_name:
        raise not_found()
    return Response(
        att["_content"],
        status=200,
        headers={
            "Content-Type": att["mimeType"],
            "Content-Disposition": f'attachment; filename="{file_name}"',
        },
    )


# ----------------------------------------------------------------------
# labels
def _create_label(call, board):
    color = _label_color(call)
    name = call.text("name", "")
    label = call.store.create_label(
        call.member_id, board["id"], name, None if color is MISSING else color
    )
    return call.ctx.label(label)


@route("POST", "/1/labels")
def create_label(call):
    return _create_label(call, call.board(call.id_param("idBoard")))


@route("GET", "/1/labels/<ref>")
def get_label(call, ref):
    return call.ctx.label(call.label(ref), parse_fields(call.params.get("fields")))


def _label_changes(call, values):
    changes = {}
    if "name" in values:
        changes["name"] = call.text("name") or ""
    if "color" in values:
        changes["color"] = _label_color(call)
    return changes


def _put_label(call, label, values):
    call.store.update_label(call.member_id, label, _label_changes(call, values))
    return call.ctx.label(label)


@route("PUT", "/1/labels/<ref>")
def update_label(call, ref):
    return _put_label(call, call.label(ref), call.params)


@route("PUT", "/1/labels/<ref>/<field>")
def update_label_field(call, ref, field):
    return _put_field(call, call.label(ref), field, ("name", "color"), _put_label)


@route("DELETE", "/1/labels/<ref>")
def delete_label(call, ref):
    call.store.delete_label(call.member_id, call.label(ref))
    return {"_value": None}


# ----------------------------------------------------------------------
# checklists
@route("POST", "/1/checklists")
def create_checklist(call):
    ref = call.text("idCard")
    if not ref or not (ID_RE.match(ref) or SHORTLINK_RE.match(ref)):
        raise invalid_value("idCard")
    return _create_checklist(call, call.card(ref))


@route("GET", "/1/checklists/<ref>")
def get_checklist(call, ref):
    checklist = call.checklist(ref)
    with_items = call.params.get("checkItems", "all") != "none"
    return call.ctx.checklist(
        checklist, parse_fields(call.params.get("fields")), with_items
    )


def _checklist_changes(call, checklist, values):
    changes = {}
    if "name" in values:
        changes["name"] = call.nonblank("name")
    if "pos" in values:
        card = call.store.cards[checklist["idCard"]]
        siblings = [
            c for c in call.store.card_checklists(card) if c["id"] != checklist["id"]
        ]
        changes["pos"] = call.store.resolve_pos(call.pos(), siblings)
    return changes


def _put_checklist(call, checklist, values):
    changes = _checklist_changes(call, checklist, values)
    call.store.update_checklist(call.member_id, checklist, changes)
    return call.ctx.checklist(checklist)


@route("PUT", "/1/checklists/<ref>")
def update_checklist(call, ref):
    return _put_checklist(call, call.checklist(ref), call.params)


@route("PUT", "/1/checklists/<ref>/<field>")
def update_checklist_field(call, ref, field):
    checklist = call.checklist(ref)
    return _put_field(call, checklist, field, ("name", "pos"), _put_checklist)


@route("DELETE", "/1/checklists/<ref>")
def delete_checklist(call, ref):
    call.store.delete_checklist(call.member_id, call.checklist(ref))
    return {"_value": None}


@route("GET", "/1/checklists/<ref>/checkItems")
def get_check_items(call, ref):
    checklist = call.checklist(ref)
    fields = parse_fields(call.params.get("fields"))
    return [call.ctx.check_item(i, fields) for i in checklist["checkItems"]]


@route("POST", "/1/checklists/<ref>/checkItems")
def create_check_item(call, ref):
    checklist = call.checklist(ref)
    name = call.nonblank("name")
    pos = call.pos()
    checked = call.flag("checked", default=False)
    due = call.date("due")
    member = call.text("idMember")
    if member and not (ID_RE.match(member) and member.lower() in call.store.members):
        raise invalid_value("idMember")
    item = call.store.create_check_item(
        call.member_id,
        checklist,
        name,
        pos,
        checked,
        None if due is MISSING else due,
        member.lower() if member else None,
    )
    return call.ctx.check_item(item)


def _checklist_item(call, checklist, item_ref):
    if not ID_RE.match(item_ref):
        raise invalid_id()
    for item in checklist["checkItems"]:
        if item["id"] == item_ref.lower():
            return item
    raise not_found()


@route("GET", "/1/checklists/<ref>/checkItems/<item_ref>")
def get_check_item(call, ref, item_ref):
    item = _checklist_item(call, call.checklist(ref), item_ref)
    return call.ctx.check_item(item, parse_fields(call.params.get("fields")))


@route("PUT", "/1/checklists/<ref>/checkItems/<item_ref>")
def update_check_item(call, ref, item_ref):
    checklist = call.checklist(ref)
    item = _checklist_item(call, checklist, item_ref)
    call.store.update_check_item(
        call.member_id, checklist, item, _item_changes(call, checklist)
    )
    return call.ctx.check_item(item)


@route("DELETE", "/1/checklists/<ref>/checkItems/<item_ref>")
def delete_check_item(call, ref, item_ref):
    checklist = call.checklist(ref)
    item = _checklist_item(call, checklist, item_ref)
    call.store.delete_check_item(call.member_id, checklist, item)
    return {"_value": None}


# ----------------------------------------------------------------------
# actions
@route("GET", "/1/actions/<ref>")
def get_action(call, ref):
    action = call.action(ref)
    return call.ctx.action(action, parse_fields(call.params.get("fields")))


@route("PUT", "/1/actions/<ref>")
def update_action(call, ref):
    return _edit_comment(call, call.action(ref), "text")


@route("PUT", "/1/actions/<ref>/text")
def update_action_text(call, ref):
    return _edit_comment(call, call.action(ref), "value")


@route("DELETE", "/1/actions/<ref>")
def delete_action(call, ref):
    action = _own_comment(call, call.action(ref))
    call.store.delete_comment(call.member_id, action)
    return {"_value": None}


# ----------------------------------------------------------------------
# batch
@route("GET", "/1/batch")
def batch(call):
    """Up to 10 GET routes (without ``/1``), answered as ``[{status: body}]``."""
    raw = call.params.get("urls")
    if raw is None or raw == "":
        raise invalid_value("urls")
    if isinstance(raw, list):
        urls = [str(u) for u in raw]
    else:
        urls = re.split(r",(?=/)", str(raw))
    urls = [u.strip() for u in urls if u.strip()]
    if not urls or len(urls) > 10:
        raise invalid_value("urls")
    out = []
    for url in urls:
        status, body = call.app.dispatch_internal(call, url)
        out.append({str(status): body})
    return out


# ----------------------------------------------------------------------
# webhooks
def _webhook_create(call, token):
    """Validate, HEAD-check the callback (without the store lock), create."""
    store = call.store
    if token != call.token:
        raise unauthorized()
    url = call.text("callbackURL")
    if not url or not re.match(r"^https?://", url):
        raise invalid_value("callbackURL")
    model_id = call.id_param("idModel")
    description = call.text("description", "")
    active = call.flag("active", default=True)
    dispatcher = call.app.webhooks
    with store.lock:
        _webhook_model(call, model_id)
        _webhook_duplicate(call, model_id, url)
    if not dispatcher.allow_remote:
        from .webhooks import is_loopback_url

        if not is_loopback_url(url):
            raise invalid_value("callbackURL")
    status = dispatcher.head_check(url)
    if status != 200:
        got = status if status is not None else "no response"
        raise ApiError(
            400,
            "",
            json_body={
                "message": f"URL ({url}) did not return 200 status code, got {got}",
                "error": "ERROR",
            },
        )
    with store.lock:
        _webhook_model(call, model_id)
        _webhook_duplicate(call, model_id, url)
        hook = store.create_webhook(call.token, model_id, url, description, active)
        return call.ctx.webhook(hook)


def _webhook_model(call, model_id):
    kind, model = call.store.model_for_id(model_id)
    if model is None:
        raise invalid_value("idModel")
    if kind == "member":
        if model["id"] != call.member_id:
            raise unauthorized()
    else:
        call._check_board_access(model["idBoard"] if kind != "board" else model["id"])


def _webhook_duplicate(call, model_id, url):
    for hook in call.store.webhooks.values():
        if (hook["_token"], hook["idModel"], hook["callbackURL"]) == (
            call.token,
            model_id,
            url,
        ):
            raise ApiError(
                400, "A webhook with that callback, model, and token already exists"
            )


@route("POST", "/1/webhooks", no_lock=True)
def create_webhook(call):
    return _webhook_create(call, call.token)


@route("POST", "/1/tokens/<token>/webhooks", no_lock=True)
def create_token_webhook(call, token):
    return _webhook_create(call, token)


@route("GET", "/1/tokens/<token>/webhooks")
def get_token_webhooks(call, token):
    if token != call.token:
        raise unauthorized()
    return [
        call.ctx.webhook(h)
        for h in call.store.webhooks.values()
        if h["_token"] == token
    ]


@route("GET", "/1/tokens/<token>")
def get_token(call, token):
    if token != call.token:
        raise unauthorized()
    return {
        "id": call.store.members[call.member_id]["id"][:8] + "0" * 16,
        "identifier": "trello-emulator",
        "idMember": call.member_id,
        "dateCreated": iso(call.store.peek_now()),
        "dateExpires": None,
        "permissions": [
            {"idModel": "*", "modelType": "Board", "read": True, "write": True},
            {"idModel": "*", "modelType": "Organization", "read": True, "write": True},
        ],
    }


@route("GET", "/1/tokens/<token>/member")
def get_token_member(call, token):
    if token != call.token:
        raise unauthorized()
    return call.ctx.member(
        call.store.members[call.member_id], parse_fields(call.params.get("fields"))
    )


def _webhook(call, ref):
    if not ID_RE.match(ref):
        raise invalid_id()
    hook = call.store.webhooks.get(ref.lower())
    if hook is None:
        raise not_found()
    if hook["_token"] != call.token:
        raise unauthorized()
    return hook


@route("GET", "/1/webhooks/<ref>")
def get_webhook(call, ref):
    return call.ctx.webhook(_webhook(call, ref))


@route("PUT", "/1/webhooks/<ref>")
def update_webhook(call, ref):
    hook = _webhook(call, ref)
    changes = {}
    if call.has("description"):
        changes["description"] = call.text("description") or ""
    if call.has("active"):
        changes["active"] = call.flag("active")
    if call.has("callbackURL"):
        url = call.text("callbackURL")
        if not url or not re.match(r"^https?://", url):
            raise invalid_value("callbackURL")
        changes["callbackURL"] = url
    if call.has("idModel"):
        model_id = call.text("idModel") or ""
        if not ID_RE.match(model_id):
            raise invalid_value("idModel")
        _webhook_model(call, model_id.lower())
        changes["idModel"] = model_id.lower()
    hook.update(changes)
    return call.ctx.webhook(hook)


@route("DELETE", "/1/webhooks/<ref>")
def delete_webhook(call, ref):
    hook = _webhook(call, ref)
    del call.store.webhooks[hook["id"]]
    return {"_value": None}

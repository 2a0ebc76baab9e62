"""Shared request helpers of the ``/1/`` routes.

Each handler receives a :class:`Call` (parsed parameters, the authenticated
member, a rendering context) plus the path arguments, and returns JSON-able
data.  Validation happens before any mutation so a 400 never leaves a half
applied change behind.  Parameter errors use Trello's wording
(``invalid value for X``, ``invalid id``) from :mod:`..errors`.
"""

import operator

from ..errors import invalid_id, invalid_value, model_not_found, not_found, unauthorized
from ..render import (
    MEMBER_NESTED_FIELDS,
    parse_fields,
)
from ..store import ALL_COLORS, ID_RE, SHORTLINK_RE, id_seconds, iso, parse_date

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
        from ..render import Context

        self.ctx = Context(self.store, member_id, self.store.token_scopes.get(token))

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
            raise model_not_found()
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


def put_field(call, obj, field, writable, put):
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
            item["customFieldItems"] = [
                dict(i) for i in store.card_custom_field_items(card)
            ]
        out.append(item)
    return out


def paged_cards(call, cards):
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


def label_color(call, name="color", required=False):
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


def check_members(call, board, ids, name):
    for mid in ids:
        if mid not in call.store.members or not call.store.is_board_member(board, mid):
            raise invalid_value(name)


def check_labels(call, board_id, ids, name):
    for lid in ids:
        label = call.store.labels.get(lid)
        if label is None or label["idBoard"] != board_id:
            raise invalid_value(name)


def with_limits(out):
    """A create answer: Trello adds ``limits`` (empty while none is near)."""
    out["limits"] = {}
    return out


def updated_check_item(call, item):
    """What ``PUT …/checkItem…`` answers: the item plus two keys Trello adds."""
    out = call.ctx.check_item(item)
    out["type"] = None
    out["creationMethod"] = None
    return out

"""In-memory Trello data: objects, ids, clock and the action log.

Every mutation goes through a method of :class:`Store` so that it records the
matching Trello action (``createCard``, ``updateCard`` with ``data.old`` …):
a sync driven by ``/boards/{id}/actions`` then sees exactly what changed,
whether the change came from HTTP or from a seed.

Objects are plain dicts shaped like Trello's JSON; keys starting with ``_``
are internal and never rendered.  Dicts keep insertion order, which is also
id order because ids are monotonic, so "newest first" is ``reversed()``.
"""

import base64
import contextlib
import copy
import random
import re
import threading
import urllib.parse
from datetime import datetime, timedelta, timezone

from .errors import ApiError

START = datetime(2025, 1, 6, 9, 0, 0, tzinfo=timezone.utc)
MACHINE = "5e7a1c"
POS_STEP = 16384.0
ID_RE = re.compile(r"^[0-9a-fA-F]{24}$")
SHORTLINK_RE = re.compile(r"^[0-9A-Za-z]{8}$")
TRELLO_WEB = "https://trello.com"
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
LABEL_COLORS = "green yellow orange red purple blue sky lime pink black".split()
ALL_COLORS = frozenset(
    LABEL_COLORS
    + [c + "_dark" for c in LABEL_COLORS]
    + [c + "_light" for c in LABEL_COLORS]
)


def iso(dt):
    """Trello's date format: UTC, milliseconds, ``Z``."""
    if dt is None:
        return None
    dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def iso_seconds(seconds):
    """``iso`` of a Unix time in seconds."""
    return iso(datetime.fromtimestamp(seconds, timezone.utc))


def parse_date(value):
    """Parse an ISO date (``Z`` or offset, or a bare date) to aware UTC."""
    text = str(value).strip()
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def id_seconds(object_id):
    """Creation time (Unix seconds) embedded in the first 8 hex digits."""
    return int(object_id[:8], 16)


def slugify(name):
    """The slug Trello appends to card and board urls."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:128] or ""


def pos_number(value):
    """Render a stored float pos the way JavaScript would (16384, not 16384.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


class Store:
    """All emulated Trello data plus the deterministic clock and id source.

    ``lock`` is re-entrant and guards every read and write; the HTTP layer
    holds it for the duration of a handler.
    """

    def __init__(self, deterministic=True, base_url="", clock_step=1.0):
        self.lock = threading.RLock()
        self.deterministic = deterministic
        self.base_url = base_url
        # Render board and card ``url``/``shortUrl`` on this server instead of
        # trello.com (see :meth:`web_url`); off by default so recorded
        # answers stay byte-identical.
        self.self_urls = False
        self.clock_step = clock_step
        # Called with each new action (after it is stored); the webhook
        # dispatcher hooks in here.
        self.action_listeners = []
        self.clear()

    # ------------------------------------------------------------------
    # ids, clock
    def clear(self, rng_seed="empty"):
        """Drop every object and restart the clock, ids and shortLink RNG."""
        with self.lock:
            self.members = {}
            self.tokens = {}
            # token -> its scopes; a token not listed has them all (read,
            # write, account), as the seeded ones.
            self.token_scopes = {}
            self.boards = {}
            self.lists = {}
            self.cards = {}
            self.labels = {}
            self.checklists = {}
            self.check_items = {}
            self.actions = {}
            self.attachments = {}
            self.webhooks = {}
            self.short_links = {}
            self._counter = 0
            self._now = START
            self._instant_depth = 0
            self._instant_calls = 0
            self._last_real = None
            self.rng = (
                random.Random(f"trello-emulator:{rng_seed}")
                if self.deterministic
                else random.Random()
            )

    def now(self):
        """Current time; in deterministic mode each call advances one step.

        Called once per mutation, so every created object or action gets its
        own instant and the same request sequence replays byte for byte.
        Inside :meth:`one_second` the calls after the first stay in the same
        second, 1 ms apart.
        """
        if self.deterministic:
            if self._instant_depth:
                self._instant_calls += 1
                if self._instant_calls > 1:
                    step = min(self._instant_calls - 1, 999)
                    return self._now + timedelta(milliseconds=step)
            self._now = self._now + timedelta(seconds=self.clock_step)
            return self._now
        real = datetime.now(timezone.utc)
        if self._last_real is not None and real < self._last_real:
            real = self._last_real
        self._last_real = real
        return real

    @contextlib.contextmanager
    def one_second(self):
        """Let the mutations of one bulk operation share one second.

        Trello records ``moveAllCards`` or ``archiveAllCards`` as one action
        per card, all in the same second.  Ids stay strictly increasing (their
        counter part orders them), so ``since``/``before`` with an action id
        neither lose nor repeat such actions; dates differ by milliseconds.
        """
        with self.lock:
            if not self._instant_depth:
                self._instant_calls = 0
            self._instant_depth += 1
            try:
                yield
            finally:
                self._instant_depth -= 1

    def peek_now(self):
        """Current time without advancing the deterministic clock."""
        if self.deterministic:
            return self._now
        return datetime.now(timezone.utc)

    def new_id(self, when):
        """24 hex: creation seconds + fixed machine part + a counter."""
        self._counter += 1
        return f"{int(when.timestamp()):08x}{MACHINE}{self._counter:010x}"

    def new_short_link(self, kind, object_id):
        while True:
            link = "".join(self.rng.choice(BASE62) for _ in range(8))
            if link not in self.short_links:
                self.short_links[link] = (kind, object_id)
                return link

    # ------------------------------------------------------------------
    # lookups
    def board_of(self, obj):
        return self.boards.get(obj.get("idBoard"))

    def is_board_member(self, board, member_id):
        return any(m["idMember"] == member_id for m in board["memberships"])

    def card_by_ref(self, ref):
        """A card by 24-hex id or by shortLink (both are accepted by Trello)."""
        if ref in self.cards:
            return self.cards[ref]
        kind, oid = self.short_links.get(ref, (None, None))
        return self.cards.get(oid) if kind == "card" else None

    def board_by_ref(self, ref):
        if ref in self.boards:
            return self.boards[ref]
        kind, oid = self.short_links.get(ref, (None, None))
        return self.boards.get(oid) if kind == "board" else None

    def member_by_ref(self, ref):
        if ref in self.members:
            return self.members[ref]
        for member in self.members.values():
            if member["username"] == ref:
                return member
        return None

    def web_url(self, url):
        """``url`` as rendered: on this server when :attr:`self_urls` is on.

        The stored urls always name trello.com, so a state file does not
        depend on the port; ``https://trello.com/b/…`` becomes
        ``{base_url}/b/…``, which the HTML pages serve.
        """
        if self.self_urls and self.base_url and url and url.startswith(TRELLO_WEB):
            return self.base_url + url[len(TRELLO_WEB) :]
        return url

    def board_cards(self, board_id):
        return [c for c in self.cards.values() if c["idBoard"] == board_id]

    def list_cards(self, list_id):
        return [c for c in self.cards.values() if c["idList"] == list_id]

    def board_lists(self, board_id):
        lists = [lst for lst in self.lists.values() if lst["idBoard"] == board_id]
        return sorted(lists, key=lambda lst: (lst["pos"], lst["id"]))

    def board_labels(self, board_id):
        return [lb for lb in self.labels.values() if lb["idBoard"] == board_id]

    def card_checklists(self, card):
        lists = [self.checklists[i] for i in card["idChecklists"]]
        return sorted(lists, key=lambda cl: (cl["pos"], cl["id"]))

    def sorted_cards(self, cards):
        """Board order: by list position, then card position."""

        def key(card):
            lst = self.lists.get(card["idList"])
            return (lst["pos"] if lst else 0, card["idList"], card["pos"], card["id"])

        return sorted(cards, key=key)

    # ------------------------------------------------------------------
    # positions
    @staticmethod
    def resolve_pos(pos, siblings, default="bottom"):
        """Trello pos: ``top`` = min/2, ``bottom`` = max+16384, else a float."""
        if pos is None:
            pos = default
        positions = [s["pos"] for s in siblings]
        if pos == "bottom":
            return (max(positions) + POS_STEP) if positions else POS_STEP
        if pos == "top":
            return (min(positions) / 2) if positions else POS_STEP
        return float(pos)

    # ------------------------------------------------------------------
    # actions
    def _member_brief(self, member_id):
        m = self.members.get(member_id)
        if m is None:
            return None
        return {
            "id": m["id"],
            "activityBlocked": False,
            "avatarHash": m["avatarHash"],
            "avatarUrl": m["avatarUrl"],
            "fullName": m["fullName"],
            "idMemberReferrer": None,
            "initials": m["initials"],
            "nonPublic": {},
            "nonPublicAvailable": True,
            "username": m["username"],
        }

    @staticmethod
    def board_ref(board):
        return {
            "id": board["id"],
            "name": board["name"],
            "shortLink": board["shortLink"],
        }

    @staticmethod
    def list_ref(lst):
        return {"id": lst["id"], "name": lst["name"]}

    @staticmethod
    def card_ref(card):
        return {
            "id": card["id"],
            "name": card["name"],
            "idShort": card["idShort"],
            "shortLink": card["shortLink"],
        }

    def card_context(self, card):
        """The ``card``/``board``/``list`` part of a card action's data."""
        return {
            "card": self.card_ref(card),
            "board": self.board_ref(self.boards[card["idBoard"]]),
            "list": self.list_ref(self.lists[card["idList"]]),
        }

    def record(self, kind, member_id, data, board_id, when, models=()):
        """Store an action and tell the listeners (webhooks) about it."""
        action = {
            "id": self.new_id(when),
            "idMemberCreator": member_id,
            "data": data,
            "appCreator": None,
            "type": kind,
            "date": iso(when),
            "limits": {},
            "_idBoard": board_id,
            "_models": [m for m in (board_id, *models) if m],
        }
        self.actions[action["id"]] = action
        if board_id and board_id in self.boards:
            self.boards[board_id]["dateLastActivity"] = iso(when)
        for listener in self.action_listeners:
            listener(action)
        return action

    def touch_card(self, card, when):
        card["dateLastActivity"] = iso(when)

    def _card_action(self, kind, member_id, card, when, extra, models=()):
        """Touch ``card`` and record a ``kind`` action about it.

        Every card-level action (labels, members, checklists, check items,
        attachments) has the same data shape: the card/board/list context
        first, then the action's own keys in the order given by ``extra``;
        its models are the card followed by ``models``.
        """
        self.touch_card(card, when)
        data = {**self.card_context(card), **extra}
        return self.record(
            kind, member_id, data, card["idBoard"], when, models=(card["id"], *models)
        )

    def _label_data(self, label_id):
        """The ``label``/``text`` part of addLabelToCard/removeLabelFromCard."""
        label = self.labels[label_id]
        return {
            "label": {"id": label_id, "name": label["name"], "color": label["color"]},
            "text": label["name"],
            "value": label["color"],
        }

    def _member_data(self, member_id):
        """The ``idMember``/``member`` part of add/removeMemberToCard."""
        name = self.members[member_id]["fullName"]
        return {"idMember": member_id, "member": {"id": member_id, "name": name}}

    def _checklist_action(self, kind, member_id, checklist, when, extra=None):
        """A :meth:`_card_action` on the checklist's card, about the checklist.

        Checklist and check-item actions carry ``checklist`` (id, name) before
        their own keys and list the checklist among their models.
        """
        card = self.cards[checklist["idCard"]]
        data = {"checklist": self.checklist_ref(checklist), **(extra or {})}
        self._card_action(kind, member_id, card, when, data, (checklist["id"],))

    @staticmethod
    def checklist_ref(checklist):
        return {"id": checklist["id"], "name": checklist["name"]}

    @staticmethod
    def check_item_ref(item):
        return {"id": item["id"], "name": item["name"], "state": item["state"]}

    # ------------------------------------------------------------------
    # members and boards
    def add_member(self, username, full_name, email=None, token=None, scopes=None):
        """A member, with its own ``token`` if given (``scopes``: all of them).

        ``scopes`` is a subset of ``read``, ``write`` and ``account``; Trello
        shows a member their own e-mail only through a token with
        ``account``.
        """
        when = self.now()
        initials = "".join(part[0] for part in full_name.split()[:2]).upper()
        member = {
            "id": self.new_id(when),
            "username": username,
            "fullName": full_name,
            "initials": initials,
            "avatarHash": None,
            "avatarUrl": None,
            "bio": "",
            "confirmed": True,
            "memberType": "normal",
            "url": f"https://trello.com/{username}",
            "idOrganizations": [],
            "email": email,
            "status": "disconnected",
        }
        self.members[member["id"]] = member
        if token:
            self.tokens[token] = member["id"]
            if scopes is not None:
                self.token_scopes[token] = list(scopes)
        return member

    def create_board(
        self,
        member_id,
        name,
        desc="",
        default_lists=True,
        default_labels=True,
        permission_level="private",
    ):
        when = self.now()
        board_id = self.new_id(when)
        short = self.new_short_link("board", board_id)
        board = {
            "id": board_id,
            "name": name,
            "desc": desc,
            "descData": None,
            "closed": False,
            "dateClosed": None,
            "idOrganization": None,
            "idEnterprise": None,
            "idMemberCreator": member_id,
            "pinned": False,
            "starred": False,
            "url": f"https://trello.com/b/{short}/{slugify(name)}",
            "shortUrl": f"https://trello.com/b/{short}",
            "shortLink": short,
            "prefs": {
                "permissionLevel": permission_level,
                "voting": "disabled",
                "comments": "members",
                "invitations": "members",
                "selfJoin": True,
                "cardCovers": True,
                "background": "blue",
                "backgroundColor": "#0079BF",
                "cardAging": "regular",
                "calendarFeedEnabled": False,
            },
            "memberships": [],
            "dateLastActivity": iso(when),
            "dateLastView": None,
            "subscribed": False,
            "_cardCounter": 0,
        }
        self.boards[board_id] = board
        self._add_membership(board, member_id, "admin")
        self.record(
            "createBoard", member_id, {"board": self.board_ref(board)}, board_id, when
        )
        if default_labels:
            for color in ("green", "yellow", "orange", "red", "purple", "blue"):
                self.create_label(member_id, board_id, "", color)
        if default_lists:
            for list_name in ("To Do", "Doing", "Done"):
                self.create_list(member_id, board_id, list_name)
        return board

    def _add_membership(self, board, member_id, member_type):
        when = self.peek_now()
        board["memberships"].append(
            {
                "id": self.new_id(when),
                "idMember": member_id,
                "memberType": member_type,
                "unconfirmed": False,
                "deactivated": False,
            }
        )

    def add_board_member(self, actor_id, board_id, member_id, member_type="normal"):
        board = self.boards[board_id]
        if self.is_board_member(board, member_id):
            return board
        when = self.now()
        self._add_membership(board, member_id, member_type)
        member = self.members[member_id]
        self.record(
            "addMemberToBoard",
            actor_id,
            {
                "board": self.board_ref(board),
                "idMemberAdded": member_id,
                "memberType": member_type,
                "member": {"id": member_id, "name": member["fullName"]},
            },
            board_id,
            when,
            models=(member_id,),
        )
        return board

    def update_board(self, member_id, board, changes):
        changed = {k: v for k, v in changes.items() if board.get(k) != v}
        if not changed:
            return board
        when = self.now()
        old = {k: board[k] for k in changed}
        board.update(changed)
        if "name" in changed:
            board["url"] = f"https://trello.com/b/{board['shortLink']}/" + slugify(
                board["name"]
            )
        data = {"board": {**self.board_ref(board), **changed}, "old": old}
        self.record("updateBoard", member_id, data, board["id"], when)
        return board

    def delete_board(self, member_id, board):
        """Permanent delete: the board and everything on it disappear."""
        bid = board["id"]
        for card in self.board_cards(bid):
            self._drop_card(card)
        for lst in [x for x in self.lists.values() if x["idBoard"] == bid]:
            del self.lists[lst["id"]]
        for label in self.board_labels(bid):
            del self.labels[label["id"]]
        for action in [a for a in self.actions.values() if a["_idBoard"] == bid]:
            del self.actions[action["id"]]
        del self.boards[bid]
        self.short_links.pop(board["shortLink"], None)

    # ------------------------------------------------------------------
    # lists
    def create_list(self, member_id, board_id, name, pos=None, closed=False):
        when = self.now()
        board = self.boards[board_id]
        siblings = [x for x in self.lists.values() if x["idBoard"] == board_id]
        lst = {
            "id": self.new_id(when),
            "name": name,
            "closed": closed,
            "color": None,
            "idBoard": board_id,
            "pos": self.resolve_pos(pos, siblings),
            "subscribed": False,
            "softLimit": None,
            "type": None,
            "datasource": {"filter": False},
        }
        self.lists[lst["id"]] = lst
        self.record(
            "createList",
            member_id,
            {"board": self.board_ref(board), "list": self.list_ref(lst)},
            board_id,
            when,
            models=(lst["id"],),
        )
        return lst

    def update_list(self, member_id, lst, changes):
        """Rename, archive, reposition or move a list (with its cards)."""
        changed = {k: v for k, v in changes.items() if lst.get(k) != v}
        if not changed:
            return lst
        when = self.now()
        old_board = self.boards[lst["idBoard"]]
        old = {k: lst[k] for k in changed}
        lst.update(changed)
        if "idBoard" in changed:
            new_board = self.boards[lst["idBoard"]]
            for card in self.list_cards(lst["id"]):
                self._move_card_board(card, new_board)
            ref = self.list_ref(lst)
            actor = {"id": member_id, "name": self.members[member_id]["fullName"]}
            self.record(
                "moveListFromBoard",
                member_id,
                {
                    "board": self.board_ref(old_board),
                    "list": ref,
                    "boardTarget": {"id": new_board["id"]},
                    "member": actor,
                },
                old_board["id"],
                when,
                models=(lst["id"],),
            )
            self.record(
                "moveListToBoard",
                member_id,
                {
                    "board": self.board_ref(new_board),
                    "list": ref,
                    "boardSource": {"id": old_board["id"]},
                    "member": actor,
                },
                new_board["id"],
                when,
                models=(lst["id"],),
            )
            changed.pop("idBoard")
            old.pop("idBoard")
            if not changed:
                return lst
        data = {
            "list": {**self.list_ref(lst), **changed},
            "old": old,
            "board": self.board_ref(self.boards[lst["idBoard"]]),
        }
        self.record(
            "updateList", member_id, data, lst["idBoard"], when, models=(lst["id"],)
        )
        return lst

    # ------------------------------------------------------------------
    # labels
    def create_label(self, member_id, board_id, name, color):
        when = self.now()
        label = {
            "id": self.new_id(when),
            "idBoard": board_id,
            "name": name,
            "color": color,
        }
        self.labels[label["id"]] = label
        self.record(
            "createLabel",
            member_id,
            {
                "board": self.board_ref(self.boards[board_id]),
                "label": {"id": label["id"], "name": name, "color": color},
            },
            board_id,
            when,
            models=(label["id"],),
        )
        return label

    def update_label(self, member_id, label, changes):
        changed = {k: v for k, v in changes.items() if label.get(k) != v}
        if not changed:
            return label
        when = self.now()
        old = {k: label[k] for k in changed}
        label.update(changed)
        self.record(
            "updateLabel",
            member_id,
            {
                "board": self.board_ref(self.boards[label["idBoard"]]),
                "label": {
                    "id": label["id"],
                    "name": label["name"],
                    "color": label["color"],
                },
                "old": old,
            },
            label["idBoard"],
            when,
            models=(label["id"],),
        )
        return label

    def delete_label(self, member_id, label):
        when = self.now()
        for card in self.board_cards(label["idBoard"]):
            if label["id"] in card["idLabels"]:
                card["idLabels"].remove(label["id"])
                self.touch_card(card, when)
        del self.labels[label["id"]]
        self.record(
            "deleteLabel",
            member_id,
            {
                "board": self.board_ref(self.boards[label["idBoard"]]),
                "label": {"id": label["id"]},
            },
            label["idBoard"],
            when,
            models=(label["id"],),
        )

    # ------------------------------------------------------------------
    # cards
    def create_card(
        self,
        member_id,
        list_id,
        name="",
        desc="",
        pos=None,
        due=None,
        start=None,
        due_complete=False,
        id_members=(),
        id_labels=(),
        closed=False,
    ):
        when = self.now()
        lst = self.lists[list_id]
        board = self.boards[lst["idBoard"]]
        board["_cardCounter"] += 1
        card_id = self.new_id(when)
        short = self.new_short_link("card", card_id)
        if pos is None or isinstance(pos, str):
            pos = self.resolve_pos(pos, self.list_cards(list_id))
        id_short = board["_cardCounter"]
        card = {
            "id": card_id,
            "badges": None,
            "checkItemStates": [],
            "closed": closed,
            "dueComplete": due_complete,
            "dateLastActivity": iso(when),
            "desc": desc,
            "descData": {"emoji": {}},
            "due": iso(due),
            "dueReminder": None,
            "email": None,
            "idBoard": board["id"],
            "idChecklists": [],
            "idList": list_id,
            "idMembers": list(id_members),
            "idMembersVoted": [],
            "idShort": id_short,
            "idAttachmentCover": None,
            "labels": None,
            "idLabels": list(id_labels),
            "manualCoverAttachment": False,
            "name": name,
            "pos": float(pos),
            "shortLink": short,
            "shortUrl": f"https://trello.com/c/{short}",
            "start": iso(start),
            "subscribed": False,
            "url": f"https://trello.com/c/{short}/{id_short}-{slugify(name)}",
            "cover": {
                "idAttachment": None,
                "color": None,
                "idUploadedBackground": None,
                "size": "normal",
                "brightness": "dark",
                "idPlugin": None,
            },
            "isTemplate": False,
            "cardRole": None,
            "_idAttachments": [],
            "_comments": 0,
        }
        self.cards[card_id] = card
        self.record(
            "createCard",
            member_id,
            self.card_context(card),
            board["id"],
            when,
            models=(card_id, list_id),
        )
        return card

    def _move_card_board(self, card, new_board):
        """Re-home a card on another board: new idShort, drop foreign labels."""
        new_board["_cardCounter"] += 1
        card["idBoard"] = new_board["id"]
        card["idShort"] = new_board["_cardCounter"]
        card["url"] = (
            f"https://trello.com/c/{card['shortLink']}/{card['idShort']}-"
            + slugify(card["name"])
        )
        card["idLabels"] = [
            i for i in card["idLabels"] if self.labels[i]["idBoard"] == new_board["id"]
        ]
        card["idMembers"] = [
            i for i in card["idMembers"] if self.is_board_member(new_board, i)
        ]
        for cl_id in card["idChecklists"]:
            self.checklists[cl_id]["idBoard"] = new_board["id"]

    def update_card(self, member_id, card, changes):
        """Apply field changes and record the actions Trello would record.

        Labels and members become add/remove actions, a board change becomes
        moveCardFromBoard/moveCardToBoard, and every other changed field goes
        into one ``updateCard`` action whose ``data.old`` holds the previous
        values (plus ``listBefore``/``listAfter`` on a list move).
        """
        changes = dict(changes)
        labels = changes.pop("idLabels", None)
        members = changes.pop("idMembers", None)
        for key in ("due", "start"):
            if key in changes:
                changes[key] = iso(changes[key])
        if "pos" in changes:
            changes["pos"] = float(changes["pos"])
        changed = {k: v for k, v in changes.items() if card.get(k) != v}
        when = None
        if "idBoard" in changed:
            when = self.now()
            old_board = self.boards[card["idBoard"]]
            new_board = self.boards[changed["idBoard"]]
            self._move_card_board(card, new_board)
            card["idList"] = changed.get("idList", card["idList"])
            ref = self.card_ref(card)
            self.record(
                "moveCardFromBoard",
                member_id,
                {
                    "board": self.board_ref(old_board),
                    "card": ref,
                    "boardTarget": {"id": new_board["id"]},
                },
                old_board["id"],
                when,
                models=(card["id"],),
            )
            self.record(
                "moveCardToBoard",
                member_id,
                {
                    "board": self.board_ref(new_board),
                    "card": ref,
                    "list": self.list_ref(self.lists[card["idList"]]),
                    "boardSource": {"id": old_board["id"]},
                },
                new_board["id"],
                when,
                models=(card["id"], card["idList"]),
            )
            self.touch_card(card, when)
            changed.pop("idBoard")
            changed.pop("idList", None)
        if changed:
            when = self.now()
            old = {k: card[k] for k in changed}
            list_before = self.lists[card["idList"]]
            if "name" in changed:
                card["url"] = (
                    f"https://trello.com/c/{card['shortLink']}/{card['idShort']}-"
                    + slugify(changed["name"])
                )
            card.update(changed)
            self.touch_card(card, when)
            data = {
                "card": {**self.card_ref(card), **changed},
                "old": old,
                "board": self.board_ref(self.boards[card["idBoard"]]),
            }
            models = [card["id"], card["idList"]]
            if "idList" in changed:
                data["listBefore"] = self.list_ref(list_before)
                data["listAfter"] = self.list_ref(self.lists[card["idList"]])
                models.append(list_before["id"])
            else:
                data["list"] = self.list_ref(self.lists[card["idList"]])
            self.record("updateCard", member_id, data, card["idBoard"], when, models)
        if labels is not None:
            for lid in [x for x in card["idLabels"] if x not in labels]:
                self.remove_card_label(member_id, card, lid)
            for lid in [x for x in labels if x not in card["idLabels"]]:
                self.add_card_label(member_id, card, lid)
        if members is not None:
            for mid in [x for x in card["idMembers"] if x not in members]:
                self.remove_card_member(member_id, card, mid)
            for mid in [x for x in members if x not in card["idMembers"]]:
                self.add_card_member(member_id, card, mid)
        return card

    def add_card_label(self, member_id, card, label_id):
        when = self.now()
        card["idLabels"].append(label_id)
        data = self._label_data(label_id)
        self._card_action("addLabelToCard", member_id, card, when, data, (label_id,))

    def remove_card_label(self, member_id, card, label_id):
        when = self.now()
        card["idLabels"].remove(label_id)
        data = self._label_data(label_id)
        self._card_action(
            "removeLabelFromCard", member_id, card, when, data, (label_id,)
        )

    def add_card_member(self, member_id, card, added_id):
        when = self.now()
        card["idMembers"].append(added_id)
        data = self._member_data(added_id)
        self._card_action("addMemberToCard", member_id, card, when, data, (added_id,))

    def remove_card_member(self, member_id, card, removed_id):
        when = self.now()
        card["idMembers"].remove(removed_id)
        data = {**self._member_data(removed_id), "deactivated": False}
        self._card_action(
            "removeMemberFromCard", member_id, card, when, data, (removed_id,)
        )

    def _drop_card(self, card):
        for cl_id in card["idChecklists"]:
            checklist = self.checklists.pop(cl_id, None)
            for item in (checklist or {}).get("checkItems", []):
                self.check_items.pop(item["id"], None)
        for att_id in card["_idAttachments"]:
            self.attachments.pop(att_id, None)
        self.short_links.pop(card["shortLink"], None)
        del self.cards[card["id"]]

    def delete_card(self, member_id, card):
        when = self.now()
        board = self.boards[card["idBoard"]]
        data = {
            "card": {
                "id": card["id"],
                "idShort": card["idShort"],
                "shortLink": card["shortLink"],
            },
            "board": self.board_ref(board),
            "list": self.list_ref(self.lists[card["idList"]]),
        }
        self._drop_card(card)
        self.record(
            "deleteCard",
            member_id,
            data,
            board["id"],
            when,
            models=(card["id"], card["idList"]),
        )

    # ------------------------------------------------------------------
    # comments
    def add_comment(self, member_id, card, text):
        when = self.now()
        data = {"text": text, "textData": {"emoji": {}}, **self.card_context(card)}
        card["_comments"] += 1
        self.touch_card(card, when)
        return self.record(
            "commentCard",
            member_id,
            data,
            card["idBoard"],
            when,
            models=(card["id"], card["idList"]),
        )

    def update_comment(self, member_id, action, text):
        when = self.now()
        old_text = action["data"]["text"]
        action["data"]["text"] = text
        action["data"]["dateLastEdited"] = iso(when)
        card = self.cards.get(action["data"]["card"]["id"])
        data = {
            "action": {"id": action["id"], "text": text},
            "old": {"text": old_text},
            "card": action["data"]["card"],
            "board": action["data"]["board"],
        }
        if card:
            self.touch_card(card, when)
        self.record(
            "updateComment",
            member_id,
            data,
            action["_idBoard"],
            when,
            models=action["_models"][1:],
        )
        return action

    def delete_comment(self, member_id, action):
        when = self.now()
        card = self.cards.get(action["data"]["card"]["id"])
        if card:
            card["_comments"] -= 1
            self.touch_card(card, when)
        del self.actions[action["id"]]
        data = {
            "action": {"id": action["id"]},
            "card": action["data"]["card"],
            "board": action["data"]["board"],
        }
        self.record(
            "deleteComment",
            member_id,
            data,
            action["_idBoard"],
            when,
            models=action["_models"][1:],
        )

    # ------------------------------------------------------------------
    # checklists
    def create_checklist(self, member_id, card, name, pos=None):
        when = self.now()
        checklist = {
            "id": self.new_id(when),
            "name": name,
            "idBoard": card["idBoard"],
            "idCard": card["id"],
            "pos": self.resolve_pos(pos, self.card_checklists(card)),
            "checkItems": [],
        }
        self.checklists[checklist["id"]] = checklist
        card["idChecklists"].append(checklist["id"])
        self._checklist_action("addChecklistToCard", member_id, checklist, when)
        return checklist

    def update_checklist(self, member_id, checklist, changes):
        changed = {k: v for k, v in changes.items() if checklist.get(k) != v}
        if not changed:
            return checklist
        when = self.now()
        old = {k: checklist[k] for k in changed}
        checklist.update(changed)
        self._checklist_action(
            "updateChecklist", member_id, checklist, when, {"old": old}
        )
        return checklist

    def delete_checklist(self, member_id, checklist):
        when = self.now()
        card = self.cards[checklist["idCard"]]
        card["idChecklists"].remove(checklist["id"])
        for item in checklist["checkItems"]:
            self.check_items.pop(item["id"], None)
        del self.checklists[checklist["id"]]
        self._checklist_action("removeChecklistFromCard", member_id, checklist, when)

    def create_check_item(
        self,
        member_id,
        checklist,
        name,
        pos=None,
        checked=False,
        due=None,
        id_member=None,
    ):
        when = self.now()
        item = {
            "id": self.new_id(when),
            "idChecklist": checklist["id"],
            "name": name,
            "nameData": {"emoji": {}},
            "state": "complete" if checked else "incomplete",
            "pos": self.resolve_pos(pos, checklist["checkItems"]),
            "due": iso(due),
            "dueReminder": None,
            "idMember": id_member,
        }
        checklist["checkItems"].append(item)
        checklist["checkItems"].sort(key=lambda i: (i["pos"], i["id"]))
        self.check_items[item["id"]] = checklist["id"]
        extra = {"checkItem": self.check_item_ref(item)}
        self._checklist_action("createCheckItem", member_id, checklist, when, extra)
        return item

    def find_check_item(self, item_id):
        cl_id = self.check_items.get(item_id)
        if cl_id is None:
            return None, None
        checklist = self.checklists[cl_id]
        for item in checklist["checkItems"]:
            if item["id"] == item_id:
                return checklist, item
        return None, None

    def update_check_item(self, member_id, checklist, item, changes):
        """State changes record updateCheckItemStateOnCard, others updateCheckItem.

        ``idChecklist`` moves the item to another checklist of the same card
        (the API refuses any other).
        """
        changes = dict(changes)
        if "due" in changes:
            changes["due"] = iso(changes["due"])
        if "pos" in changes:
            changes["pos"] = float(changes["pos"])
        changed = {k: v for k, v in changes.items() if item.get(k) != v}
        if not changed:
            return item
        target = changed.pop("idChecklist", None)
        when = self.now()
        if target:
            checklist["checkItems"].remove(item)
            checklist = self.checklists[target]
            checklist["checkItems"].append(item)
            item["idChecklist"] = target
            self.check_items[item["id"]] = target
        old = {k: item[k] for k in changed}
        item.update(changed)
        checklist["checkItems"].sort(key=lambda i: (i["pos"], i["id"]))
        extra = {"checkItem": self.check_item_ref(item)}
        kind = "updateCheckItem"
        if set(changed) == {"state"}:
            kind = "updateCheckItemStateOnCard"
            extra["checkItem"]["textData"] = {"emoji": {}}
        else:
            extra["old"] = old
        self._checklist_action(kind, member_id, checklist, when, extra)
        return item

    def delete_check_item(self, member_id, checklist, item):
        when = self.now()
        checklist["checkItems"].remove(item)
        self.check_items.pop(item["id"], None)
        extra = {"checkItem": self.check_item_ref(item)}
        self._checklist_action("deleteCheckItem", member_id, checklist, when, extra)

    # ------------------------------------------------------------------
    # attachments
    def download_url(self, card_id, att_id, file_name):
        """The file's url, its name percent-encoded (``#``, spaces, emoji)."""
        return (
            f"{self.base_url}/1/cards/{card_id}/attachments/{att_id}"
            f"/download/{urllib.parse.quote(file_name, safe='')}"
        )

    def add_attachment(
        self,
        member_id,
        card,
        name=None,
        url=None,
        content=None,
        mime_type=None,
        file_name=None,
    ):
        """One attachment per call: an upload (``content``) or a URL link."""
        when = self.now()
        att_id = self.new_id(when)
        is_upload = content is not None
        if is_upload:
            file_name = file_name or "upload"
            url = self.download_url(card["id"], att_id, file_name)
        attachment = {
            "id": att_id,
            "bytes": len(content) if is_upload else None,
            "date": iso(when),
            "edgeColor": None,
            "idMember": member_id,
            "isUpload": is_upload,
            "mimeType": (mime_type or "application/octet-stream")
            if is_upload
            else (mime_type or ""),
            "name": name or (file_name if is_upload else url),
            "previews": [],
            "url": url,
            "pos": self.resolve_pos(
                None, [self.attachments[a] for a in card["_idAttachments"]]
            ),
            "fileName": file_name if is_upload else None,
            "_idCard": card["id"],
            "_content": content,
        }
        self.attachments[att_id] = attachment
        card["_idAttachments"].append(att_id)
        data = {"attachment": {"id": att_id, "name": attachment["name"], "url": url}}
        if is_upload and attachment["mimeType"].startswith("image/"):
            # Trello makes previews of images and names them in the action.
            base, _, tail = url.rpartition("/download/")
            for key, size in (("previewUrl", "preview"), ("previewUrl2x", "preview2x")):
                data["attachment"][key] = f"{base}/previews/{size}/download/{tail}"
        self._card_action("addAttachmentToCard", member_id, card, when, data)
        return attachment

    def delete_attachment(self, member_id, card, attachment):
        when = self.now()
        card["_idAttachments"].remove(attachment["id"])
        del self.attachments[attachment["id"]]
        if card["idAttachmentCover"] == attachment["id"]:
            card["idAttachmentCover"] = None
        data = {"attachment": {"id": attachment["id"], "name": attachment["name"]}}
        self._card_action("deleteAttachmentFromCard", member_id, card, when, data)

    # ------------------------------------------------------------------
    # webhooks
    def create_webhook(
        self, token, id_model, callback_url, description="", active=True
    ):
        when = self.now()
        hook = {
            "id": self.new_id(when),
            "description": description,
            "idModel": id_model,
            "callbackURL": callback_url,
            "active": active,
            "consecutiveFailures": 0,
            "firstConsecutiveFailDate": None,
            "_token": token,
        }
        self.webhooks[hook["id"]] = hook
        return hook

    def model_for_id(self, object_id):
        """The object a webhook's idModel points to, with its kind."""
        for kind, table in (
            ("board", self.boards),
            ("list", self.lists),
            ("card", self.cards),
            ("member", self.members),
            ("label", self.labels),
            ("checklist", self.checklists),
        ):
            if object_id in table:
                return kind, table[object_id]
        return None, None

    # ------------------------------------------------------------------
    # persistence
    STATE_TABLES = (
        "members",
        "tokens",
        "token_scopes",
        "boards",
        "lists",
        "cards",
        "labels",
        "checklists",
        "check_items",
        "actions",
        "attachments",
        "webhooks",
        "short_links",
    )

    def dump(self):
        """Everything as JSON-able data (attachment bytes in base64)."""
        with self.lock:
            state = {
                name: copy.deepcopy(getattr(self, name)) for name in self.STATE_TABLES
            }
            for att in state["attachments"].values():
                if att["_content"] is not None:
                    att["_content"] = base64.b64encode(att["_content"]).decode()
            state["short_links"] = {k: list(v) for k, v in state["short_links"].items()}
            version, internal, gauss = self.rng.getstate()
            state["_meta"] = {
                "counter": self._counter,
                "now": iso(self._now),
                "rng": [version, list(internal), gauss],
            }
            return state

    def load(self, state):
        """Replace all data with a :meth:`dump` result."""
        with self.lock:
            for name in self.STATE_TABLES:
                setattr(self, name, copy.deepcopy(state.get(name, {})))
            for att in self.attachments.values():
                if att["_content"] is not None:
                    att["_content"] = base64.b64decode(att["_content"])
            self.short_links = {k: tuple(v) for k, v in self.short_links.items()}
            meta = state.get("_meta", {})
            self._counter = meta.get("counter", len(self.actions) + 1000)
            if meta.get("now"):
                self._now = parse_date(meta["now"])
            if meta.get("rng") and self.deterministic:
                version, internal, gauss = meta["rng"]
                self.rng.setstate((version, tuple(internal), gauss))


def check_id(value):
    """Raise Trello's 400 ``invalid id`` unless ``value`` is 24 hex digits."""
    if not isinstance(value, str) or not ID_RE.match(value):
        raise ApiError(400, "invalid id")
    return value.lower()

"""The store's core: tables, clock, ids, lookups, the action log, persistence.

Every mutation of the resource mixins (:mod:`.boards`, :mod:`.cards` …)
takes its instant from :meth:`StoreBase.now`, its id from
:meth:`StoreBase.new_id` and records its Trello action with
:meth:`StoreBase.record`, so a sync driven by ``/boards/{id}/actions`` sees
exactly what changed.
"""

import base64
import contextlib
import copy
import random
import secrets
import threading
from datetime import datetime, timedelta, timezone

from .common import BASE62, POS_STEP, START, TRELLO_WEB, iso, parse_date


class StoreBase:
    """The tables, the clock, ids, lookups and the action log.

    The resource mixins composed into :class:`~trello_emulator.store.Store`
    call these; none of them is about one resource.
    """

    def __init__(self, deterministic=True, base_url="", clock_step=1.0, account=None):
        self.lock = threading.RLock()
        self.deterministic = deterministic
        # The 6 hex digits after the seconds of every id: two emulators are
        # two Trello accounts, whose ids never meet (None: a random one).
        self.account = (account or secrets.token_hex(3)).lower()
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
            self.custom_fields = {}
            self.organizations = {}
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
        """24 hex: creation seconds + the account's part + a counter."""
        self._counter += 1
        return f"{int(when.timestamp()):08x}{self.account}{self._counter:010x}"

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
        "custom_fields",
        "organizations",
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
                "account": self.account,
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
            self.account = meta.get("account", self.account)
            self._counter = meta.get("counter", len(self.actions) + 1000)
            if meta.get("now"):
                self._now = parse_date(meta["now"])
            if meta.get("rng") and self.deterministic:
                version, internal, gauss = meta["rng"]
                self.rng.setstate((version, tuple(internal), gauss))

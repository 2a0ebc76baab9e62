"""Turn stored objects into Trello-shaped JSON, honouring ``fields``.

Derived values (``labels``, ``badges``, ``uses``, ``idBoards`` …) are computed
here so the store never has to keep them consistent by hand.  A
:class:`Context` caches the expensive ones (label uses per board) for the
duration of one request: rendering 1000 cards must not rescan the board
1000 times.
"""

from collections import Counter

from .store import pos_number

BOARD_DEFAULT_FIELDS = (
    "name,desc,descData,closed,idOrganization,pinned,url,shortUrl,prefs,labelNames"
).split(",")
MEMBER_NESTED_FIELDS = "avatarHash,fullName,initials,username".split(",")
BOARD_MEMBERS_FIELDS = "fullName,username".split(",")


def parse_fields(value, default="all"):
    """``fields`` query value to ``"all"`` or a list of names."""
    if value is None or value == "":
        return default
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    value = str(value)
    if value == "all":
        return "all"
    return [f.strip() for f in value.split(",") if f.strip()]


def select(full, fields):
    """Keep the requested fields; ``id`` is always present, as in Trello."""
    if fields == "all" or fields is None:
        return full
    out = {"id": full["id"]}
    for name in fields:
        if name in full:
            out[name] = full[name]
    return out


def public(obj):
    return {k: v for k, v in obj.items() if not k.startswith("_")}


class Context:
    """Per-request rendering state: the store, the viewer and caches."""

    def __init__(self, store, viewer_id=None):
        self.store = store
        self.viewer_id = viewer_id
        self._uses = {}

    def label_uses(self, board_id):
        if board_id not in self._uses:
            counts = Counter()
            for card in self.store.board_cards(board_id):
                counts.update(card["idLabels"])
            self._uses[board_id] = counts
        return self._uses[board_id]

    # ------------------------------------------------------------------
    def label(self, label, fields="all"):
        full = public(label)
        full["uses"] = self.label_uses(label["idBoard"])[label["id"]]
        return select(full, fields)

    def member(self, member, fields="all"):
        """Member JSON; ``email`` only when the viewer is that member."""
        full = public(member)
        if member["id"] != self.viewer_id:
            full["email"] = None
        full["idBoards"] = [
            b["id"]
            for b in self.store.boards.values()
            if self.store.is_board_member(b, member["id"])
        ]
        full["nonPublic"] = {}
        full["nonPublicAvailable"] = True
        return select(full, fields)

    def board(self, board, fields="all"):
        full = public(board)
        names = {}
        for color in "green yellow orange red purple blue sky lime pink black".split():
            for variant in ("", "_dark", "_light"):
                names[color + variant] = ""
        for label in self.store.board_labels(board["id"]):
            if label["color"] in names and not names[label["color"]]:
                names[label["color"]] = label["name"]
        full["labelNames"] = names
        full["memberships"] = [dict(m) for m in board["memberships"]]
        full["limits"] = {}
        return select(full, fields)

    def list(self, lst, fields="all"):
        full = public(lst)
        full["pos"] = pos_number(lst["pos"])
        return select(full, fields)

    def card(self, card, fields="all"):
        store = self.store
        full = public(card)
        full["pos"] = pos_number(card["pos"])
        checklists = store.card_checklists(card)
        full["idChecklists"] = [c["id"] for c in checklists]
        items = [i for c in checklists for i in c["checkItems"]]
        done = [i for i in items if i["state"] == "complete"]
        full["checkItemStates"] = [
            {"idCheckItem": i["id"], "state": "complete"} for i in done
        ]
        uses = self.label_uses(card["idBoard"])
        full["labels"] = [
            {
                "id": lid,
                "idBoard": store.labels[lid]["idBoard"],
                "name": store.labels[lid]["name"],
                "color": store.labels[lid]["color"],
                "uses": uses[lid],
            }
            for lid in card["idLabels"]
        ]
        full["idLabels"] = list(card["idLabels"])
        full["idMembers"] = list(card["idMembers"])
        full["badges"] = {
            "attachmentsByType": {"trello": {"board": 0, "card": 0}},
            "location": False,
            "votes": 0,
            "viewingMemberVoted": False,
            "subscribed": False,
            "fogbugz": "",
            "checkItems": len(items),
            "checkItemsChecked": len(done),
            "checkItemsEarliestDue": min(
                (i["due"] for i in items if i["due"]), default=None
            ),
            "comments": card["_comments"],
            "attachments": len(card["_idAttachments"]),
            "description": bool(card["desc"]),
            "due": card["due"],
            "dueComplete": card["dueComplete"],
            "start": card["start"],
        }
        full["cover"] = dict(card["cover"])
        return select(full, fields)

    def checklist(self, checklist, fields="all", check_items=True):
        full = public(checklist)
        full["pos"] = pos_number(checklist["pos"])
        full["checkItems"] = [self.check_item(i) for i in checklist["checkItems"]]
        if not check_items:
            full.pop("checkItems")
        return select(full, fields)

    def check_item(self, item, fields="all"):
        full = dict(item)
        full["pos"] = pos_number(item["pos"])
        return select(full, fields)

    def attachment(self, attachment, fields="all"):
        full = public(attachment)
        full["pos"] = pos_number(attachment["pos"])
        if attachment["isUpload"]:
            # Built at render time: the port is only known once the server
            # runs, and a state file may be reloaded on another port.
            full["url"] = self.store.download_url(
                attachment["_idCard"], attachment["id"], attachment["fileName"]
            )
        return select(full, fields)

    def action(self, action, fields="all", member_creator=True):
        # ``memberCreator`` is its own parameter in Trello, independent of
        # ``fields``, so it is added after the field selection.
        out = select(public(action), fields)
        if member_creator:
            out["memberCreator"] = self.store._member_brief(action["idMemberCreator"])
        return out

    def webhook(self, hook):
        return public(hook)

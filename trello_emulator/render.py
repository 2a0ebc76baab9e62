"""Turn stored objects into Trello-shaped JSON, honouring ``fields``.

Derived values (``labels``, ``badges``, ``uses``, ``idBoards`` …) are computed
here so the store never has to keep them consistent by hand.  A
:class:`Context` caches the expensive ones (label uses per board) for the
duration of one request: rendering 1000 cards must not rescan the board
1000 times.
"""

import copy
from collections import Counter

from .store import id_seconds, iso_seconds, pos_number


def _limit(disable_at):
    """One of Trello's ``limits`` entries, never reached in the emulator."""
    return {"status": "ok", "disableAt": disable_at, "warnAt": disable_at * 4 // 5}


# The limits real Trello reports (member_boards__2024-02 recording).
BOARD_LIMITS = {
    "attachments": {"perBoard": _limit(36000), "perCard": _limit(1000)},
    "boards": {
        "totalMembersPerBoard": _limit(1600),
        "totalAccessRequestsPerBoard": _limit(4000),
    },
    "cards": {
        "openPerBoard": _limit(5000),
        "openPerList": _limit(5000),
        "totalPerBoard": _limit(2000000),
        "totalPerList": _limit(1000000),
    },
    "checklists": {"perBoard": _limit(1800000), "perCard": _limit(500)},
    "checkItems": {"perChecklist": _limit(200)},
    "customFields": {"perBoard": _limit(50)},
    "customFieldOptions": {"perField": _limit(50)},
    "labels": {"perBoard": _limit(1000)},
    "lists": {"openPerBoard": _limit(500), "totalPerBoard": _limit(3000)},
    "stickers": {"perCard": _limit(70)},
    "reactions": {"perAction": _limit(900), "uniquePerAction": _limit(17)},
}
REACTION_LIMITS = {"reactions": BOARD_LIMITS["reactions"]}
MEMBER_LIMITS = {
    "boards": {"totalPerMember": _limit(4500)},
    "orgs": {"totalPerMember": _limit(850)},
}
# Board keys real Trello returns that the emulator has no behaviour for.
BOARD_EXTRA = {
    "powerUps": [],
    "idTags": [],
    "datePluginDisable": None,
    "creationMethod": None,
    "ixUpdate": "1",
    "templateGallery": None,
    "enterpriseOwned": False,
    "idBoardSource": None,
    "premiumFeatures": [],
}
PREFS_EXTRA = {
    "hideVotes": False,
    "cardCounts": False,
    "isTemplate": False,
    "hiddenPluginBoardButtons": [],
    "backgroundImage": None,
    "backgroundImageScaled": None,
    "backgroundTile": False,
    "backgroundBrightness": "dark",
    "backgroundBottomColor": "#0079bf",
    "backgroundTopColor": "#0079bf",
    "canBePublic": True,
    "canBeEnterprise": True,
    "canBeOrg": True,
    "canBePrivate": True,
    "canInvite": True,
}
# Member keys real Trello returns (``/members/me``) that nothing here uses.
MEMBER_EXTRA = {
    "activityBlocked": False,
    "idMemberReferrer": None,
    "bioData": {"emoji": {}},
    "aaId": None,
    "aaEmail": None,
    "aaEnrolledDate": None,
    "aaBlockSyncUntil": None,
    "avatarSource": "none",
    "credentialsRemovedCount": 0,
    "gravatarHash": None,
    "idEnterprise": None,
    "idEnterprisesAdmin": [],
    "idEnterprisesDeactivated": [],
    "idPremOrgsAdmin": [],
    "isAaMastered": True,
    "ixUpdate": "1",
    "loginTypes": ["password"],
    "messagesDismissed": [],
    "oneTimeMessagesDismissed": [],
    "premiumFeatures": [],
    "products": [],
    "trophies": [],
    "uploadedAvatarHash": None,
    "uploadedAvatarUrl": None,
}
MEMBER_PREFS = {
    "privacy": {"fullName": "public", "avatar": "public"},
    "sendSummaries": True,
    "minutesBetweenSummaries": 60,
    "minutesBeforeDeadlineToNotify": 1440,
    "colorBlind": False,
    "locale": "en-US",
}

BOARD_DEFAULT_FIELDS = (
    "name,desc,descData,closed,idOrganization,idEnterprise,pinned,url,shortUrl,"
    "prefs,labelNames"
).split(",")
MEMBER_NESTED_FIELDS = "avatarHash,fullName,initials,username".split(",")
BOARD_MEMBERS_FIELDS = "fullName,username".split(",")


def _add_missing(obj, defaults):
    """Add the keys of ``defaults`` that ``obj`` lacks (copies: never shared)."""
    for key, value in defaults.items():
        if key not in obj:
            obj[key] = copy.deepcopy(value)
    return obj


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

    def __init__(self, store, viewer_id=None, viewer_scopes=None):
        self.store = store
        self.viewer_id = viewer_id
        # the scopes of the viewer's token (None: all of them)
        self.viewer_scopes = viewer_scopes
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

    def sees_email_of(self, member):
        """Trello shows an e-mail to its member only, through ``account``."""
        scopes = self.viewer_scopes
        return member["id"] == self.viewer_id and (
            scopes is None or "account" in scopes
        )

    def member(self, member, fields="all"):
        """Member JSON; ``email`` only when the viewer is that member.

        And only when the viewer's token has the ``account`` scope ("read
        your member information, your e-mail address included").
        """
        full = public(member)
        _add_missing(full, MEMBER_EXTRA)
        full["marketingOptIn"] = {
            "optedIn": False,
            "date": iso_seconds(id_seconds(member["id"])),
        }
        full["prefs"] = copy.deepcopy(MEMBER_PREFS)
        full["limits"] = copy.deepcopy(MEMBER_LIMITS)
        if not self.sees_email_of(member):
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
        full["prefs"] = _add_missing(dict(board["prefs"]), PREFS_EXTRA)
        full["prefs"].setdefault(
            "switcherViews",
            [
                {"viewType": view, "enabled": True, "_id": f"{board['id'][:-1]}{n}"}
                for n, view in enumerate(("Board", "Table"))
            ],
        )
        full["nodeId"] = f"ari:cloud:trello::board/{board['id']}"
        _add_missing(full, BOARD_EXTRA)
        names = {}
        for color in "green yellow orange red purple blue sky lime pink black".split():
            for variant in ("", "_dark", "_light"):
                names[color + variant] = ""
        for label in self.store.board_labels(board["id"]):
            if label["color"] in names and not names[label["color"]]:
                names[label["color"]] = label["name"]
        full["labelNames"] = names
        full["memberships"] = [dict(m) for m in board["memberships"]]
        full["limits"] = copy.deepcopy(BOARD_LIMITS)
        self._web_urls(full)
        return select(full, fields)

    def _web_urls(self, full):
        """Point ``url``/``shortUrl`` at this server's pages if asked to."""
        for key in ("url", "shortUrl"):
            full[key] = self.store.web_url(full[key])

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
        self._web_urls(full)
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
        full = public(action)
        full["data"] = self._action_data(action["data"])
        # Only comments can get reactions; other actions have no limits.
        full["limits"] = (
            copy.deepcopy(REACTION_LIMITS) if action["type"] == "commentCard" else None
        )
        out = select(full, fields)
        if member_creator:
            out["memberCreator"] = self.store._member_brief(action["idMemberCreator"])
        member = action["data"].get("idMember") or action["data"].get("idMemberAdded")
        if member and fields == "all":
            out["member"] = self.store._member_brief(member)
        return out

    def _action_data(self, data):
        """``data`` with absolute attachment urls.

        Seeded actions are recorded before the server knows its port, so their
        download urls are stored relative (``/1/cards/…``).
        """
        attachment = data.get("attachment")
        if not attachment or not any(
            str(v).startswith("/") for k, v in attachment.items() if k != "id"
        ):
            return data
        fixed = {
            k: self.store.base_url + v
            if isinstance(v, str) and v.startswith("/")
            else v
            for k, v in attachment.items()
        }
        return {**data, "attachment": fixed}

    @staticmethod
    def _entity(ref):
        return {"id": ref["id"], "text": ref["name"]}

    def display(self, action):
        """The ``display`` member of ``GET /actions/{id}`` and of a new comment.

        Comments are rendered as Trello does; other types get the same frame
        (translation key and the member, card and list entities they refer
        to), with a key built from the action type.
        """
        data = action["data"]
        creator = self.store.members.get(action["idMemberCreator"]) or {}
        entities = {}
        card = data.get("card")
        if card:
            entities["contextOn"] = {
                "type": "translatable",
                "translationKey": "action_on",
                "hideIfContext": True,
                "idContext": card["id"],
            }
            entities["card"] = {
                "type": "card",
                "hideIfContext": True,
                "id": card["id"],
                "shortLink": card.get("shortLink"),
                "text": card.get("name"),
            }
        if action["type"] == "commentCard":
            key = "action_comment_on_card"
            entities["comment"] = {"type": "comment", "text": data["text"]}
        elif "listAfter" in data and card:
            key = "action_move_card_from_list_to_list"
            entities = {
                "card": {
                    "type": "card",
                    "idList": data["listAfter"]["id"],
                    "id": card["id"],
                    "shortLink": card.get("shortLink"),
                    "text": card.get("name"),
                },
                "listBefore": {"type": "list", **self._entity(data["listBefore"])},
                "listAfter": {"type": "list", **self._entity(data["listAfter"])},
            }
        else:
            snake = "".join(
                "_" + c.lower() if c.isupper() else c for c in action["type"]
            )
            key = "action_" + snake
        entities["memberCreator"] = {
            "type": "member",
            "id": action["idMemberCreator"],
            "username": creator.get("username"),
            "text": creator.get("fullName"),
        }
        return {"translationKey": key, "entities": entities}

    def webhook(self, hook):
        return public(hook)

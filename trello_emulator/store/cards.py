"""Cards: creation, updates (with their label and member actions), deletion."""

from .common import iso, slugify


class CardsMixin:
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
        # the old board's custom fields do not follow the card
        card["_customFieldItems"] = {}

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

"""Checklists and their check items, each change a checklist action."""

from .common import iso


class ChecklistsMixin:
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

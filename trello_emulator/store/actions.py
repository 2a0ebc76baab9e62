"""Comments, the actions that are objects of their own (edit, delete)."""

from .common import iso


class ActionsMixin:
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

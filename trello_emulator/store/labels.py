"""Labels of a board: create, update, delete (taken off every card)."""


class LabelsMixin:
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

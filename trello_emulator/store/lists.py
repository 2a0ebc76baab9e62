"""Lists: creation, and updates (rename, archive, reposition, move board)."""


class ListsMixin:
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

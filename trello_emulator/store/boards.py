"""Boards: creation with Trello's defaults, memberships, updates, deletion."""

from .common import iso, slugify


class BoardsMixin:
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
        creator = self.members.get(member_id) or {}
        # Every board belongs to a Workspace (Trello requires one since 2021):
        # its creator's first.
        workspaces = creator.get("idOrganizations") or [None]
        board = {
            "id": board_id,
            "name": name,
            "desc": desc,
            "descData": None,
            "closed": False,
            "dateClosed": None,
            "idOrganization": workspaces[0],
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

"""Members: accounts with their tokens, and their brief form in actions."""


class MembersMixin:
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

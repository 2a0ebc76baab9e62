"""Members: accounts with their tokens, and their brief form in actions.

Each member has a Workspace (an organization) of their own, as Trello
creates with an account: the boards they create belong to it.
"""

import hashlib

from .common import slugify


class MembersMixin:
    def add_member(self, username, full_name, email=None, token=None, scopes=None):
        """A member, with its own ``token`` if given (``scopes``: all of them).

        ``scopes`` is a subset of ``read``, ``write`` and ``account``; Trello
        shows a member their own e-mail only through a token with
        ``account``.
        """
        when = self.now()
        initials = "".join(part[0] for part in full_name.split()[:2]).upper()
        member_id = self.new_id(when)
        member = {
            "id": member_id,
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
            # strings in real answers (member_me recordings): the MD5 of the
            # e-mail (Gravatar's key) and the Atlassian account id
            "gravatarHash": hashlib.md5(
                (email or username).strip().lower().encode(), usedforsecurity=False
            ).hexdigest(),
            "aaId": self.new_id(when),
        }
        self.members[member["id"]] = member
        org = self.create_organization(member, f"{full_name}'s workspace")
        member["idOrganizations"].append(org["id"])
        if token:
            self.tokens[token] = member["id"]
            if scopes is not None:
                self.token_scopes[token] = list(scopes)
        return member

    def create_organization(self, member, display_name):
        """A Workspace whose first member is ``member``."""
        org_id = self.new_id(self.peek_now())
        name = (slugify(display_name).replace("-", "") or "workspace") + org_id[-6:]
        org = {
            "id": org_id,
            "name": name,
            "displayName": display_name,
            "desc": "",
            "descData": None,
            "url": f"https://trello.com/w/{name}",
            "website": None,
            "logoHash": None,
            "logoUrl": None,
            "products": [],
            "powerUps": [],
            "idMemberCreator": member["id"],
            "_members": [member["id"]],
        }
        self.organizations[org_id] = org
        return org

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

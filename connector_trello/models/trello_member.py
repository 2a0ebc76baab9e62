# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import escape_psql

#: How a member's user was decided. Only a verified identity or an admin
#: maps a member: what a member chooses (username, full name) never does.
MATCH_METHODS = [
    ("verified", "Verified e-mail"),
    ("confirmed", "Suggestion confirmed"),
    ("manual", "By hand"),
]
#: Why a user is suggested for a member (never applied without an admin).
SUGGESTION_REASONS = [
    ("email", "Same e-mail"),
    ("login", "Username = login"),
    ("name", "Same name"),
]
#: What a member chooses in Trello: a change re-examines an unmapped member.
IDENTITY_FIELDS = ("username", "full_name", "email")


class TrelloMember(models.Model):
    """A Trello member of a synchronized board, and the Odoo user it maps to.

    The connector never creates users, and never maps a member on what the
    member chose in Trello (a username, a full name): anyone on a board can
    name themselves after an employee. A member is mapped automatically on
    the one identity Trello verifies, the e-mail of the token's own member,
    and otherwise by an admin, by hand or by confirming a suggestion (same
    e-mail, username or name as a user). Unmapped members stay listed; their
    cards get no assignee for them and their comments carry their Trello
    name.
    """

    _name = "trello.member"
    _inherit = "trello.binding"
    _description = "Trello Member"
    _order = "full_name, username, id"
    _rec_name = "full_name"

    backend_id = fields.Many2one(ondelete="cascade")
    username = fields.Char(readonly=True)
    full_name = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Odoo User",
        domain=[("share", "=", False)],
    )
    match_method = fields.Selection(
        MATCH_METHODS,
        readonly=True,
        help="Verified e-mail: the token's own member, whose e-mail Trello "
        "verified, is the user of that login. Suggestion confirmed and By "
        "hand: an admin's decision.",
    )
    suggested_user_id = fields.Many2one(
        "res.users",
        string="Suggested User",
        readonly=True,
        help="A user with this member's e-mail, username (as login) or name. "
        "A member chooses those in Trello: an admin confirms the suggestion "
        "before it maps the member.",
    )
    suggestion_reason = fields.Selection(
        SUGGESTION_REASONS, string="Suggested For", readonly=True
    )

    # personal_data_erased: see trello_member_privacy.py
    @api.depends("full_name", "username", "external_id", "personal_data_erased")
    def _compute_display_name(self):
        for member in self:
            if member.personal_data_erased:
                member.display_name = self.env._("Erased Trello member")
            else:
                member.display_name = (
                    member.full_name or member.username or member.external_id or ""
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [
            dict(vals, match_method="manual")
            if vals.get("user_id") and not vals.get("match_method")
            else vals
            for vals in vals_list
        ]
        members = super().create(vals_list)
        members._drop_namesake_suggestions()
        members.filtered(lambda m: not m.user_id)._match_user()
        return members

    def write(self, vals):
        if "user_id" in vals:
            vals = dict(vals)
            if "match_method" not in vals:
                vals["match_method"] = "manual" if vals["user_id"] else False
            vals.update(suggested_user_id=False, suggestion_reason=False)
            previous = {member: member.user_id for member in self}
            result = super().write(vals)
            for member, old_user in previous.items():
                if member.user_id != old_user:
                    member._reassign_tasks(old_user)
            if not vals["user_id"]:
                self._suggest_users()
            return result
        result = super().write(vals)
        if any(name in vals for name in IDENTITY_FIELDS):
            # A rename in Trello: a mapped member keeps its user (verified or
            # an admin's); an unmapped one gets its suggestion anew.
            self._drop_namesake_suggestions()
            self.filtered(lambda m: not m.user_id)._match_user()
        return result

    def _is_in(self, value):
        """Whether a synced ``idMembers`` list or ``idMember`` id names us."""
        if isinstance(value, list):
            return self.external_id in value
        return value == self.external_id

    def _reassign_tasks(self, old_user):
        """Give the member's imported cards and check items their new user.

        An admin maps members after the first import: without this, the
        assignee would only appear at each card's next change in Trello. The
        cards are found through the Trello values last synchronized (as
        superuser: mapping members is a connector manager's job, who need not
        be a project manager).
        """
        self.ensure_one()
        commands = []
        if old_user:
            commands.append(Command.unlink(old_user.id))
        if self.user_id:
            commands.append(Command.link(self.user_id.id))
        # the assignments are Trello's (the member is on those cards):
        # no "You have been assigned" mail for each old card
        context = {
            "connector_no_export": True,
            "tracking_disable": True,
            "active_test": False,
            "mail_auto_subscribe_no_notify": True,
        }
        for model, key in (
            ("trello.project.task", "idMembers"),
            ("trello.checkitem", "idMember"),
        ):
            bindings = (
                self.env[model]
                .sudo()
                .with_context(**context)
                .search(
                    [
                        ("backend_id", "=", self.backend_id.id),
                        ("trello_synced_values", "like", self.external_id),
                    ]
                )
            )
            bindings = bindings.filtered(
                lambda b, key=key: self._is_in(b._get_synced_values().get(key))
            )
            if bindings:
                bindings.odoo_id.with_context(**context).write({"user_ids": commands})

    # -- matching ----------------------------------------------------------

    def _namesakes(self):
        """The other members of the backend with this member's full name."""
        self.ensure_one()
        if not self.full_name:
            return self.browse()
        return self.search(
            [
                ("backend_id", "=", self.backend_id.id),
                ("id", "!=", self.id),
                ("full_name", "=ilike", escape_psql(self.full_name)),
            ]
        )

    def _drop_namesake_suggestions(self):
        """A name shared by two members no longer tells who is who.

        The member suggested by name before its namesake arrived loses its
        suggestion, like two users of one name would give none.
        """
        for member in self:
            member._namesakes().filtered(
                lambda m: m.suggestion_reason == "name"
            )._set_suggestion(self.env["res.users"], False)

    def _users_where(self, domain):
        """The internal users matching ``domain`` (at most two: one or many)."""
        Users = self.env["res.users"].with_context(active_test=False)
        return Users.search([("share", "=", False), *domain], limit=2)

    def _verified_user(self):
        """The user this member is, on the identity Trello verified.

        Trello returns a member's e-mail only to that member's own token (and
        only with the ``account`` scope), so the e-mail of the backend's token
        member is the one identity Trello vouches for; another member's
        e-mail, when Trello shows it, proves nothing here. It is compared
        with the users' login, which only an administrator sets: a user may
        change their own e-mail and name in their preferences.
        """
        self.ensure_one()
        users = self.env["res.users"]
        if (
            not self.email
            or not self.external_id
            or self.external_id != self.backend_id.member_external_id
        ):
            return users
        found = self._users_where([("login", "=ilike", escape_psql(self.email))])
        return found if len(found) == 1 else users

    def _suggestion(self):
        """``(user, reason)``: the user to suggest for this member, if any.

        E-mail, then username (as login), then name, each compared exactly,
        case aside (``=ilike`` with ``_`` and ``%`` escaped). A criterion
        that matches several users suggests none, and a name is no criterion
        when another member of the backend has it.
        """
        self.ensure_one()
        email = escape_psql(self.email or "")
        username = escape_psql(self.username or "")
        full_name = not self._namesakes() and escape_psql(self.full_name or "")
        criteria = [
            (
                "email",
                email and ["|", ("email", "=ilike", email), ("login", "=ilike", email)],
            ),
            ("login", username and [("login", "=ilike", username)]),
            ("name", full_name and [("name", "=ilike", full_name)]),
        ]
        for reason, domain in criteria:
            if not domain:
                continue
            users = self._users_where(domain)
            if len(users) == 1:
                return users, reason
        return self.env["res.users"], False

    def _set_suggestion(self, user, reason):
        """Write the suggestion only where it changes (a re-import is silent)."""
        changed = self.filtered(
            lambda m: m.suggested_user_id != user or m.suggestion_reason != reason
        )
        if changed:
            changed.write({"suggested_user_id": user.id, "suggestion_reason": reason})

    def _suggest_users(self):
        """Suggest a user for each unmapped member (none for a mapped one)."""
        for member in self:
            if member.user_id:
                member._set_suggestion(self.env["res.users"], False)
            else:
                member._set_suggestion(*member._suggestion())

    def _match_user(self):
        """Map each member on its verified identity, else suggest a user."""
        for member in self:
            user = member._verified_user()
            if user:
                member.write({"user_id": user.id, "match_method": "verified"})
            else:
                member._suggest_users()

    def action_confirm_suggestion(self):
        """Map each member to its suggested user (the members tab's button).

        Connector managers only (the right to write members, checked before
        anything). The button sends the suggestion it showed
        (``expected_user_id`` in the context): a suggestion that changed
        since, because the member renamed themselves in Trello meanwhile, is
        refused rather than applied unseen.
        """
        self.check_access("write")
        self._confirm()
        return True

    def _confirm(self):
        """Map to the suggested user, unless it changed from the expected one."""
        expected = self.env.context.get("expected_user_id")
        for member in self:
            user = member.suggested_user_id
            if member.user_id:
                continue
            if not user:
                raise UserError(
                    self.env._(
                        "%(member)s has no suggested user to confirm.",
                        member=member.display_name,
                    )
                )
            if expected is not None and user.id != expected:
                raise UserError(
                    self.env._(
                        "The suggestion for %(member)s changed since the page was "
                        "loaded: reload it and review the new suggestion.",
                        member=member.display_name,
                    )
                )
            member.write({"user_id": user.id, "match_method": "confirmed"})

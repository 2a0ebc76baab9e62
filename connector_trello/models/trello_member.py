# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.tools import escape_psql


class TrelloMember(models.Model):
    """A Trello member of a synchronized board, and the Odoo user it maps to.

    The connector never creates users: a member is matched with an existing
    user by e-mail, then login, then name, or mapped by hand. Unmatched
    members stay listed so the admin can map them; their cards simply get no
    assignee for them.
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
        [
            ("email", "E-mail"),
            ("login", "Login"),
            ("name", "Name"),
            ("manual", "By hand"),
        ],
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members._unmatch_namesakes()
        members.filtered(lambda m: not m.user_id)._match_user()
        return members

    def write(self, vals):
        if "user_id" not in vals:
            return super().write(vals)
        if "match_method" not in vals:
            vals = dict(vals, match_method="manual" if vals["user_id"] else False)
        previous = {member: member.user_id for member in self}
        result = super().write(vals)
        for member, old_user in previous.items():
            if member.user_id != old_user:
                member._reassign_tasks(old_user)
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
        context = {
            "connector_no_export": True,
            "tracking_disable": True,
            "active_test": False,
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

    def _unmatch_namesakes(self):
        """A name shared by two members no longer tells who is who.

        The member matched by name before its namesake arrived loses its user
        (and its cards their assignee), like two users of one name would.
        """
        for member in self:
            member._namesakes().filtered(
                lambda m: m.match_method == "name"
            ).user_id = False

    def _match_user(self):
        """Find the Odoo user of each member: e-mail, then login, then name.

        A criterion that matches several users matches none, and a name
        matches only when no other member of the backend has it: a wrong
        assignee is worse than no assignee. Values are compared exactly,
        case aside: ``first_last@example.com`` is not ``firstXlast@...``
        (``=ilike`` with its ``_`` and ``%`` escaped).
        """
        Users = self.env["res.users"].with_context(active_test=False)
        for member in self:
            email = escape_psql(member.email or "")
            username = escape_psql(member.username or "")
            full_name = not member._namesakes() and escape_psql(member.full_name or "")
            criteria = [
                (
                    "email",
                    email
                    and ["|", ("email", "=ilike", email), ("login", "=ilike", email)],
                ),
                ("login", username and [("login", "=ilike", username)]),
                ("name", full_name and [("name", "=ilike", full_name)]),
            ]
            for method, domain in criteria:
                if not domain:
                    continue
                users = Users.search([("share", "=", False), *domain], limit=2)
                if len(users) == 1:
                    member.write({"user_id": users.id, "match_method": method})
                    break

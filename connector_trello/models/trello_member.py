# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


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
        members.filtered(lambda m: not m.user_id)._match_user()
        return members

    def write(self, vals):
        if "user_id" in vals and "match_method" not in vals:
            vals = dict(vals, match_method="manual" if vals["user_id"] else False)
        return super().write(vals)

    def _match_user(self):
        """Find the Odoo user of each member: e-mail, then login, then name.

        A criterion that matches several users matches none: a wrong
        assignee is worse than no assignee.
        """
        Users = self.env["res.users"].with_context(active_test=False)
        for member in self:
            criteria = [
                (
                    "email",
                    member.email
                    and [
                        "|",
                        ("email", "=ilike", member.email),
                        ("login", "=ilike", member.email),
                    ],
                ),
                ("login", member.username and [("login", "=ilike", member.username)]),
                ("name", member.full_name and [("name", "=ilike", member.full_name)]),
            ]
            for method, domain in criteria:
                if not domain:
                    continue
                users = Users.search([("share", "=", False), *domain], limit=2)
                if len(users) == 1:
                    member.write({"user_id": users.id, "match_method": method})
                    break

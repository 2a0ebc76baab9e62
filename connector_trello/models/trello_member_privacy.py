# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

#: The member's personal data the connector stores (Trello's own list:
#: e-mail, avatar, username, full name and bio; no avatar nor bio is kept).
PERSONAL_FIELDS = ("username", "full_name", "email")


class TrelloMember(models.Model):
    """Erasing what the connector keeps of a Trello member, on request.

    Trello asks the applications that keep its members' personal data to
    erase it when a member deletes their account (or asks to be forgotten).
    Erasing keeps the member's row and its Trello id, so the comments and
    cards stay linked; the name, username and e-mail go, and so does every
    copy the connector made of them (the author name of the member's
    imported comments). An erased member stays erased: the next imports do
    not bring the values back.
    """

    _inherit = "trello.member"

    personal_data_erased = fields.Boolean(
        readonly=True,
        copy=False,
        help="The member's name, username and e-mail were erased (a Trello "
        "account deleted, or a request to be forgotten): imports no longer "
        "store them.",
    )
    personal_data_erased_date = fields.Datetime(readonly=True, copy=False)

    def _author_label(self, creator=None):
        """How an unmapped author signs their imported comments.

        ``creator`` is the ``memberCreator`` Trello sent with the comment;
        an erased member's comments never carry the name it holds.
        """
        if self.personal_data_erased:
            return self.env._("Erased Trello member")
        creator = creator or {}
        name = self.full_name or creator.get("fullName") or creator.get("username")
        return self.env._("%(name)s (Trello)", name=name or "?")

    def _changed_by_name(self, creator=None):
        """How an import's note names the member who changed a record.

        ``creator`` is the action's ``memberCreator``; an erased member's
        notes never carry the name it holds.
        """
        if self.personal_data_erased:
            return self.env._("Erased Trello member")
        creator = creator or {}
        return (
            self.full_name
            or creator.get("fullName")
            or self.username
            or creator.get("username")
            or "?"
        )

    def _verified_user(self):
        if self.personal_data_erased:
            return self.env["res.users"]
        return super()._verified_user()

    def _suggestion(self):
        if self.personal_data_erased:
            return self.env["res.users"], False
        return super()._suggestion()

    def action_erase_personal_data(self):
        """Erase the personal data stored for these members (a button).

        Connector managers only: the right to write members is checked
        before anything. Nothing is sent to Trello.
        """
        self.check_access("write")
        self.sudo()._erase_personal_data()
        return True

    def _erase_personal_data(self):
        """Erase the members' personal data and the copies made of it.

        The member keeps its Trello id, its user (an admin's mapping, which
        is Odoo's data) and its comments; the author name of its imported
        comments that carry no Odoo user becomes "Erased Trello member"; the
        backend forgets the token member's username if it is one of them.
        """
        context = {"connector_no_export": True, "tracking_disable": True}
        self.with_context(**context).write(
            dict(
                dict.fromkeys(PERSONAL_FIELDS, False),
                suggested_user_id=False,
                suggestion_reason=False,
                personal_data_erased=True,
                personal_data_erased_date=fields.Datetime.now(),
            )
        )
        comments = (
            self.env["trello.mail.message"]
            .with_context(active_test=False, **context)
            .search([("trello_member_id", "in", self.ids), ("author_id", "=", False)])
        )
        if comments:
            comments.write({"email_from": self.env._("Erased Trello member")})
        notes = (
            self.env["mail.message"]
            .with_context(**context)
            .search([("trello_changed_by_ids", "in", self.ids)])
        )
        notes._trello_name_changed_by_again()
        for backend in self.backend_id:
            token_member = self.filtered(
                lambda m, backend=backend: m.backend_id == backend
                and m.external_id == backend.member_external_id
            )
            if token_member and backend.member_username:
                backend.member_username = False

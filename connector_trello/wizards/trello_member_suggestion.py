# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.trello_member import SUGGESTION_REASONS


class TrelloMemberSuggestionWizard(models.TransientModel):
    """The suggestions of a backend's members, reviewed and confirmed at once.

    The lines are the suggestions as they were when the admin opened the
    list: confirming maps a member only if its suggestion is still that
    user. A member who renamed themselves in Trello meanwhile (a new
    suggestion), or one mapped since, is left alone and counted: a
    suggestion is never applied unseen.
    """

    _name = "trello.member.suggestion.wizard"
    _description = "Confirm Suggested Users of Trello Members"

    backend_id = fields.Many2one("trello.backend", required=True, readonly=True)
    line_ids = fields.One2many(
        "trello.member.suggestion.wizard.line", "wizard_id", string="Suggestions"
    )

    def action_confirm(self):
        """Map each listed member to the user listed, if still suggested.

        Connector managers only: the right to write the backend is checked
        before anything.
        """
        self.check_access("write")  # the wizard's own rule first
        self.ensure_one()
        self.backend_id.check_access("write")
        confirmed = skipped = 0
        for line in self.line_ids:
            member = line.member_id
            if (
                member.user_id
                or member.suggested_user_id != line.user_id
                or member.backend_id != self.backend_id
            ):
                skipped += 1
                continue
            member.with_context(expected_user_id=line.user_id.id)._confirm()
            confirmed += 1
        message = self.env._("%(count)s members mapped.", count=confirmed)
        if skipped:
            message += " " + self.env._(
                "%(count)s left alone: their suggestion changed, or they were "
                "mapped, since the list was opened.",
                count=skipped,
            )
        return self.backend_id._notify(
            self.env._("Suggestions confirmed"),
            message,
            kind="warning" if skipped else "success",
            sticky=bool(skipped),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )


class TrelloMemberSuggestionWizardLine(models.TransientModel):
    _name = "trello.member.suggestion.wizard.line"
    _description = "Suggested User of a Trello Member"

    wizard_id = fields.Many2one(
        "trello.member.suggestion.wizard", required=True, ondelete="cascade"
    )
    member_id = fields.Many2one("trello.member", required=True, readonly=True)
    full_name = fields.Char(related="member_id.full_name")
    username = fields.Char(related="member_id.username")
    user_id = fields.Many2one("res.users", string="Suggested User", readonly=True)
    reason = fields.Selection(SUGGESTION_REASONS, readonly=True)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, models
from odoo.exceptions import UserError


class TrelloBackend(models.Model):
    """The backend's members tab: matching members and confirming suggestions."""

    _inherit = "trello.backend"

    def write(self, vals):
        """A new token member may be verified at once (Check Connection)."""
        result = super().write(vals)
        if vals.get("member_external_id"):
            for backend in self:
                backend.member_ids.filtered(
                    lambda m, backend=backend: not m.user_id
                    and m.external_id == backend.member_external_id
                )._match_user()
        return result

    def action_match_members(self):
        """Verify the unmapped members again and refresh their suggestions.

        Connector managers only (checked before anything). Only the token's
        member can be mapped here, on the e-mail Trello verified; the others
        get suggestions, which the admin confirms.
        """
        self._check_manager_rights()
        self.ensure_one()
        unmapped = self.member_ids.filtered(lambda m: not m.user_id)
        unmapped._match_user()
        verified = unmapped.filtered("user_id")
        suggested = unmapped.filtered("suggested_user_id")
        return self._notify(
            self.env._("Members matched"),
            self.env._(
                "%(verified)s mapped on their verified e-mail, %(suggested)s "
                "suggestions to review.",
                verified=len(verified),
                suggested=len(suggested),
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def action_review_member_suggestions(self):
        """Open the list of the suggestions to confirm together.

        Connector managers only (checked before anything). The wizard keeps
        the suggestions as they are now: confirming applies only those that
        have not changed since (see ``trello.member.suggestion.wizard``).
        """
        self.check_access("write")
        self.ensure_one()
        members = self.member_ids.filtered(
            lambda m: not m.user_id and m.suggested_user_id
        )
        if not members:
            raise UserError(self.env._("No member has a suggestion to confirm."))
        wizard = self.env["trello.member.suggestion.wizard"].create(
            {
                "backend_id": self.id,
                "line_ids": [
                    Command.create(
                        {
                            "member_id": member.id,
                            "user_id": member.suggested_user_id.id,
                            "reason": member.suggestion_reason,
                        }
                    )
                    for member in members
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Confirm Suggested Users"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..access import records_to_export


class TrelloMailMessage(models.Model):
    """A Trello comment (a ``commentCard`` action) kept as a chatter note."""

    _name = "trello.mail.message"
    _inherit = "trello.binding"
    _inherits = {"mail.message": "odoo_id"}
    _description = "Trello Comment"

    odoo_id = fields.Many2one(
        "mail.message", string="Message", required=True, index=True, ondelete="cascade"
    )
    card_binding_id = fields.Many2one(
        "trello.project.task", string="Card", index=True, ondelete="cascade"
    )
    trello_member_id = fields.Many2one("trello.member", string="Trello Author")
    trello_text = fields.Text(string="Trello Text (Markdown)")

    _sql_constraints = [
        (
            "trello_odoo_uniq",
            "unique(backend_id, odoo_id)",
            "This message is already bound to a comment of this backend.",
        ),
    ]


class MailMessage(models.Model):
    _inherit = "mail.message"

    trello_bind_ids = fields.One2many(
        "trello.mail.message",
        "odoo_id",
        string="Trello Comment Bindings",
        copy=False,
        context={"active_test": False},
    )

    def trello_export(self, fields=None):
        """Post the messages of synchronized tasks as card comments now.

        Only notes and messages written by a person on a task are exported;
        a message already bound (imported, or exported before) is updated.
        A project user who may read the messages, or the connector.
        """
        messages = (
            records_to_export(self, "read")
            .sudo()
            .filtered(
                lambda m: m.model == "project.task" and m.message_type == "comment"
            )
        )
        return (
            self.env["trello.mail.message"]
            .sudo()
            ._export_on_task_cards(messages, fields)
        )

    def unlink(self):
        """A deleted message deletes its card comment, once Odoo's unlink
        succeeded (``trello.binding._unlink_and_follow``)."""
        bindings = self.sudo().trello_bind_ids
        return bindings._unlink_and_follow(self, super().unlink, drop=False)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

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
    trello_changed_by_ids = fields.Many2many(
        "trello.member",
        "mail_message_trello_changed_by_rel",
        "message_id",
        "member_id",
        string="Changed in Trello By",
        copy=False,
        readonly=True,
        groups="connector.group_connector_manager",
        help="The Trello members whose changes an import's note reports "
        "(trello.import.tracker).",
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

    def _trello_name_changed_by_again(self):
        """Write again the names an import's note gives its members.

        After a member's personal data is erased: the notes that name the
        members (those OdooBot signs; a mapped member's note is signed by
        its user and names nobody) then say "Erased Trello member".
        """
        root = self.env.ref("base.partner_root")
        for message in self.filtered(lambda m: m.author_id == root):
            names = ", ".join(
                member._changed_by_name() for member in message.trello_changed_by_ids
            )
            message.body = Markup("<p>%s</p>") % self.env._(
                "Changed in Trello by %(names)s", names=names
            )

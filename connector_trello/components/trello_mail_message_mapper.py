# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping, only_create

from ..tools import keep_full_text, markdown_to_html
from .trello_import_mapper import trello_datetime


class TrelloMailMessageImportMapper(Component):
    """``commentCard`` action -> internal note on the task, author kept."""

    _name = "trello.mail.message.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.mail.message"]

    @mapping
    def date(self, record):
        # An edited comment (updateComment) does not carry its first date.
        return (
            {"date": trello_datetime("date")(self, record, "date")}
            if record.get("date")
            else {}
        )

    @mapping
    def body(self, record):
        text = record.get("data", {}).get("text") or ""
        binding = self.options.binding
        if binding and keep_full_text(text, binding.trello_text, "odoo") != text:
            # Trello holds the shortened text exported: Odoo keeps its own
            return {"trello_text": text, "body": binding.body}
        return {"trello_text": text, "body": markdown_to_html(text) or ""}

    @only_create
    @mapping
    def document(self, record):
        card = self.options.card_binding
        return {
            "card_binding_id": card.id,
            "model": "project.task",
            "res_id": card.odoo_id.id,
            "record_name": card.name,
            "message_type": "comment",
            "subtype_id": self.env.ref("mail.mt_note").id,
        }

    @mapping
    def author(self, record):
        member = self.binder_for("trello.member").to_internal(
            record.get("idMemberCreator")
        )
        if member.user_id:
            return {
                "trello_member_id": member.id,
                "author_id": member.user_id.partner_id.id,
                "email_from": member.user_id.partner_id.email_formatted,
            }
        return {
            "trello_member_id": member.id,
            "author_id": False,
            "email_from": member._author_label(record.get("memberCreator")),
        }

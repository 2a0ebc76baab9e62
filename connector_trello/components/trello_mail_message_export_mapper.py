# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import changed_by, mapping

from ..tools import fit_text, html_to_markdown, markdown_to_html, same_html


class TrelloMailMessageExportMapper(Component):
    """Chatter message -> card comment, signed when someone else wrote it.

    Trello posts every comment as the token's member: a message written by
    another person starts with ``**Name**:`` so the card says who wrote it.
    """

    _name = "trello.mail.message.export.mapper"
    _inherit = "trello.export.mapper"
    _apply_on = ["trello.mail.message"]

    @changed_by("body")
    @mapping
    def text(self, record):
        return {"text": fit_text(self._text(record))}

    def _text(self, record):
        synced = record.trello_text or ""
        if synced and same_html(record.body, markdown_to_html(synced)):
            return synced
        text = html_to_markdown(record.body)
        if not self._written_by_token_member(record):
            text = f"**{record.author_id.name or record.email_from}**: {text}"
        return text

    def full_texts(self, record):
        return {"text": self._text(record)}

    def _written_by_token_member(self, record):
        member = self.binder_for("trello.member").to_internal(
            self.backend_record.member_external_id
        )
        partner = member.user_id.partner_id
        return bool(partner) and record.author_id == partner

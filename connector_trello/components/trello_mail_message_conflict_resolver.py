# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloMailMessageConflictResolver(Component):
    """Comment <-> chatter message: its text.

    A comment is a ``commentCard`` action: its text is ``data.text`` and
    its last change ``data.dateLastEdited``. The base is the Markdown kept
    on the binding (``trello_text``). The note goes on the task.
    """

    _name = "trello.mail.message.conflict.resolver"
    _inherit = "trello.conflict.resolver"
    _apply_on = ["trello.mail.message"]
    #: ``trello_text`` mirrors Trello (the base): it follows even when
    #: Odoo keeps its text.
    _merged_fields = {"text": ("body",)}

    def base_values(self, binding):
        return {"text": binding.trello_text or ""}

    def trello_values(self, trello_record):
        data = trello_record.get("data") or {}
        return {"text": data["text"]} if "text" in data else {}

    def _trello_date(self, trello_record):
        data = trello_record.get("data") or {}
        return data.get("dateLastEdited") or trello_record.get("date")

    def _odoo_wins(self, binding, trello_record):
        """Trello lets only its author edit a comment: another member's
        comment keeps Trello's text (the only one both sides can hold)."""
        member = binding.trello_member_id
        if member and member.external_id != self.backend_record.member_external_id:
            return False
        return super()._odoo_wins(binding, trello_record)

    def _field_labels(self):
        return {"text": self.env._("a comment's text")}

    def _note_record(self, binding):
        return binding.card_binding_id.odoo_id

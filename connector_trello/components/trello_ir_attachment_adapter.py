# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloIrAttachmentAdapter(Component):
    """Attachments: read with their card, uploaded and deleted through it."""

    _name = "trello.ir.attachment.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.ir.attachment"]
    _trello_path = "attachments"
    _created_in_route = "cards/{container}/attachments"

    def upload(self, card_id, name, raw, mimetype):
        """``POST /cards/{id}/attachments`` as multipart: the file itself."""
        return self.client.request(
            "POST",
            f"cards/{card_id}/attachments",
            params={"name": name, "mimeType": mimetype or ""},
            files={"file": (name, raw or b"", mimetype or "application/octet-stream")},
        )

    def delete(self, external_id, card_id=None):  # pylint: disable=method-required-super
        if not card_id:
            binding = self.binder_for().to_internal(external_id)
            card_id = binding.card_binding_id.external_id
        return self.client.delete(f"cards/{card_id}/attachments/{external_id}")

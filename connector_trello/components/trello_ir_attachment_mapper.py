# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping, only_create


class TrelloIrAttachmentImportMapper(Component):
    """Attachment -> task attachment: the file when downloaded, else a link."""

    _name = "trello.ir.attachment.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.ir.attachment"]

    direct = [
        ("name", "name"),
        ("isUpload", "trello_is_upload"),
        ("url", "trello_download_url"),
    ]

    @mapping
    def size(self, record):
        return {"trello_bytes": record.get("bytes") or 0}

    @only_create
    @mapping
    def content(self, record):
        card = self.options.card_binding
        values = {
            "card_binding_id": card.id,
            "res_model": "project.task",
            "res_id": card.odoo_id.id,
        }
        raw = self.options.raw
        if raw is not None:
            values.update(type="binary", raw=raw, mimetype=record.get("mimeType"))
        else:
            values.update(type="url", url=record.get("url"))
        return values

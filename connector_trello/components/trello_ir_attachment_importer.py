# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

MEGABYTE = 1024 * 1024


class TrelloIrAttachmentImporter(Component):
    """Card attachment -> task attachment, downloaded once when allowed.

    Uploads are fetched with the OAuth header (Trello refuses query-string
    credentials on downloads since 2021) and only up to the backend's size
    cap; links, larger files, and every file when downloads are off, become
    URL attachments pointing at Trello.
    """

    _name = "trello.ir.attachment.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.ir.attachment"]
    _synced_keys = ("name", "bytes", "isUpload")

    def _get_trello_data(self):
        raise NotImplementedError(
            "Attachments are imported with their card (trello.project.task)."
        )

    def _mapper_options(self, binding):
        options = super()._mapper_options(binding)
        options.setdefault("raw", None)
        if not binding:
            options["raw"] = self._download()
        return options

    def _download(self):
        backend = self.backend_record
        record = self.trello_record
        if not (backend.download_attachments and record.get("isUpload")):
            return None
        max_bytes = backend.attachment_max_size * MEGABYTE
        if (record.get("bytes") or 0) > max_bytes:
            return None
        card_id = self.import_options["card_binding"].external_id
        file_name = record.get("fileName") or record.get("name")
        # The documented download route, under the backend's API URL (the
        # ``url`` of the JSON points at trello.com and expires after 1 h).
        path = f"cards/{card_id}/attachments/{record['id']}/download/{file_name}"
        return self.backend_adapter.client.download(path, max_bytes)

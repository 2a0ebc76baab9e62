# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from ..chatter import post_connector_note
from .trello_ir_attachment_importer import MEGABYTE


class TrelloIrAttachmentExporter(Component):
    """Task attachment -> file uploaded to the card (multipart).

    Files larger than the backend's size cap are not uploaded: a note on
    the task says so. A file is uploaded once; its deletion in Odoo deletes
    it from the card. (No export mapper: the file itself is the payload.)
    """

    _name = "trello.ir.attachment.exporter"
    _inherit = "trello.exporter"
    _apply_on = ["trello.ir.attachment"]
    _parent_field = "card_binding_id"

    def _must_skip(self):
        binding = self.binding
        if not binding.card_binding_id.external_id:
            return self.env._("The attachment's task is not synchronized.")
        if binding.external_id:
            return self.env._("Already in Trello: a file is uploaded once.")
        if binding.type != "binary":
            return self.env._("A link is not uploaded.")
        cap = self.backend_record.attachment_max_size * MEGABYTE
        if binding.file_size > cap:
            self._post_skipped_note(binding)
            return self.env._("Larger than the size cap: not uploaded.")
        return False

    def _post_skipped_note(self, binding):
        text = self.env._(
            "The file %(name)s (%(size)s MB) was not uploaded to Trello: it is "
            "larger than the backend's cap of %(cap)s MB.",
            name=binding.name,
            size=round(binding.file_size / MEGABYTE, 1),
            cap=self.backend_record.attachment_max_size,
        )
        post_connector_note(binding.card_binding_id.odoo_id, text)

    def _map_values(self, fields=None, for_create=False):
        return {}

    def _create_target(self, values):
        """A file is looked for among its card's, by name and size."""
        binding = self.binding
        return binding.card_binding_id.external_id, {
            "name": binding.name,
            "bytes": binding.file_size,
        }

    def _create_remote(self, values):
        binding = self.binding
        return self.backend_adapter.upload(
            binding.card_binding_id.external_id,
            binding.name,
            binding.raw,
            binding.mimetype,
        )

    def _binding_values(self, response):
        return {
            "trello_is_upload": bool(response.get("isUpload")),
            "trello_bytes": response.get("bytes") or 0,
            "trello_download_url": response.get("url"),
        }

    def _delete_in_trello(self):
        return True

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import quote

from odoo.addons.component.core import Component
from odoo.addons.connector.exception import IDMissingInBackend

from ..chatter import post_connector_note
from .trello_create_once import CLOCK_MARGIN, id_seconds

MEGABYTE = 1024 * 1024


class TrelloIrAttachmentImporter(Component):
    """Card attachment -> task attachment, downloaded once when allowed.

    Uploads are fetched with the OAuth header (Trello refuses query-string
    credentials on downloads since 2021) and only up to the backend's size
    cap; links, larger files, and every file when downloads are off, become
    URL attachments pointing at Trello. A file Trello no longer has when it
    is downloaded (deleted since the card was read) is skipped with a note
    on the task: it is one missing file, not a missing board.
    """

    _name = "trello.ir.attachment.importer"
    _inherit = "trello.importer"
    _apply_on = ["trello.ir.attachment"]
    _synced_keys = ("name", "bytes", "isUpload")

    def __init__(self, work_context):
        super().__init__(work_context)
        self.raw = None

    def _get_trello_data(self):
        raise NotImplementedError(
            "Attachments are imported with their card (trello.project.task)."
        )

    def _skip_reason(self, binding):
        """Never the file of a text Trello holds shortened: Odoo has the
        text itself (``trello.full.text``)."""
        if not binding and self._is_full_text_file():
            return self.env._(
                "The whole text of a field Trello holds shortened: Odoo has it."
            )
        return super()._skip_reason(binding)

    def _is_full_text_file(self):
        """A file the export attached, bound or being attached.

        Bound: its ``trello.full.text`` row. Being attached (its job has not
        committed): the create intent, by its id, or, the answer lost, by
        its card, name and size and a creation not older than the intent.
        """
        if self.env["trello.full.text"].search_count(
            [
                ("backend_id", "=", self.backend_record.id),
                ("external_id", "=", self.external_id),
            ],
            limit=1,
        ):
            return True
        record = self.trello_record
        card_id = self.import_options["card_binding"].external_id
        for intent in self._pending_intents("trello.full.text"):
            if intent["external_id"]:
                if intent["external_id"] == self.external_id:
                    return True
            elif (
                intent["container"] == card_id
                and intent["match"].get("name") == record.get("name")
                and intent["match"].get("bytes") == record.get("bytes")
                and id_seconds(self.external_id) >= intent["not_before"] - CLOCK_MARGIN
            ):
                return True
        return False

    def _must_skip(self, binding):
        """Download a new upload first: a file gone meanwhile is skipped."""
        self.raw = None
        if binding:
            return None
        try:
            self.raw = self._download()
        except IDMissingInBackend:
            return self._skip_missing_file()
        return None

    def _skip_missing_file(self):
        """Say in the task's chatter which file could not be downloaded."""
        name = self.trello_record.get("name") or self.trello_record.get("fileName")
        task = self.import_options["card_binding"].odoo_id
        note = self.env._(
            "The file %(name)s of the Trello card could not be downloaded: "
            "Trello no longer has it. It was skipped.",
            name=name,
        )
        post_connector_note(task, note)
        return note

    def _mapper_options(self, binding):
        options = super()._mapper_options(binding)
        options["raw"] = self.raw
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
        # The name is a path segment: ``#``, ``?`` or ``/`` in it would end it.
        path = (
            f"cards/{card_id}/attachments/{record['id']}/download/"
            f"{quote(file_name, safe='')}"
        )
        return self.backend_adapter.client.download(
            path, max_bytes, expected_size=record.get("bytes")
        )

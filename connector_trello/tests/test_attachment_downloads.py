# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attachment downloads: encoded file names, files gone meanwhile, the cap,
a connection dropped in the middle of a file."""

import io
from unittest.mock import patch

from urllib3 import HTTPResponse

from ..client import TrelloClient
from .hardening_common import SupportBoardCase

MEGABYTE = 1024 * 1024


class TestAttachmentDownloads(SupportBoardCase):
    def setUp(self):
        super().setUp()
        self.card = self.store_card("Password reset loop")

    def _upload(self, file_name, content):
        return self.store.add_attachment(
            self.emulator.member_id,
            self.card,
            content=content,
            mime_type="text/plain",
            file_name=file_name,
        )

    def _binding(self, attachment):
        return self.env["trello.ir.attachment"].search(
            [
                ("backend_id", "=", self.backend.id),
                ("external_id", "=", attachment["id"]),
            ]
        )

    def test_a_file_name_with_a_hash_is_downloaded(self):
        """``#`` would end the URL's path: the name is encoded."""
        upload = self._upload("invoice #42 (final).txt", b"Invoice 42\n")
        self.backend.action_synchronize()
        binding = self._binding(upload)
        self.assertEqual(binding.type, "binary")
        self.assertEqual(binding.raw, b"Invoice 42\n")
        self.assertEqual(binding.name, "invoice #42 (final).txt")

    def test_a_file_deleted_meanwhile_is_skipped_with_a_note(self):
        """A 404 on a download skips that file: the board is not "gone"."""
        gone = self._upload("minutes.txt", b"Minutes\n")
        kept = self._upload("kept.txt", b"Kept\n")
        store, member_id, card = self.store, self.emulator.member_id, self.card
        download = TrelloClient.download

        def download_after_deletion(client, url, max_bytes=None, **kwargs):
            # Someone deletes the file between the card read and its download.
            if gone["id"] in url and gone["id"] in store.attachments:
                store.delete_attachment(member_id, card, gone)
            return download(client, url, max_bytes, **kwargs)

        with patch.object(TrelloClient, "download", download_after_deletion):
            result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["title"], "Synchronization done")
        self.assertFalse(self._binding(gone))
        self.assertEqual(self._binding(kept).raw, b"Kept\n")
        task = self.task_of(self.card)
        self.assertEqual(self.task_attachments(task).mapped("name"), ["kept.txt"])
        self.assertIn(
            "The file minutes.txt of the Trello card could not be downloaded: "
            "Trello no longer has it. It was skipped.",
            self.texts(task.message_ids),
        )

    def test_the_size_cap_is_in_megabytes(self):
        """Cap 1 MB: a 0.5 MB file is downloaded, a 1.5 MB one stays a link."""
        small = self._upload("small.txt", b"s" * (MEGABYTE // 2))
        large = self._upload("large.txt", b"l" * (MEGABYTE * 3 // 2))
        self.backend.attachment_max_size = 1
        self.backend.action_synchronize()
        small_binding, large_binding = self._binding(small), self._binding(large)
        self.assertEqual(small_binding.type, "binary")
        self.assertEqual(len(small_binding.raw), MEGABYTE // 2)
        self.assertEqual(large_binding.type, "url")
        self.assertFalse(large_binding.raw)
        self.assertEqual(large_binding.url, large["url"])

    def test_a_download_cut_short_is_retried(self):
        """Half a file came (the connection dropped): nothing is stored, the
        synchronization fails as retryable, and the next run stores it whole."""
        content = b"Minutes of the meeting, line after line.\n" * 100
        upload = self._upload("minutes.txt", content)
        send = TrelloClient._send

        def drop_half_of_downloads(client, method, path, **kwargs):
            # The headers (Content-Length included) are the real ones; only
            # the first half of the body arrives before the connection ends.
            response = send(client, method, path, **kwargs)
            if "/download/" in path:
                body = response.raw.read()
                response.raw = HTTPResponse(
                    body=io.BytesIO(body[: len(body) // 2]),
                    headers=response.headers,
                    status=response.status_code,
                    preload_content=False,
                )
            return response

        with patch.object(TrelloClient, "_send", drop_half_of_downloads):
            result = self.backend.action_synchronize()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn(
            f"/download/minutes.txt from Trello was cut short: {len(content) // 2} "
            f"of {len(content)} bytes arrived.",
            result["params"]["message"],
        )
        self.assertFalse(self._binding(upload))
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=", "minutes.txt")])
        )
        # The job runs again; this time the whole file arrives.
        self.backend.action_synchronize()
        binding = self._binding(upload)
        self.assertEqual(binding.type, "binary")
        self.assertEqual(binding.raw, content)

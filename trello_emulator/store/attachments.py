"""Attachments: uploads (served back by the emulator) and URL links."""

import urllib.parse

from .common import iso


class AttachmentsMixin:
    def download_url(self, card_id, att_id, file_name):
        """The file's url, its name percent-encoded (``#``, spaces, emoji)."""
        return (
            f"{self.base_url}/1/cards/{card_id}/attachments/{att_id}"
            f"/download/{urllib.parse.quote(file_name, safe='')}"
        )

    def add_attachment(
        self,
        member_id,
        card,
        name=None,
        url=None,
        content=None,
        mime_type=None,
        file_name=None,
    ):
        """One attachment per call: an upload (``content``) or a URL link."""
        when = self.now()
        att_id = self.new_id(when)
        is_upload = content is not None
        if is_upload:
            file_name = file_name or "upload"
            url = self.download_url(card["id"], att_id, file_name)
        attachment = {
            "id": att_id,
            "bytes": len(content) if is_upload else None,
            "date": iso(when),
            "edgeColor": None,
            "idMember": member_id,
            "isUpload": is_upload,
            "mimeType": (mime_type or "application/octet-stream")
            if is_upload
            else (mime_type or ""),
            "name": name or (file_name if is_upload else url),
            "previews": [],
            "url": url,
            "pos": self.resolve_pos(
                None, [self.attachments[a] for a in card["_idAttachments"]]
            ),
            "fileName": file_name if is_upload else None,
            "_idCard": card["id"],
            "_content": content,
        }
        self.attachments[att_id] = attachment
        card["_idAttachments"].append(att_id)
        data = {"attachment": {"id": att_id, "name": attachment["name"], "url": url}}
        if is_upload and attachment["mimeType"].startswith("image/"):
            # Trello makes previews of images, lists them on the attachment
            # and names them in the action; a PDF or a text file has none
            # (``previews: []``, as recorded for an upload of a ``.rb``).
            base, _, tail = url.rpartition("/download/")
            attachment["previews"] = self._previews(base, tail, len(content))
            for key, size in (("previewUrl", "preview"), ("previewUrl2x", "preview2x")):
                data["attachment"][key] = f"{base}/previews/{size}/download/{tail}"
        self._card_action("addAttachmentToCard", member_id, card, when, data)
        return attachment

    #: The preview sizes of an image, as the recordings list them first
    #: (``attachment_get__2020-04``: 70x50, then 250x150).
    PREVIEW_SIZES = ((70, 50), (250, 150))

    def _previews(self, base, tail, size):
        """An image's ``previews``, in the recorded shape. The emulator does
        not scale: each preview downloads the uploaded file itself."""
        previews = []
        for width, height in self.PREVIEW_SIZES:
            preview_id = self.new_id(self.peek_now())
            previews.append(
                {
                    "id": preview_id,
                    "_id": preview_id,
                    "scaled": False,
                    "url": f"{base}/previews/{preview_id}/download/{tail}",
                    "bytes": size,
                    "height": height,
                    "width": width,
                }
            )
        return previews

    def delete_attachment(self, member_id, card, attachment):
        when = self.now()
        card["_idAttachments"].remove(attachment["id"])
        del self.attachments[attachment["id"]]
        if card["idAttachmentCover"] == attachment["id"]:
            card["idAttachmentCover"] = None
        data = {"attachment": {"id": attachment["id"], "name": attachment["name"]}}
        self._card_action("deleteAttachmentFromCard", member_id, card, when, data)

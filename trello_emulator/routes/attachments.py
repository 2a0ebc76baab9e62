"""``/1/cards/{id}/attachments…``: uploads, links, downloads."""

import re
import urllib.parse

from ..errors import ApiError, invalid_id, invalid_value, not_found
from ..render import (
    parse_fields,
)
from ..store import ID_RE
from .common import (
    route,
    with_limits,
)


@route("POST", "/1/cards/<ref>/attachments")
def add_attachment(call, ref):
    card = call.card(ref)
    if len(card["_idAttachments"]) >= 100:
        raise ApiError(403, "ATTACHMENTS_PER_CARD limit exceeded")
    name = call.text("name", max_len=256)
    mime = call.text("mimeType", max_len=256)
    upload = call.files.get("file")
    if upload is not None:
        content = upload.read()
        file_name = upload.filename or "upload"
        mime = mime or (
            upload.mimetype
            if upload.mimetype and upload.mimetype != "application/octet-stream"
            else None
        )
        if not mime:
            import mimetypes

            mime = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        att = call.store.add_attachment(
            call.member_id,
            card,
            name=name,
            content=content,
            mime_type=mime,
            file_name=file_name,
        )
    else:
        url = call.text("url", max_len=2048)
        if not url or not re.match(r"^https?://", url):
            raise invalid_value("url")
        att = call.store.add_attachment(
            call.member_id, card, name=name, url=url, mime_type=mime
        )
    if call.flag("setCover", default=False) and att["isUpload"]:
        call.store.update_card(call.member_id, card, {"idAttachmentCover": att["id"]})
    return with_limits(call.ctx.attachment(att))


def _card_attachment(call, card, att_ref):
    if not ID_RE.match(att_ref):
        raise invalid_id()
    att = call.store.attachments.get(att_ref.lower())
    if att is None or att["_idCard"] != card["id"]:
        raise not_found()
    return att


@route("GET", "/1/cards/<ref>/attachments/<att_ref>")
def get_attachment(call, ref, att_ref):
    att = _card_attachment(call, call.card(ref), att_ref)
    return call.ctx.attachment(att, parse_fields(call.params.get("fields")))


@route("DELETE", "/1/cards/<ref>/attachments/<att_ref>")
def delete_attachment(call, ref, att_ref):
    card = call.card(ref)
    att = _card_attachment(call, card, att_ref)
    call.store.delete_attachment(call.member_id, card, att)
    return {"limits": {}}  # what Trello answers to this DELETE


@route(
    "GET",
    "/1/cards/<ref>/attachments/<att_ref>/download/<file_name>",
    header_auth_only=True,
)
def download_attachment(call, ref, att_ref, file_name):
    from werkzeug.wrappers import Response

    card = call.card(ref)
    att = _card_attachment(call, card, att_ref)
    if not att["isUpload"] or att["fileName"] != file_name:
        raise not_found()
    return Response(
        att["_content"],
        status=200,
        headers={
            "Content-Type": att["mimeType"],
            "Content-Disposition": content_disposition(file_name),
        },
    )


@route(
    "GET",
    "/1/cards/<ref>/attachments/<att_ref>/previews/<preview>/download/<file_name>",
    header_auth_only=True,
)
def download_preview(call, ref, att_ref, preview, file_name):
    """An image's preview (a ``previews`` url, or the action's
    ``previewUrl``/``previewUrl2x``): the uploaded file, not scaled."""
    card = call.card(ref)
    att = _card_attachment(call, card, att_ref)
    known = {p["id"] for p in att["previews"]} | {"preview", "preview2x"}
    if not att["previews"] or preview not in known:
        raise not_found()
    return download_attachment(call, ref, att_ref, file_name)


def content_disposition(file_name):
    """``attachment`` with the name in ASCII and, in full, as RFC 5987 UTF-8.

    HTTP headers are Latin-1 on the wire: an emoji or Arabic name written as
    is breaks the answer.  Clients that read ``filename*`` (RFC 6266) get the
    exact name; older ones get an ASCII approximation.
    """
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
        for c in file_name
    )
    quoted = urllib.parse.quote(file_name, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quoted}"

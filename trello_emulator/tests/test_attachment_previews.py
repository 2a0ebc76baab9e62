"""Previews of uploads, checked against the recordings.

``shared/data/real-trello-responses``: an image's attachment lists its
``previews`` (``attachment_get__2020-04``, ``card_attachments__2020-04``:
``id``, ``_id``, ``scaled``, ``url``, ``bytes``, ``height``, ``width``); a
file Trello makes no preview of has ``previews: []``
(``attachment_upload__2023-11``, a ``.rb`` file); the ``addAttachmentToCard``
action of an image upload names ``previewUrl`` and ``previewUrl2x``
(``webhook_actions__2023``). No recording shows the action of a non-image
upload: the emulator names no preview there, having none to name.
"""

import json

import pytest
import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN

from .conftest import board_by_name
from .test_fidelity import DATA, shape_problems

HEADER = {
    "Authorization": f'OAuth oauth_consumer_key="{DEFAULT_KEY}", '
    f'oauth_token="{DEFAULT_TOKEN}"'
}


def _recorded(name):
    return json.loads((DATA / f"{name}.json").read_text())["body"]


RECORDED_IMAGE = _recorded("attachment_get__2020-04")
RECORDED_FILE = _recorded("attachment_upload__2023-11")
RECORDED_ACTION = _recorded("webhook_actions__2023")[0]["data"]["attachment"]

# file name, MIME type, whether Trello previews it
UPLOADS = [
    ("shot.png", "image/png", True),
    ("photo.jpeg", "image/jpeg", True),
    ("report.pdf", "application/pdf", False),
    ("notes.txt", "text/plain", False),
]


@pytest.mark.parametrize(("file_name", "mime", "is_image"), UPLOADS)
def test_previews_as_recorded(api, emu, file_name, mime, is_image):
    board = board_by_name(api, "Website relaunch")
    card = api.ok("GET", f"/boards/{board['id']}/cards")[0]
    content = b"\x89PNG\r\n\x1a\n" if is_image else b"%PDF-1.4 or text"
    resp = api.request(
        "POST",
        f"/cards/{card['id']}/attachments",
        files={"file": (file_name, content, mime)},
    )
    assert resp.status_code == 200, resp.text
    att = resp.json()
    recorded = RECORDED_IMAGE if is_image else RECORDED_FILE
    assert shape_problems(recorded, att) == []
    read = api.ok("GET", f"/cards/{card['id']}/attachments/{att['id']}")
    assert read["previews"] == att["previews"]
    action = api.ok(
        "GET", f"/boards/{board['id']}/actions", filter="addAttachmentToCard"
    )[0]
    assert action["data"]["attachment"]["id"] == att["id"]
    named = action["data"]["attachment"]
    if not is_image:
        assert att["previews"] == []
        assert set(named) == {"id", "name", "url"}
        return
    assert [set(p) for p in att["previews"]] == [
        set(p) for p in RECORDED_IMAGE["previews"]
    ]
    assert [(p["width"], p["height"]) for p in att["previews"]] == [
        (p["width"], p["height"]) for p in RECORDED_IMAGE["previews"]
    ]
    assert set(named) == set(RECORDED_ACTION)
    assert shape_problems(RECORDED_ACTION, named) == []
    # every preview url is served (the file itself: the emulator does not scale)
    urls = [p["url"] for p in att["previews"]]
    urls += [named["previewUrl"], named["previewUrl2x"]]
    for url in urls:
        got = requests.get(url, headers=HEADER, timeout=5)
        assert got.status_code == 200 and got.content == content, url
    other = urls[0].replace(att["previews"][0]["id"], "f" * 24)
    assert requests.get(other, headers=HEADER, timeout=5).status_code == 404

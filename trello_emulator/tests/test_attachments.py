"""Uploads, URL attachments and the header-only download route."""

import urllib.parse

import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN

from .conftest import board_by_name

HEADER = {
    "Authorization": f'OAuth oauth_consumer_key="{DEFAULT_KEY}", '
    f'oauth_token="{DEFAULT_TOKEN}"'
}


def _card(api):
    board = board_by_name(api, "Website relaunch")
    return api.ok("GET", f"/boards/{board['id']}/cards")[0]


def test_upload_and_download(api, emu):
    card = _card(api)
    resp = api.request(
        "POST",
        f"/cards/{card['id']}/attachments",
        files={"file": ("report.csv", b"a,b\n1,2\n", "text/csv")},
    )
    assert resp.status_code == 200, resp.text
    att = resp.json()
    assert att["isUpload"] is True and att["bytes"] == 8
    assert att["mimeType"] == "text/csv" and att["fileName"] == "report.csv"
    assert att["name"] == "report.csv"
    expected = (
        f"{emu.url}/1/cards/{card['id']}/attachments/{att['id']}" "/download/report.csv"
    )
    assert att["url"] == expected
    got = requests.get(att["url"], headers=HEADER, timeout=5)
    assert got.status_code == 200 and got.content == b"a,b\n1,2\n"
    assert got.headers["Content-Type"].startswith("text/csv")
    by_query = requests.get(
        att["url"], params={"key": DEFAULT_KEY, "token": DEFAULT_TOKEN}, timeout=5
    )
    assert by_query.status_code == 401
    assert requests.get(att["url"], timeout=5).status_code == 401
    listed = api.ok("GET", f"/cards/{card['id']}/attachments")
    assert att["id"] in [a["id"] for a in listed]
    action = api.ok(
        "GET", f"/boards/{card['idBoard']}/actions", filter="addAttachmentToCard"
    )[0]
    assert action["data"]["attachment"]["id"] == att["id"]
    assert api.ok("DELETE", f"/cards/{card['id']}/attachments/{att['id']}") == {
        "limits": {}
    }
    assert requests.get(att["url"], headers=HEADER, timeout=5).status_code == 404


def test_url_attachment_and_seeded_upload(api):
    card = _card(api)
    att = api.ok(
        "POST",
        f"/cards/{card['id']}/attachments",
        url="https://example.com/spec.pdf",
        name="Spec",
    )
    assert att["isUpload"] is False and att["bytes"] is None
    assert att["url"] == "https://example.com/spec.pdf" and att["name"] == "Spec"
    assert (
        api.post(f"/cards/{card['id']}/attachments", url="ftp://x").status_code == 400
    )
    board = board_by_name(api, "Website relaunch")
    cards = api.ok("GET", f"/boards/{board['id']}/cards", attachments="true")
    uploads = [a for c in cards for a in c["attachments"] if a["isUpload"]]
    assert len(uploads) == 1 and uploads[0]["fileName"] == "notes.txt"
    body = requests.get(uploads[0]["url"], headers=HEADER, timeout=5)
    assert body.content.startswith(b"Hero banner notes")


def test_seeded_upload_url_uses_the_live_address():
    from trello_emulator import TrelloEmulator

    from .conftest import Client

    with TrelloEmulator(seed="demo") as emu:  # seeded before the port was known
        client = Client(emu)
        board = board_by_name(client, "Website relaunch")
        cards = client.ok("GET", f"/boards/{board['id']}/cards", attachments="true")
        upload = next(a for c in cards for a in c["attachments"] if a["isUpload"])
        assert upload["url"].startswith(emu.url + "/1/cards/")
        got = requests.get(upload["url"], headers=HEADER, timeout=5)
        assert got.status_code == 200


def test_download_of_non_latin1_file_names(api):
    """Emoji and right-to-left names download, named per RFC 5987/6266."""
    card = _card(api)
    for name in ("😀 party.txt", "تقرير الربع.pdf", "a#b%c.txt"):
        resp = api.request(
            "POST",
            f"/cards/{card['id']}/attachments",
            files={"file": (name, name.encode(), "text/plain")},
        )
        assert resp.status_code == 200, resp.text
        att = resp.json()
        assert att["fileName"] == name
        assert "#" not in att["url"] and " " not in att["url"]
        got = requests.get(att["url"], headers=HEADER, timeout=5)
        assert got.status_code == 200, got.text
        assert got.content == name.encode()
        disposition = got.headers["Content-Disposition"]
        quoted = urllib.parse.quote(name, safe="")
        assert disposition.endswith(f"filename*=UTF-8''{quoted}")
        assert disposition.isascii()

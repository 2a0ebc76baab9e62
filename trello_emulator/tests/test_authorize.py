"""``/1/authorize``: Trello's page that gives an application a token."""

import logging
from urllib.parse import urlencode

import pytest
import requests

from trello_emulator import DEFAULT_KEY, DEFAULT_TOKEN, TrelloEmulator

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
#: What the connector's "Get a Token" link sends.
ODOO_LINK = {
    "expiration": "never",
    "scope": "read,write",
    "response_type": "token",
    "name": "Odoo: Our Trello",
    "key": DEFAULT_KEY,
}


@pytest.fixture
def web():
    session = requests.Session()
    session.trust_env = False
    return session


def _open(web, emu, **params):
    return web.get(f"{emu.url}/1/authorize?{urlencode(params)}", timeout=5)


def _answer(web, emu, decision="allow", **fields):
    form = dict(fields, decision=decision)
    return web.post(f"{emu.url}/1/authorize", data=form, timeout=5)


def test_page_names_the_application_scope_and_expiration(emu, web):
    emu.reset_counters()
    page = _open(web, emu, **ODOO_LINK)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Cache-Control"] == "no-store"
    text = page.text
    assert "<h2>Let Odoo: Our Trello use your account?</h2>" in text
    assert "Signed in as Alice" in text and "(@alice)" in text
    assert "<li>read your boards, lists, cards, comments and members</li>" in text
    assert "<li>create and change boards, lists, cards" in text
    assert "e-mail address" not in text  # no account scope asked
    assert "until you revoke it (the token never expires)" in text
    # Allow posts the link's parameters back to the same page, key in the body.
    assert '<form method="post" action="/1/authorize">' in text
    for name, value in ODOO_LINK.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in text
    assert '<button name="decision" value="allow">Allow</button>' in text
    assert DEFAULT_TOKEN not in text  # no token before Allow
    assert 'http-equiv="refresh"' not in text
    # A page: counted under its own template, never rate limited.
    assert emu.counters()["by_route"] == {"GET /1/authorize": 1}
    assert "x-rate-limit-api-key-max" not in page.headers


def test_trello_defaults_read_for_30_days(emu, web):
    text = _open(web, emu, key=DEFAULT_KEY).text
    assert "<h2>Let An application use your account?</h2>" in text
    assert "<li>read your boards" in text
    assert "create and change" not in text
    assert "It keeps this access for 30 days." in text
    assert '<input type="hidden" name="scope" value="read">' in text


def test_allow_shows_the_token_the_api_accepts(emu, web):
    answer = _answer(web, emu, **ODOO_LINK)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    text = answer.text
    assert f'value="{DEFAULT_TOKEN}"' in text
    assert "Odoo: Our Trello may now use the account of Alice" in text
    assert "paste it into the <strong>Token</strong> field" in text
    me = web.get(
        f"{emu.api_url}/members/me",
        params={"key": DEFAULT_KEY, "token": DEFAULT_TOKEN},
        timeout=5,
    )
    assert me.status_code == 200 and me.json()["id"] == emu.member_id


def test_deny_gives_no_token(emu, web):
    answer = _answer(web, emu, decision="deny", **ODOO_LINK)
    assert answer.status_code == 200
    assert "Odoo: Our Trello was not allowed to use your account" in answer.text
    assert DEFAULT_TOKEN not in answer.text


def test_a_wrong_key_is_refused_without_a_token(emu, web):
    wrong = "f" * 32
    link = dict(ODOO_LINK, key=wrong)
    page = _open(web, emu, **link)
    assert page.status_code == 401
    assert "<h2>Invalid API key</h2>" in page.text
    assert "This emulator does not know that API key." in page.text
    assert wrong not in page.text and "Allow" not in page.text
    forged = _answer(web, emu, **link)  # posting Allow anyway
    assert forged.status_code == 401
    assert DEFAULT_TOKEN not in forged.text
    missing = _open(web, emu, name="Odoo")
    assert missing.status_code == 400
    assert "The link has no API key" in missing.text


def test_bad_scope_expiration_or_response_type_say_why(emu, web):
    scope = _open(web, emu, **dict(ODOO_LINK, scope="read,admin"))
    assert scope.status_code == 400
    assert "Unknown scope &#x27;admin&#x27;: the scope is a comma list" in scope.text
    expiration = _open(web, emu, **dict(ODOO_LINK, expiration="forever"))
    assert expiration.status_code == 400
    assert "it is 1hour, 1day, 30days or never." in expiration.text
    kind = _open(web, emu, **dict(ODOO_LINK, response_type="code"))
    assert kind.status_code == 400
    assert "This page gives tokens only" in kind.text
    for answer in (scope, expiration, kind):
        assert "Allow" not in answer.text and DEFAULT_TOKEN not in answer.text


def test_the_application_name_is_escaped(emu, web):
    link = dict(ODOO_LINK, name=HOSTILE)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"
    for answer in (_open(web, emu, **link), _answer(web, emu, **link)):
        assert answer.status_code == 200
        assert "<script" not in answer.text and "<img" not in answer.text
        assert escaped in answer.text
    page = _open(web, emu, **link).text
    assert f'<input type="hidden" name="name" value="{escaped}' in page
    assert f"<h2>Let {escaped}" in page


def test_a_configured_key_and_token_and_no_token_in_the_log(web, caplog):
    key, token = "1" * 32, "2" * 64
    with TrelloEmulator(seed="empty", key=key, token=token, verbose=True) as emu:
        assert _open(web, emu, **ODOO_LINK).status_code == 401  # DEFAULT_KEY
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            answer = _answer(web, emu, **dict(ODOO_LINK, key=key))
        assert answer.status_code == 200
        assert f'value="{token}"' in answer.text
        assert DEFAULT_TOKEN not in answer.text
    assert "POST /1/authorize HTTP/1.1" in caplog.text
    assert token not in caplog.text and key not in caplog.text

"""Key/token extraction and Trello's exact 401 answers.

Trello accepts credentials in the query string, in a form or JSON body, or
in an ``Authorization: OAuth oauth_consumer_key="…", oauth_token="…"``
header.  The attachment download route is the exception: since 2021 it only
honours the header, so :func:`credentials` reports where they came from.
"""

import re

from .errors import ApiError

OAUTH_PARAM_RE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def parse_oauth_header(value):
    """``OAuth k="v", …`` to ``(key, token)``; ``(None, None)`` otherwise."""
    if not value or not value.strip().lower().startswith("oauth"):
        return None, None
    params = dict(OAUTH_PARAM_RE.findall(value))
    return params.get("oauth_consumer_key") or None, params.get("oauth_token") or None


def credentials(headers, params):
    """Return ``(key, token, from_header)`` for a request."""
    key, token = parse_oauth_header(headers.get("Authorization"))
    if key or token:
        return key, token, True
    key = params.get("key") or None
    token = params.get("token") or None
    return (str(key) if key else None), (str(token) if token else None), False


def authenticate(key, token, expected_key, tokens):
    """Return the member id of ``token`` or raise Trello's 401.

    The bodies are the ones real-API test suites compare against
    (trello-api.md §1.2): no credentials at all and a key without token both
    give ``unauthorized permission requested``; a token without key gives
    ``invalid app key``; a wrong key ``invalid key``; a wrong token
    ``invalid token``.
    """
    if not key and not token:
        raise ApiError(401, "unauthorized permission requested")
    if not key:
        raise ApiError(401, "invalid app key")
    if key != expected_key:
        raise ApiError(401, "invalid key")
    if not token:
        raise ApiError(401, "unauthorized permission requested")
    member_id = tokens.get(token)
    if member_id is None:
        raise ApiError(401, "invalid token")
    return member_id

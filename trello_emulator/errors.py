"""Error type shared by the store and the HTTP layer.

Trello answers most errors with a short plain-text body (``invalid id``,
``The requested resource was not found.``), a few with JSON (429, 449).
Handlers raise :class:`ApiError` and the WSGI layer turns it into exactly
that answer, so the wording lives in one place.
"""

NOT_FOUND = "The requested resource was not found."
INVALID_ID = "invalid id"
MODEL_NOT_FOUND = "model not found"
UNAUTHORIZED = "unauthorized permission requested"
# an organization named by a name that matches none
ID_INVALID_OR_NOT_FOUND = "invalid id"


class ApiError(Exception):
    """An HTTP error answer: status code plus a plain-text (or JSON) body."""

    def __init__(self, status, body, json_body=None):
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body
        self.json_body = json_body


def not_found():
    """Well-formed id that matches nothing (Trello: 404, plain text)."""
    return ApiError(404, NOT_FOUND)


def model_not_found():
    """An unknown member (Trello's older 404 wording, still used there)."""
    return ApiError(404, MODEL_NOT_FOUND)


def invalid_id():
    """Malformed id (Trello: 400 ``invalid id``)."""
    return ApiError(400, INVALID_ID)


def invalid_value(name):
    """Bad parameter value, worded as Trello does: ``invalid value for X``."""
    return ApiError(400, f"invalid value for {name}")


def unauthorized(body=UNAUTHORIZED):
    """401 with one of Trello's plain-text bodies."""
    return ApiError(401, body)

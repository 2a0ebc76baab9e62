"""Fault kinds that answer one of Trello's error statuses, for the tests
that check what the admin reads for each of them.

``400`` answers ``invalid value for <ARG>`` (``400=idMembers``; default
``name``), as Trello does for a bad field; ``401`` ``invalid token``; ``403``
a refused permission; ``404`` ``The requested resource was not found.``;
``410`` a gone object; ``badjson`` a 200 whose body is an HTML page (a
captive portal or a proxy's page), not JSON.  Each fails the request before
the server does anything; in a ``/1/batch`` the item alone answers it.
"""

#: kind -> (status, plain-text body or None for the argument's, content type)
ANSWERS = {
    "400": (400, None, "text/plain; charset=utf-8"),
    "401": (401, "invalid token", "text/plain; charset=utf-8"),
    "403": (403, "unauthorized permission requested", "text/plain; charset=utf-8"),
    "404": (404, "The requested resource was not found.", "text/plain; charset=utf-8"),
    "410": (410, "Gone", "text/plain; charset=utf-8"),
    "badjson": (
        200,
        "<html><body><h1>Please sign in to the network</h1></body></html>",
        "text/html; charset=utf-8",
    ),
}
ERROR_KINDS = tuple(ANSWERS)
#: The kinds that take an argument (``KIND=ARG``).
WITH_ARGUMENT = frozenset({"400"})


def error_answer(kind, arg=None):
    """``(status, body, content_type)`` of an error fault."""
    status, body, content_type = ANSWERS[kind]
    if body is None:
        body = f"invalid value for {arg or 'name'}"
    return status, body, content_type

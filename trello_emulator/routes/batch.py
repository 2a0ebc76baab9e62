"""``/1/batch``."""

import re

from ..errors import invalid_value
from .common import (
    route,
)


@route("GET", "/1/batch", no_lock=True)
def batch(call):
    """Up to 10 GET routes (without ``/1``), answered as ``[{status: body}]``."""
    raw = call.params.get("urls")
    if raw is None or raw == "":
        raise invalid_value("urls")
    if isinstance(raw, list):
        urls = [str(u) for u in raw]
    else:
        urls = re.split(r",(?=/)", str(raw))
    urls = [u.strip() for u in urls if u.strip()]
    if not urls or len(urls) > 10:
        raise invalid_value("urls")
    out = []
    for url in urls:
        status, body = call.app.dispatch_internal(call, url)
        out.append({str(status): body})
    return out

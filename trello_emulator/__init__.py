"""trello_emulator: an Odoo-free, Trello-compatible HTTP server.

See README.md.  Typical use in a test::

    with TrelloEmulator(seed="demo") as emu:
        requests.get(emu.api_url + "/members/me",
                     params={"key": DEFAULT_KEY, "token": DEFAULT_TOKEN})
"""

from .faults import parse_spec as parse_fault_spec
from .server import (
    DEFAULT_KEY,
    DEFAULT_SECRET,
    DEFAULT_TOKEN,
    OTHER_TOKEN,
    TrelloEmulator,
)
from .webhooks import sign_webhook

__all__ = [
    "DEFAULT_KEY",
    "DEFAULT_SECRET",
    "DEFAULT_TOKEN",
    "OTHER_TOKEN",
    "TrelloEmulator",
    "parse_fault_spec",
    "sign_webhook",
]

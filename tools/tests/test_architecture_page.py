# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Keep docs/architecture.md honest: every file it names exists.

A reader trusts the page to open the right file in under a minute; a file
renamed or removed without the page following would send them nowhere.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "architecture.md"
HOMES = ("connector_trello", "connector_trello_queue", "trello_emulator", "tools")
PATH_RE = re.compile(r"[A-Za-z0-9_<>./-]+\.(?:py|xml|csv)\b")


def _candidates(name):
    """The files a name on the page may mean: as written, or under an addon."""
    pattern = re.sub(r"<[a-z]+>", "*", name)
    for base in (ROOT, *(ROOT / home for home in HOMES)):
        yield from base.glob(pattern)
    if "/" not in pattern:
        for home in HOMES:
            yield from (ROOT / home).rglob(pattern)


def _named_files():
    return sorted(set(PATH_RE.findall(PAGE.read_text(encoding="utf-8"))))


def test_the_page_names_files():
    assert len(_named_files()) > 20


def test_every_named_file_exists():
    missing = [name for name in _named_files() if not any(_candidates(name))]
    assert not missing, f"docs/architecture.md names files that do not exist: {missing}"

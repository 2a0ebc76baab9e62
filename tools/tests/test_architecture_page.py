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
#: The four flows the page draws, and the files each may cross at most
#: from the trigger to the HTTP request (issue 19).
FLOWS = (
    "Full import of a board",
    "Incremental import",
    "Export of an Odoo change",
    "Webhook",
)
MAX_FLOW_FILES = 5


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


def _flow_steps(title):
    """The steps of a flow's diagram, split at each ``→``.

    A step names one file; a name in brackets on a step is read there (a
    generic parent, the other addon's override), and an indented line
    without an arrow continues the step above.
    """
    text = PAGE.read_text(encoding="utf-8")
    section = text.split(f"\n### {title}\n", 1)[1]
    diagram = section.split("```\n", 2)[1]
    lines = [line for line in diagram.splitlines() if line.strip()]
    lines = [lines[0]] + [line for line in lines[1:] if line.startswith(" → ")]
    return [step for line in lines for step in line.split("→") if step.strip()]


def test_each_flow_crosses_at_most_five_files():
    for title in FLOWS:
        steps = _flow_steps(title)
        assert all(PATH_RE.search(step) for step in steps), (title, steps)
        assert len(steps) <= MAX_FLOW_FILES, (title, len(steps), steps)
        assert "client.py" in steps[-1], f"{title}: drawn to the HTTP request"

#!/usr/bin/env python3
"""Regenerate the addons' translation templates, as OCA ships them.

One command, from the repository root::

    python3 tools/export_pot.py

It installs ``connector_trello`` and ``connector_trello_queue`` into a
throwaway database (same PostgreSQL connection as ``tools/run_tests.py``),
exports each addon's terms with Odoo's own ``--i18n-export`` into
``<addon>/i18n/<addon>.pot`` with the header OCA ships (Odoo's, without
the creation and revision dates and with the series, ``18.0``, for the
version: a run that changes no string changes no file), updates the addon's
``.po`` files from it with ``msgmerge`` when there are any, and drops the
database whatever happened. Run it after changing a translatable string and
commit the ``.pot`` files with the change.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

from run_tests import (
    ADDONS,
    ROOT,
    drop_database,
    ensure_postgres,
    odoo_command,
    odoo_version,
)

#: Header lines that change at every run; OCA's templates do not have them.
DATED_HEADER_LINE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\n', re.M)
#: "Odoo Server 18.0-20250702": OCA's templates name the series only.
SERVER_VERSION = re.compile(
    r'^("Project-Id-Version: Odoo Server \d+\.\d+)[^\\"]*', re.M
)


def odoo(database, *extra):
    """Run Odoo on ``database`` until it stops; True when it succeeded.

    Warnings are shown, except the libraries' deprecation notices.
    """
    cmd = odoo_command(
        database,
        *extra,
        "--stop-after-init",
        "--log-level=warn",
        "--log-handler=py.warnings:ERROR",
    )
    return subprocess.call(cmd, cwd="/") == 0


def drop_throwaway_database(database, tries=10):
    """Drop the database, waiting out PostgreSQL's own workers.

    Right after an install, an autovacuum worker may still be on the
    database, and our role may not end a superuser's process: try again.
    """
    import psycopg2  # noqa: PLC0415 (comes with Odoo)

    for attempt in range(tries):
        try:
            return drop_database(database)
        except psycopg2.errors.InsufficientPrivilege:
            if attempt == tries - 1:
                raise
            time.sleep(2)


def export_pot(database, addon):
    """Write ``<addon>/i18n/<addon>.pot``; True when Odoo wrote it."""
    pot = ROOT / addon / "i18n" / f"{addon}.pot"
    pot.parent.mkdir(exist_ok=True)
    if not odoo(database, f"--i18n-export={pot}", f"--modules={addon}"):
        return False
    pot.write_text(as_oca_ships(pot.read_text()))
    print(f"wrote {pot.relative_to(ROOT)}")
    merge_po_files(pot)
    return True


def as_oca_ships(text):
    """Odoo's template with OCA's header: no dates, the series as version."""
    return SERVER_VERSION.sub(r"\1", DATED_HEADER_LINE.sub("", text), count=1)


def merge_po_files(pot):
    """Bring the addon's translations up to date with the new template."""
    po_files = sorted(pot.parent.glob("*.po"))
    if not po_files:
        return
    if not shutil.which("msgmerge"):
        print(f"msgmerge (gettext) is missing: {len(po_files)} .po file(s) not updated")
        return
    for po in po_files:
        subprocess.check_call(
            [
                "msgmerge",
                "--quiet",
                "--no-fuzzy-matching",
                "--update",
                str(po),
                str(pot),
            ]
        )
        print(f"updated {po.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "addons", nargs="*", default=ADDONS, help=f"default: {' '.join(ADDONS)}"
    )
    args = parser.parse_args()
    version = odoo_version()
    if not (version and version.startswith("18.0")):
        print(f"python3 ({sys.executable}) does not import Odoo 18.0 (found {version})")
        return 1
    if not ensure_postgres():
        print("no PostgreSQL server to install the addons in")
        return 1
    database = f"connector_trello_pot_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}"
    try:
        # Every addon of the repository is installed, so that the terms an
        # addon inherits from another are exported as Odoo sees them.
        if not odoo(database, "--init=" + ",".join(ADDONS)):
            print(f"installing {', '.join(ADDONS)} failed: no template written")
            return 1
        failed = [addon for addon in args.addons if not export_pot(database, addon)]
    finally:
        drop_throwaway_database(database)
    if failed:
        print(f"the export failed for {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

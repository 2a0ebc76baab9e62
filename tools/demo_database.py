# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``make demo``'s database: a copy of a template built once per code version.

The template has both addons installed with demo data; a copy takes
seconds, a build minutes. :func:`plan_database` decides from the keys
(:func:`code_key`) the databases carry in their PostgreSQL comment.
"""

import hashlib
import importlib.metadata
import re
import shutil
import time
import uuid
from pathlib import Path

import run_tests
from demo_common import DEMO_DIR, DemoError
from run_tests import ADDONS, DB_HOST, DB_PASSWORD, DB_PORT, DB_ROLE, ROOT


class DatabasePhase:
    """Reuse the demo database, copy it, or build its template first."""

    def prepare_database(self):
        """Reuse the demo database, or copy it from its template (in seconds).

        The template has both addons installed with demo data; it is built
        once (the slow part: Odoo installs some 45 modules), and again only
        when the code it was built from changed (:func:`code_key`). The demo
        database and the emulator's saved data go together: one is never
        reused without the other.
        """
        import psycopg2  # noqa: PLC0415 (comes with Odoo)

        if not run_tests.ensure_postgres():
            raise DemoError("no PostgreSQL server to hold the demo database")
        try:
            self._prepare_database()
        except psycopg2.Error as err:
            reason = str(err).strip().splitlines()[0]
            raise DemoError(f"PostgreSQL refused to prepare it: {reason}") from err

    def _prepare_database(self):
        database, template = self.args.database, self.template
        key = code_key()
        plan = plan_database(
            key,
            demo_key=database_key(database),
            template_key=database_key(template),
            reset=self.args.reset,
            emulator_state=self.emulator_state.exists() if self.uses_emulator else None,
        )
        if plan.action == "foreign":
            raise DemoError(
                f"the database {database} was not made by this version of make "
                "demo: `make demo ARGS=--reset` replaces it, or choose another "
                "name with ARGS='--database NAME'"
            )
        if plan.action == "reuse":
            saved = " and the emulator's saved data" if self.uses_emulator else ""
            self.say(f"Reusing the database {database}{saved} (--reset starts afresh)")
            return
        self.emulator_state.unlink(missing_ok=True)
        if plan.action == "build":
            self.build_template(template, key, plan.template_reason)
        started = time.monotonic()
        copy_database(template, database, self.data_dir)
        set_database_key(database, key)
        self.say(
            f"Database {database} copied from {template} in "
            f"{time.monotonic() - started:.1f} s ({plan.reason})"
        )

    def build_template(self, template, key, reason):
        self.say(
            f"Building the template database {template} ({reason}): both addons "
            "and Odoo's demo data, once until their code changes…"
        )
        started = time.monotonic()
        drop_database(template, self.data_dir)
        process = self.spawn(
            self.odoo_command(
                "--init=" + ",".join(ADDONS), "--stop-after-init", database=template
            ),
            "odoo-init.log",
        )
        if process.wait() != 0 or database_state(template) != "ready":
            raise DemoError(
                f"installing the addons failed: see {DEMO_DIR / 'odoo-init.log'}"
            )
        set_database_key(template, key)
        self.say(f"  built in {time.monotonic() - started:.0f} s")


class DatabasePlan:
    """What :meth:`Demo.prepare_database` does, and why (said to the user).

    ``action``: ``reuse`` the demo database, ``copy`` it from the template,
    or ``build`` the template first then copy it.
    """

    def __init__(self, action, reason="", template_reason=""):
        self.action = action
        self.reason = reason
        self.template_reason = template_reason

    def __repr__(self):
        return f"DatabasePlan({self.action!r}, {self.reason!r})"


def plan_database(key, demo_key, template_key, reset=False, emulator_state=None):
    """Decide from the keys of the two databases (:func:`database_key`).

    ``key`` is the current :func:`code_key`; ``emulator_state`` whether the
    emulator's saved data exists (None: no emulator, real Trello). A
    database that this tool did not make is never dropped without --reset.
    """
    if demo_key is None:
        reason = "it did not exist"
    elif reset:
        reason = "--reset"
    elif demo_key == "":
        return DatabasePlan("foreign")
    elif demo_key == UNFINISHED:
        reason = "its last copy did not finish"
    elif demo_key != key:
        reason = "the addons' code changed since it was made"
    elif emulator_state is False:
        reason = "the emulator's saved data is missing"
    else:
        return DatabasePlan("reuse")
    if template_key == key:
        return DatabasePlan("copy", reason)
    if template_key is None:
        template_reason = "it did not exist yet"
    elif template_key == "":
        template_reason = "its last build did not finish"
    else:
        template_reason = "the addons' code changed"
    return DatabasePlan("build", reason, template_reason)


#: What an installed database does not depend on: tests, documentation,
#: translations of languages the demo does not install, web assets (Odoo
#: rebuilds its bundles when their files change).
KEY_IGNORED_DIRS = {"tests", "readme", "static", "i18n", "__pycache__"}
KEY_IGNORED_FILES = {"README.rst", "pyproject.toml"}


def code_key(root=ROOT, addons=ADDONS, distributions=None):
    """A hash of the code an installed demo database comes from.

    The files of our addons that Odoo reads when it installs them, and the
    versions of Odoo and of the OCA addons (their Python distributions).
    """
    digest = hashlib.sha256()
    for addon in addons:
        base = Path(root) / addon
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(base)
            if (
                not path.is_file()
                or KEY_IGNORED_DIRS.intersection(relative.parts)
                or relative.name in KEY_IGNORED_FILES
                or path.suffix == ".pyc"
            ):
                continue
            digest.update(f"{addon}/{relative.as_posix()}\0".encode())
            digest.update(path.read_bytes())
    if distributions is None:
        distributions = odoo_distributions()
    for name, version in sorted(distributions):
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()[:16]


def odoo_distributions():
    """(name, version) of Odoo and of the Odoo addons installed with pip."""
    found = set()
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        if name == "odoo" or re.match(r"odoo(\d+)?-addon-", name):
            found.add((name, dist.version))
    return found


def pg_connect(database="postgres"):
    conn = run_tests.connect(database)
    conn.autocommit = True
    return conn


#: The comment that marks a database made by this tool, and from which code.
KEY_COMMENT = "make demo, code {key}"
#: The key of a copy until it is complete (then its code's key).
UNFINISHED = "unfinished"


def database_key(database):
    """The code key a database was made from; "" when unknown, None when
    there is no such database."""
    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = %s",
                (database,),
            )
            row = cr.fetchone()
    finally:
        conn.close()
    if row is None:
        return None
    match = re.fullmatch(KEY_COMMENT.format(key=r"(\w+)"), row[0] or "")
    return match.group(1) if match else ""


def set_database_key(database, key):
    from psycopg2 import sql  # noqa: PLC0415 (comes with Odoo)

    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(database),
                    sql.Literal(KEY_COMMENT.format(key=key)),
                )
            )
    finally:
        conn.close()


def drop_database(database, data_dir):
    """Drop a database and its filestore (both may be missing)."""
    from psycopg2 import sql  # noqa: PLC0415 (comes with Odoo)

    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(database)
                )
            )
    finally:
        conn.close()
    shutil.rmtree(Path(data_dir) / "filestore" / database, ignore_errors=True)


def copy_database(template, database, data_dir):
    """``createdb -T``, then what Odoo's own duplication does: a new uuid
    and secret for the copy, and a copy of the template's filestore.

    The copy is marked unfinished: the caller marks it with its key once
    everything it needs is done."""
    from psycopg2 import sql  # noqa: PLC0415 (comes with Odoo)

    drop_database(database, data_dir)
    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            # CREATE DATABASE … TEMPLATE needs the template to be unused (it
            # stops autovacuum itself; our role may not end the superuser's)
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid != pg_backend_pid() "
                "AND usename = current_user",
                (template,),
            )
            cr.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(database), sql.Identifier(template)
                )
            )
    finally:
        conn.close()
    set_database_key(database, UNFINISHED)
    conn = pg_connect(database)
    try:
        with conn.cursor() as cr:
            for key, value in (
                ("database.uuid", str(uuid.uuid1())),
                ("database.secret", str(uuid.uuid4())),
            ):
                cr.execute(
                    "UPDATE ir_config_parameter SET value = %s WHERE key = %s",
                    (value, key),
                )
            cr.execute(
                "UPDATE ir_config_parameter SET value = "
                "to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
                "WHERE key = 'database.create_date'"
            )
    finally:
        conn.close()
    filestore = Path(data_dir) / "filestore"
    if (filestore / template).is_dir():
        shutil.copytree(filestore / template, filestore / database)


def database_state(database):
    """``missing``, ``ready`` (both addons installed) or ``incomplete``."""
    import psycopg2  # noqa: PLC0415 (comes with Odoo)

    params = {"host": DB_HOST, "port": DB_PORT, "user": DB_ROLE}
    with psycopg2.connect(dbname="postgres", password=DB_PASSWORD, **params) as conn:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
            exists = bool(cr.fetchone())
    conn.close()
    if not exists:
        return "missing"
    try:
        conn = psycopg2.connect(dbname=database, password=DB_PASSWORD, **params)
    except psycopg2.OperationalError:
        return "incomplete"
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM ir_module_module "
                "WHERE name IN %s AND state = 'installed'",
                (tuple(ADDONS),),
            )
            installed = cr.fetchone()[0]
    except psycopg2.Error:
        installed = 0
    finally:
        conn.close()
    return "ready" if installed == len(ADDONS) else "incomplete"

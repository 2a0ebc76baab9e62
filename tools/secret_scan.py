#!/usr/bin/env python3
"""Look for the tests' Trello credentials where they must never be.

The last step of ``tools/run_tests.py``: once the Odoo tests ran, and before
their database is dropped, every key, token and secret the tests put on a
backend is searched for in

* the whole Odoo log of the run (log lines, tracebacks, exception texts);
* every text column (``text``, ``varchar``, ``char``, ``json``, ``jsonb``)
  of every table of the database: job arguments, results and exception
  texts, chatter messages, tracking values, ``ir_logging``... except
  ``trello_backend.api_key``, ``api_token`` and ``api_secret``, where the
  credentials belong. Binary columns (``bytea``: ``ir_attachment.db_datas``)
  and the filestore are not read: Odoo keeps files there, not texts;
* the HTTP cassettes of both addons' tests.

A finding names the place, the line or the table, column and row, and the
credential by its name and a masked form: the scan never prints a secret.

The credentials are read from the sources, not listed by hand: the
emulator's defaults (``trello_emulator/server.py``) and, in the addons'
tests, every module constant named ``*_KEY``, ``*_TOKEN`` or ``*_SECRET``
and every value given to ``api_key``, ``api_token``, ``api_secret`` or
``other_token`` (an assignment, a dict entry or a keyword argument). The
ones shorter than :data:`MIN_LENGTH` (``"k"``, ``"k3y"``) would be found in
any text: they are listed, not searched for.

The functions are pure but :func:`scan_database` (a DB-API cursor) and the
readers of files, so that ``tools/tests/test_secret_scan.py`` plants a
secret in each place and checks that it is found. Run alone it scans a log
file, a database and the cassettes::

    python3 tools/secret_scan.py [--log .test-logs/DB.log] [--db DB]
"""

import argparse
import ast
import re
import sys
from collections import namedtuple
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
CREDENTIAL_FIELDS = ("api_key", "api_token", "api_secret")
#: The names a credential goes by in the tests (fields, emulator options).
CREDENTIAL_WORDS = (*CREDENTIAL_FIELDS, "other_token")
#: A module constant that holds a credential.
CREDENTIAL_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*_(KEY|TOKEN|SECRET)$")
#: Shorter credentials are too common a string to be searched for.
MIN_LENGTH = 8
#: Where the credentials are kept on purpose.
LEGITIMATE_COLUMNS = frozenset(("trello_backend", f) for f in CREDENTIAL_FIELDS)
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")
#: Findings shown for each place (the others are counted).
SHOWN_FINDINGS = 20


class Finding(namedtuple("Finding", "place where name")):
    """A credential (by its name) found in a place, at a line or a row."""

    def describe(self, secrets):
        """One line for the console: the secret masked, never shown."""
        value = next(v for v, name in secrets.items() if name == self.name)
        return f"{self.place}: {self.where}: {self.name} = {mask(value)}"


def mask(value):
    """Enough of a secret to tell it from another, never the secret."""
    if len(value) < MIN_LENGTH:
        return f"… ({len(value)} characters)"
    return f"{value[:2]}…{value[-2:]} ({len(value)} characters)"


# -- the credentials the tests use ----------------------------------------


def credential_sources(root=ROOT):
    """The emulator's defaults, then the addons' tests (Python files)."""
    paths = [root / "trello_emulator/server.py"]
    for addon in sorted(root.glob("connector_trello*/tests")):
        paths += sorted(addon.rglob("*.py"))
    return paths


def collect_secrets(root=ROOT):
    """Every credential of the tests: ``{value: name}``."""
    sources = {
        str(path.relative_to(root)): path.read_text()
        for path in credential_sources(root)
    }
    return secrets_in_sources(sources)


def _evaluate(node, names):
    """A string or int of constants, names and ``+``/``*``; None otherwise."""
    if isinstance(node, ast.Constant):
        value = node.value
        return value if isinstance(value, str | int) else None
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mult):
        left, right = _evaluate(node.left, names), _evaluate(node.right, names)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.Add):
            return left + right if type(left) is type(right) else None
        if isinstance(left, str) != isinstance(right, str):
            times = right if isinstance(left, str) else left
            return left * right if times <= 10_000 else None  # "x" * 64
        return None
    return None


def _module_constants(tree):
    """``NAME = <constant expression>`` at a module's top level."""
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                value = _evaluate(node.value, constants)
                if value is not None:
                    constants[target.id] = (value, node.lineno)
    return constants


def _credential_values(tree):
    """``(word, value node)`` of each credential given in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                word = getattr(target, "attr", None) or getattr(target, "id", None)
                if word in CREDENTIAL_WORDS:
                    yield word, node.value
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in CREDENTIAL_WORDS:
                    yield key.value, value
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in CREDENTIAL_WORDS:
                    yield keyword.arg, keyword.value


def secrets_in_sources(sources):
    """The credentials in Python sources ``{path: text}``: ``{value: name}``.

    A credential is named by its constant, or by the field it was given to,
    with the file and line: the first name found is kept.
    """
    trees = {path: ast.parse(text, path) for path, text in sources.items()}
    constants = {path: _module_constants(tree) for path, tree in trees.items()}
    secrets, shared = {}, {}
    for path, module in constants.items():
        for name, (value, line) in module.items():
            if CREDENTIAL_CONSTANT.match(name) and isinstance(value, str):
                secrets.setdefault(value, f"{name} ({path}:{line})")
                shared.setdefault(name, value)
    for path, tree in trees.items():
        names = dict(shared, **{n: v for n, (v, _line) in constants[path].items()})
        for word, node in _credential_values(tree):
            value = _evaluate(node, names)
            if isinstance(value, str) and value:
                secrets.setdefault(value, f"{word} ({path}:{node.lineno})")
    return secrets


def split_by_length(secrets):
    """``(searched, too_short)``: the credentials worth searching for."""
    searched = {v: n for v, n in secrets.items() if len(v) >= MIN_LENGTH}
    too_short = {v: n for v, n in secrets.items() if len(v) < MIN_LENGTH}
    return searched, too_short


# -- the search --------------------------------------------------------------


def variants(value):
    """The forms a credential takes in a text: as is, and URL-encoded."""
    return sorted({value, quote(value, safe="")})


def find_in_text(text, secrets):
    """The names of the credentials in ``text``, sorted."""
    return sorted(
        name
        for value, name in secrets.items()
        if any(form in text for form in variants(value))
    )


def redact(text, secrets):
    """``text`` with each credential masked (an error that may quote one)."""
    for value in sorted(secrets, key=len, reverse=True):
        for form in variants(value):
            text = text.replace(form, mask(value))
    return text


def scan_lines(lines, secrets, place):
    """Findings in a text read line by line (a log, a cassette)."""
    return [
        Finding(place, f"line {number}", name)
        for number, line in enumerate(lines, 1)
        for name in find_in_text(line, secrets)
    ]


def scan_rows(rows, secrets):
    """Findings in database values ``(table, column, row key, value)``."""
    return [
        Finding("database", f"{table}.{column} id={key}", name)
        for table, column, key, value in rows
        if value
        for name in find_in_text(str(value), secrets)
    ]


def columns_to_scan(columns, legitimate=LEGITIMATE_COLUMNS):
    """``{table: [columns]}`` of the text-like ``(table, column, type)``."""
    tables = {}
    for table, column, data_type in columns:
        if data_type in TEXT_TYPES and (table, column) not in legitimate:
            tables.setdefault(table, []).append(column)
    return tables


def cassette_paths(root=ROOT):
    """The recorded HTTP interactions of both addons' tests."""
    return sorted(
        path
        for tests in root.glob("connector_trello*/tests")
        for path in tests.rglob("*")
        if path.suffix in (".yaml", ".yml", ".json")
    )


def scan_files(paths, secrets, root=ROOT):
    """Findings in text files, by path relative to ``root`` and line."""
    findings = []
    for path in paths:
        lines = path.read_text(errors="replace").splitlines()
        for finding in scan_lines(lines, secrets, "cassette"):
            where = f"{path.relative_to(root)} {finding.where}"
            findings.append(finding._replace(where=where))
    return findings


def scan_log(path, secrets):
    """Findings in a log file, by line."""
    with open(path, errors="replace") as log:
        return scan_lines(log, secrets, f"Odoo log {path.name}")


def scan_database(cr, secrets):
    """Findings in every text column of a database; and how many were read.

    PostgreSQL filters the rows (``LIKE``), Python names what it found.
    """
    from psycopg2 import sql  # noqa: PLC0415 (comes with Odoo)

    cr.execute(
        "SELECT c.table_name, c.column_name, c.data_type"
        "  FROM information_schema.columns c"
        "  JOIN information_schema.tables t"
        "    ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
        " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
        " ORDER BY c.table_name, c.ordinal_position"
    )
    all_columns = cr.fetchall()
    with_id = {table for table, column, _type in all_columns if column == "id"}
    patterns = [
        "%" + re.sub(r"([\\%_])", r"\\\1", form) + "%"
        for value in secrets
        for form in variants(value)
    ]
    rows, count = [], 0
    for table, columns in columns_to_scan(all_columns).items():
        count += len(columns)
        key = sql.SQL("id::text" if table in with_id else "ctid::text")
        texts = [sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns]
        query = sql.SQL("SELECT {key}, {texts} FROM {table} WHERE {where}").format(
            key=key,
            texts=sql.SQL(", ").join(texts),
            table=sql.Identifier(table),
            where=sql.SQL(" OR ").join(
                sql.SQL("{} LIKE ANY(%(patterns)s)").format(text) for text in texts
            ),
        )
        cr.execute(query, {"patterns": patterns})
        for row_key, *values in cr.fetchall():
            rows += [
                (table, column, row_key, value)
                for column, value in zip(columns, values, strict=True)
            ]
    return scan_rows(rows, secrets), count


def scan_the_run(tally, log_path, connect, root=ROOT):
    """The last check of run_tests.py, before the database is dropped.

    One test per place (the log, the database, the cassettes) added to
    ``tally``: passed when no credential of the tests is there. ``connect()``
    opens a connection to the tests' database.
    """
    collected = collect_secrets(root)
    secrets, too_short = split_by_length(collected)
    print(
        f"{len(secrets)} credentials of the tests searched for; not the "
        f"{len(too_short)} shorter than {MIN_LENGTH} characters: "
        + ", ".join(sorted(too_short.values()))
    )

    def in_database():
        conn = connect()
        try:
            with conn.cursor() as cr:
                findings, columns = scan_database(cr, secrets)
        finally:
            conn.close()
        print(f"{columns} text columns of the database read")
        return findings

    places = (
        ("the Odoo log", lambda: scan_log(log_path, secrets)),
        ("the database", in_database),
        ("the cassettes", lambda: scan_files(cassette_paths(root), secrets, root)),
    )
    for label, scan in places:
        try:
            findings = scan()
        except Exception as err:  # noqa: BLE001 (a scan that fails is a failure)
            text = redact(f"{type(err).__name__}: {err}", secrets)
            tally.problem(f"the secret scan of {label} failed: {text}")
            tally.add(failed=1)
            continue
        if not findings:
            print(f"no secret in {label}")
            tally.add(passed=1)
            continue
        tally.add(failed=1)
        for finding in findings[:SHOWN_FINDINGS]:
            tally.problem(f"secret found in {finding.describe(secrets)}")
        if len(findings) > SHOWN_FINDINGS:
            tally.problem(
                f"{len(findings) - SHOWN_FINDINGS} more secrets found in {label}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log", type=Path, help="an Odoo log file")
    parser.add_argument("--db", help="a database (PG* variables, else run_tests')")
    args = parser.parse_args()
    secrets, too_short = split_by_length(collect_secrets())
    print(f"{len(secrets)} credentials searched for; too short: {len(too_short)}")
    findings = scan_files(cassette_paths(), secrets)
    if args.log:
        findings += scan_log(args.log, secrets)
    if args.db:
        import run_tests  # noqa: PLC0415

        conn = run_tests.connect(args.db)
        try:
            with conn.cursor() as cr:
                findings += scan_database(cr, secrets)[0]
        finally:
            conn.close()
    for finding in findings:
        print(finding.describe(secrets))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())

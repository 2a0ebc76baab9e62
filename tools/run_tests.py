#!/usr/bin/env python3
"""Run every test of the connector_trello suite, as CI does: ``make test``.

Steps, in order:

1. install the project's Python requirements into this python3 (the one that
   imports Odoo);
2. run the Odoo-free tests (``trello_emulator``) with pytest;
3. run the linters (ruff, ruff-format, pylint-odoo mandatory checks);
4. make sure a PostgreSQL server is running (install Debian's ``postgresql``
   when missing and running as root, start a cluster, create the role), and
   that Chromium is there for the browser tours (Debian's ``chromium``);
5. install ``connector_trello`` and ``connector_trello_queue`` into a fresh,
   uniquely named database, run every test of both addons (the database is
   dropped after step 7);
6. fail when the Odoo log shows an ERROR, or a WARNING raised by our addons
   (as OCA's checklog does);
7. before the database is dropped, scan the Odoo log, the database and the
   cassettes for the tests' keys, tokens and secrets (``secret_scan.py``):
   one test per place, failed when a credential is found there;
8. run each ``tools/benchmark_*.py`` once with tiny parameters (not with
   ``--tags`` or ``--skip-benchmarks``), so that none of them rots unseen:
   one test per run (``tools/bench_harness.py``);
9. run the short concurrency suite (not with ``--tags`` or
   ``--skip-concurrency``; ``concurrency_suite.py``: two Odoo nodes on one
   database, one killed, a seeded mix of edits on both sides and webhooks):
   one test, failed when it counts a duplicate, a lost edit or a failed job;
10. print, as the last line, ``N passed, N failed, N skipped`` over all the
   tests that ran, and exit non-zero when anything failed.

Without an importable Odoo 18.0 it runs steps 1-3 and fails with a short
message that points to the README, without a traceback.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import bench_harness
import secret_scan

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["connector_trello", "connector_trello_queue"]
ODOO_FREE_PACKAGES = ["trello_emulator", "tools"]
LOG_DIR = ROOT / ".test-logs"
DB_ROLE = os.environ.get("PGUSER", "odoo_trello")
DB_PASSWORD = os.environ.get("PGPASSWORD", "odoo_trello")
DB_HOST = os.environ.get("PGHOST", "127.0.0.1")
DB_PORT = os.environ.get("PGPORT", "5432")
README_HINT = "see README.rst, section 'Installing Odoo 18.0'"

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<message>.*)$"
)
ODOO_RESULT = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
)
PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|skipped|errors?)\b")
OUR_LOGGERS = ("odoo.addons.connector_trello", "trello_emulator")
#: INFO lines worth showing on the console (the whole log goes to a file).
ECHOED_LOGGERS = (*OUR_LOGGERS, "odoo.tests.result", "odoo.tests.stats")
#: A warning about our addons, whoever logs it (py.warnings, the loader...).
ABOUT_US = re.compile(r"connector_trello|trello_emulator|\btrello\.[a-z]")
#: An absolute file path in a log message (py.warnings starts with one).
FILE_PATH = re.compile(r"(?<![\w:/])/[^\s:'\"]+")


class Tally:
    """Counts of the tests that ran, over every runner."""

    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.problems = []

    def add(self, passed=0, failed=0, skipped=0):
        self.passed += passed
        self.failed += failed
        self.skipped += skipped

    def problem(self, text):
        self.problems.append(text)
        print(f"!! {text}", flush=True)

    def closing_line(self):
        line = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            line += f", {self.skipped} skipped"
        return line


def step(title):
    print(f"\n=== {title}", flush=True)


def run(cmd, **kwargs):
    """Run a command, streaming its output, and return its exit code."""
    sys.stdout.flush()  # our lines first: in a CI log stdout is a pipe
    return subprocess.call(cmd, cwd=kwargs.pop("cwd", ROOT), **kwargs)


def odoo_version():
    """Return the version of the Odoo importable by this python3, or None."""
    probe = subprocess.run(
        [sys.executable, "-c", "import odoo.release as r; print(r.version)"],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def install_requirements(with_odoo_addons):
    """pip-install requirements; the OCA addons need Odoo to resolve."""
    step("Python requirements")
    lines = []
    for name in ("requirements.txt", "test-requirements.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("odoo-addon-") and not with_odoo_addons:
                continue
            lines.append(line)
    cmd = [sys.executable, "-m", "pip", "install", "-q"]
    cmd += ["--disable-pip-version-check", "--root-user-action=ignore", *lines]
    return run(cmd) == 0


def run_pytest(tally):
    step("Odoo-free tests (pytest): " + ", ".join(ODOO_FREE_PACKAGES))
    present = [p for p in ODOO_FREE_PACKAGES if (ROOT / p / "tests").is_dir()]
    if not present:
        print("no Odoo-free test package yet")
        return
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *present],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stdout.write(proc.stdout[-20000:])
    sys.stderr.write(proc.stderr[-5000:])
    lines = proc.stdout.strip().splitlines()
    counts = {}
    if lines:
        for number, word in PYTEST_COUNT.findall(lines[-1]):
            counts[word.rstrip("s") if word.startswith("error") else word] = int(number)
    failed = counts.get("failed", 0) + counts.get("error", 0)
    tally.add(counts.get("passed", 0), failed, counts.get("skipped", 0))
    if proc.returncode not in (0, 5) and not failed:
        tally.problem(f"pytest exited with {proc.returncode}")
        tally.add(failed=1)


def run_lint(tally):
    step("Lint: ruff, ruff format, pylint-odoo (mandatory checks), README.rst")
    targets = [*ADDONS, *ODOO_FREE_PACKAGES, "tools"]
    targets = [t for t in targets if (ROOT / t).exists()]
    checks = [
        ("ruff", [sys.executable, "-m", "ruff", "check", "--no-fix", *targets]),
        ("ruff format", [sys.executable, "-m", "ruff", "format", "--check", *targets]),
        (
            "pylint-odoo",
            [sys.executable, "-m", "pylint", "--rcfile=.pylintrc-mandatory"]
            + [a for a in ADDONS if (ROOT / a).exists()],
        ),
        ("README.rst", [sys.executable, "tools/gen_addon_readme.py", "--check"]),
    ]
    for name, cmd in checks:
        if run(cmd) != 0:
            tally.problem(f"{name} reported findings")


def pg_ready():
    try:
        with socket.create_connection((DB_HOST, int(DB_PORT)), timeout=2):
            return True
    except OSError:
        return False


def apt_install(*packages):
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return not (
        run(["apt-get", "update", "-qq"], env=env)
        or run(["apt-get", "install", "-y", "-qq", *packages], env=env)
    )


def ensure_chromium():
    """Chromium for Odoo's browser tours (Odoo skips them without it)."""
    if shutil.which("chromium") or shutil.which("google-chrome"):
        return True
    if os.geteuid() != 0:
        print("Chromium is missing: the browser tours will be skipped.")
        return False
    step("Chromium (Debian's chromium and chromium-driver, for the tours)")
    return apt_install("chromium", "chromium-driver")


def ensure_postgres():
    """Make sure a PostgreSQL server answers, and that our role exists.

    A server given through PGHOST/PGPORT/PGUSER/PGPASSWORD is used as it is.
    Otherwise, as root on Debian: install ``postgresql`` when missing, create
    and start a cluster, and create the login role the tests use.
    """
    step("PostgreSQL")
    if "PGHOST" in os.environ and pg_ready():
        print(f"using the server at {DB_HOST}:{DB_PORT} as {DB_ROLE}")
        return True
    if os.geteuid() != 0:
        if pg_ready():
            print(f"using the server at {DB_HOST}:{DB_PORT} as {DB_ROLE}")
            return True
        print(
            "No PostgreSQL answers and this user cannot start one: run as root, "
            "or set PGHOST, PGPORT, PGUSER and PGPASSWORD to a server where "
            "PGUSER may create databases."
        )
        return False
    if not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")):
        print("installing Debian's postgresql package")
        if not apt_install("postgresql"):
            return False
    clusters = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False
    ).stdout.split()
    if not clusters:
        version = sorted(p.name for p in Path("/usr/lib/postgresql").iterdir())[-1]
        run(["pg_createcluster", version, "main"])
        clusters = [version, "main"]
    version, name = clusters[0], clusters[1]
    if not pg_ready():
        run(["pg_ctlcluster", version, name, "start"])
    for _ in range(60):
        if pg_ready():
            break
        time.sleep(0.5)
    else:
        print("PostgreSQL did not start")
        return False
    create_role = (
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
        f"'{DB_ROLE}') THEN CREATE ROLE {DB_ROLE} LOGIN CREATEDB PASSWORD "
        f"'{DB_PASSWORD}'; END IF; END $$;"
    )
    rc = run(
        ["runuser", "-u", "postgres", "--", "psql", "-q", "-c", create_role], cwd="/"
    )
    print(f"PostgreSQL {version}/{name} on {DB_HOST}:{DB_PORT}, role {DB_ROLE}")
    return rc == 0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_options(database):
    """Odoo's options for ``database`` alone, on the tests' server and role."""
    return [
        f"--database={database}",
        f"--db_host={DB_HOST}",
        f"--db_port={DB_PORT}",
        f"--db_user={DB_ROLE}",
        f"--db_password={DB_PASSWORD}",
        f"--db-filter=^{database}$",
    ]


def odoo_command(database, *extra):
    return [
        sys.executable,
        "-m",
        "odoo",
        f"--addons-path={ROOT}",
        *database_options(database),
        f"--http-port={free_port()}",
        "--max-cron-threads=0",
        "--workers=0",
        *extra,
    ]


def connect(database):
    """A psycopg2 connection to ``database`` on the tests' server."""
    import psycopg2  # noqa: PLC0415 (comes with Odoo, absent without it)

    return psycopg2.connect(
        dbname=database,
        host=DB_HOST,
        port=DB_PORT,
        user=DB_ROLE,
        password=DB_PASSWORD,
    )


def drop_database(database):
    from psycopg2 import errors  # noqa: PLC0415 (comes with Odoo)

    conn = connect("postgres")
    conn.autocommit = True
    # WITH (FORCE) ends the other sessions, but is refused when one of them
    # is not ours (an autovacuum worker, say): then wait for it to end.
    for attempt in range(30):
        try:
            with conn.cursor() as cr:
                cr.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            break
        except errors.InsufficientPrivilege:
            if attempt == 29:
                conn.close()
                raise
            time.sleep(1)
    conn.close()
    print(f"dropped database {database}")


def about_us(message):
    """Whether a log message is about our addons: names their modules or
    models, or a file of theirs. Other file paths do not count: the clone is
    often named connector_trello, and so is then every path of its .venv/."""
    ours = tuple(f"{ROOT / package}/" for package in (*ADDONS, "trello_emulator"))
    kept = FILE_PATH.sub(
        lambda path: path[0] if path[0].startswith(ours) else "", message
    )
    return bool(ABOUT_US.search(kept))


def check_log_line(match, tally):
    """Apply the checklog rule: any ERROR, or a WARNING about our addons.

    Return whether the line (and its traceback) is worth showing.
    """
    level, logger, message = match["level"], match["logger"], match["message"]
    if level in ("ERROR", "CRITICAL"):
        tally.problem(f"log {level}: {logger}: {message[:300]}")
        return True
    if level == "WARNING" and (logger.startswith(OUR_LOGGERS) or about_us(message)):
        tally.problem(f"log WARNING from our addons: {logger}: {message[:300]}")
        return True
    return False


def run_concurrency_suite(tally):
    """The short seeded concurrency suite: one test, its exit code."""
    args = bench_harness.CONCURRENCY_ARGS
    step("Concurrency suite: 2 Odoo nodes, one killed, " + " ".join(args))
    cmd = [sys.executable, "tools/concurrency_suite.py", *args]
    # the emulator's port; the two nodes take the next two
    code = run([*cmd, f"--port-base={free_port()}"])
    if code == 0:
        tally.add(passed=1)
    else:
        tally.problem(f"the concurrency suite exited with {code}")
        tally.add(failed=1)


def run_odoo_tests(tally, keep_db=False, test_tags=None):
    test_tags = test_tags or ",".join(f"/{a}" for a in ADDONS)
    step(f"Odoo tests: {test_tags}")
    database = f"connector_trello_test_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}"
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"{database}.log"
    cmd = odoo_command(
        database,
        "--init=" + ",".join(ADDONS),
        "--test-enable",
        f"--test-tags={test_tags}",
        "--stop-after-init",
        "--log-level=info",
    )
    started = time.monotonic()
    result = None
    skipped = 0
    echo_continuation = False
    with (
        open(log_path, "w") as log,
        subprocess.Popen(
            cmd, cwd="/", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as proc,
    ):
        for line in proc.stdout:
            log.write(line)
            match = LOG_LINE.match(line.rstrip("\n"))
            if not match:
                if echo_continuation:
                    sys.stdout.write(line)
                continue
            echo_continuation = check_log_line(match, tally)
            if echo_continuation or match["logger"].startswith(ECHOED_LOGGERS):
                sys.stdout.write(line)
            counted = ODOO_RESULT.search(match["message"])
            if match["logger"] == "odoo.tests.result" and counted:
                result = counted
            if match["message"].startswith("skipped "):
                skipped += 1
        returncode = proc.wait()
    elapsed = time.monotonic() - started
    print(f"Odoo install + tests took {elapsed:.0f} s; full log: {log_path}")
    step("Secret scan: the Odoo log, the database, the cassettes")
    secret_scan.scan_the_run(tally, log_path, lambda: connect(database))
    if not keep_db:
        drop_database(database)
    if result is None:
        tally.problem(f"Odoo ran no test (exit code {returncode}): see {log_path}")
        tally.add(failed=1)
        return
    run_count = int(result["run"])
    failed = int(result["failed"]) + int(result["errors"])
    if run_count == 0:
        tally.problem("Odoo found no test in our addons")
    tally.add(max(run_count - failed - skipped, 0), failed, skipped)
    if returncode:
        tally.problem(f"Odoo exited with {returncode}")


def run_benchmark_smoke(tally):
    """Each tools/benchmark_*.py once, with tiny parameters: none may rot."""
    step("Benchmarks, smoke runs (tools/bench_harness.py)")
    runs = len(bench_harness.SMOKE_IN_PROCESS) + len(bench_harness.SMOKE_SERVER)
    try:
        failed = bench_harness.smoke(sys.modules[__name__])
    except bench_harness.BenchmarkError as err:
        failed = [str(err)] * runs
    tally.add(runs - len(failed), len(failed))
    for run in failed:
        tally.problem(f"benchmark smoke run failed: {run}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-install", action="store_true", help="no pip")
    parser.add_argument("--skip-lint", action="store_true", help="no linters")
    parser.add_argument("--keep-db", action="store_true", help="keep the test db")
    parser.add_argument("--skip-pytest", action="store_true", help="no Odoo-free tests")
    parser.add_argument(
        "--skip-benchmarks",
        action="store_true",
        help="no smoke run of the benchmarks (each with tiny parameters)",
    )
    parser.add_argument(
        "--skip-concurrency",
        action="store_true",
        help="no short concurrency suite (README, Reliability)",
    )
    parser.add_argument(
        "--tags",
        help="Odoo --test-tags for a shorter local run, e.g. "
        "/connector_trello:TestImportBoard (default: every test of both addons)",
    )
    args = parser.parse_args()

    tally = Tally()
    version = odoo_version()
    has_odoo = bool(version and version.startswith("18.0"))
    if not args.skip_install and not install_requirements(has_odoo):
        tally.problem("pip could not install the requirements")
    if not args.skip_pytest:
        run_pytest(tally)
    if not args.skip_lint:
        run_lint(tally)
    if not has_odoo:
        found = f"Odoo {version}" if version else "no Odoo"
        tally.problem(
            f"python3 ({sys.executable}) imports {found}: the addons' tests need "
            f"Odoo 18.0 Community importable as `odoo` ({README_HINT})."
        )
    elif ensure_postgres():
        ensure_chromium()
        run_odoo_tests(tally, keep_db=args.keep_db, test_tags=args.tags)
        if not (args.skip_benchmarks or args.tags):
            run_benchmark_smoke(tally)
        if not (args.skip_concurrency or args.tags):
            run_concurrency_suite(tally)
    else:
        tally.problem("no PostgreSQL server to run the Odoo tests on")
    print()
    for problem in tally.problems:
        print(f"FAILED: {problem}")
    print(tally.closing_line(), flush=True)
    return 1 if tally.failed or tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())

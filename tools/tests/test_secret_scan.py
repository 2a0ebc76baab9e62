"""tools/secret_scan.py: the final scan of make test finds a planted secret.

Each place the scan reads (the Odoo log, the database's rows, the
cassettes) gets a planted credential and must report where it is, masked,
and nothing where there is none.
"""

import secret_scan
from run_tests import ROOT
from secret_scan import (
    Finding,
    collect_secrets,
    columns_to_scan,
    find_in_text,
    mask,
    redact,
    scan_files,
    scan_lines,
    scan_rows,
    secrets_in_sources,
)

TOKEN = "a1f0e2d3c4b5a6978877665544332211ffeeddccbbaa99887766554433221100"
KEY = "0c2b6e8f4a1d9e7b3c5a8f2d6e4b1a9c"
SECRETS = {TOKEN: "DEFAULT_TOKEN", KEY: "DEFAULT_KEY"}


def test_the_emulators_and_the_tests_credentials_are_collected():
    secrets = collect_secrets(ROOT)
    named = {name.split(" ")[0]: value for value, name in secrets.items()}
    from trello_emulator import (  # noqa: PLC0415 (the repository's, not installed)
        DEFAULT_KEY,
        DEFAULT_SECRET,
        DEFAULT_TOKEN,
        OTHER_TOKEN,
    )

    assert named["DEFAULT_KEY"] == DEFAULT_KEY
    assert named["DEFAULT_TOKEN"] == DEFAULT_TOKEN
    assert named["DEFAULT_SECRET"] == DEFAULT_SECRET
    assert named["OTHER_TOKEN"] == OTHER_TOKEN
    # the wrong credentials of the error tests, the tour's, "f" * 64
    for value in ("0" * 64, "0" * 32, "f" * 64, "tour-trello-token"):
        assert value in secrets, value


def test_credentials_are_found_wherever_the_tests_put_them():
    source = """
WRONG_TOKEN = "0" * 64
LABEL = "not a secret at all"
PREFIX = "ATTA"
class T:
    def test(self):
        self.backend.api_token = "f" * 64
        backend.write({"api_key": PREFIX + "1234abcd", "name": LABEL})
        other = Emulator(other_token="b0b0" * 4, key="generic-word")
        self.backend.api_secret = WRONG_TOKEN
        form.api_key = "k3y"
"""
    secrets = secrets_in_sources({"tests/test_x.py": source})
    assert secrets == {
        "0" * 64: "WRONG_TOKEN (tests/test_x.py:2)",
        "f" * 64: "api_token (tests/test_x.py:7)",
        "ATTA1234abcd": "api_key (tests/test_x.py:8)",
        "b0b0" * 4: "other_token (tests/test_x.py:9)",
        "k3y": "api_key (tests/test_x.py:11)",
    }


def test_the_mask_never_shows_the_secret():
    assert mask(TOKEN) == "a1…00 (64 characters)"
    assert TOKEN not in mask(TOKEN)
    assert mask("k3y") == "… (3 characters)"


def test_an_error_text_is_redacted():
    error = f"syntax error\nLINE 1: ... LIKE ANY(ARRAY['%{TOKEN}%'])"
    assert redact(error, SECRETS) == (
        "syntax error\nLINE 1: ... LIKE ANY(ARRAY['%a1…00 (64 characters)%'])"
    )


def test_a_secret_is_found_raw_and_url_encoded():
    secrets = {"tour-trello-token/+": "TOUR_TOKEN"}
    assert find_in_text("…token=tour-trello-token%2F%2B&x=1", secrets) == ["TOUR_TOKEN"]
    assert find_in_text("Authorization: tour-trello-token/+", secrets) == ["TOUR_TOKEN"]
    assert find_in_text("nothing here", secrets) == []


def test_a_log_with_a_planted_token_is_reported_by_line():
    lines = [
        "2026-11-26 18:12:10,690 8179 INFO db odoo.modules: loading\n",
        f"2026-11-26 18:12:11,001 8179 INFO db odoo.addons.x: GET ?token={TOKEN}\n",
        "Traceback (most recent call last):\n",
        f"requests.exceptions.InvalidHeader: 'OAuth oauth_consumer_key=\"{KEY}\"'\n",
    ]
    findings = scan_lines(lines, SECRETS, "Odoo log x.log")
    assert findings == [
        Finding("Odoo log x.log", "line 2", "DEFAULT_TOKEN"),
        Finding("Odoo log x.log", "line 4", "DEFAULT_KEY"),
    ]
    text = findings[0].describe(SECRETS)
    assert text == "Odoo log x.log: line 2: DEFAULT_TOKEN = a1…00 (64 characters)"
    assert TOKEN not in text
    assert scan_lines(lines[:1], SECRETS, "Odoo log x.log") == []


def test_database_rows_with_a_planted_secret_are_reported_by_column_and_row():
    rows = [
        ("queue_job", "exc_info", 7, f"Traceback...\nInvalidHeader: {TOKEN}"),
        ("queue_job", "args", 8, '[{"_type": "odoo_recordset"}, "abc"]'),
        ("mail_message", "body", 3, f"<p>key {KEY}</p>"),
        ("ir_logging", "message", 1, None),
    ]
    assert scan_rows(rows, SECRETS) == [
        Finding("database", "queue_job.exc_info id=7", "DEFAULT_TOKEN"),
        Finding("database", "mail_message.body id=3", "DEFAULT_KEY"),
    ]


def test_only_text_columns_are_scanned_and_never_the_credentials_themselves():
    columns = [
        ("queue_job", "exc_info", "text"),
        ("queue_job", "records", "jsonb"),
        ("queue_job", "id", "integer"),
        ("mail_message", "subject", "character varying"),
        ("trello_backend", "api_token", "character varying"),
        ("trello_backend", "api_key", "character varying"),
        ("trello_backend", "api_secret", "character varying"),
        ("trello_backend", "sync_error", "text"),
        ("ir_attachment", "db_datas", "bytea"),
    ]
    assert columns_to_scan(columns) == {
        "queue_job": ["exc_info", "records"],
        "mail_message": ["subject"],
        "trello_backend": ["sync_error"],
    }


def test_a_cassette_with_a_planted_secret_is_reported_by_file_and_line(tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text("interactions:\n- request:\n    uri: /1/boards?key=SCRUBBED\n")
    leaky = tmp_path / "leaky.yaml"
    leaky.write_text(f"interactions:\n- request:\n    uri: /1/boards?token={TOKEN}\n")
    assert scan_files([clean, leaky], SECRETS, tmp_path) == [
        Finding("cassette", "leaky.yaml line 3", "DEFAULT_TOKEN")
    ]


def test_the_repositorys_cassettes_are_scanned(tmp_path):
    paths = secret_scan.cassette_paths(ROOT)
    assert ROOT / "connector_trello/tests/cassettes/import_board_demo.yaml" in paths
    secrets, _too_short = secret_scan.split_by_length(collect_secrets(ROOT))
    assert scan_files(paths, secrets, ROOT) == []


class FakeCursor:
    """Answers scan_database's queries: the columns, then each table's rows."""

    def __init__(self, columns, rows_by_table):
        self.answers = [columns, *rows_by_table]
        self.params = []

    def execute(self, query, params=None):
        self.params.append(params)

    def fetchall(self):
        return self.answers.pop(0)


def test_the_database_scan_reads_each_table_once_and_names_the_rows():
    cursor = FakeCursor(
        [
            ("queue_job", "id", "integer"),
            ("queue_job", "exc_info", "text"),
            ("queue_job", "result", "text"),
            ("trello_backend", "api_token", "character varying"),
        ],
        [[("41", None, f"postponed: {TOKEN}")]],
    )
    findings, columns = secret_scan.scan_database(cursor, SECRETS)
    assert findings == [Finding("database", "queue_job.result id=41", "DEFAULT_TOKEN")]
    assert columns == 2
    patterns = cursor.params[1]["patterns"]
    assert f"%{TOKEN}%" in patterns and f"%{KEY}%" in patterns


class FakeTally:
    def __init__(self):
        self.passed = self.failed = 0
        self.problems = []

    def add(self, passed=0, failed=0):
        self.passed += passed
        self.failed += failed

    def problem(self, text):
        self.problems.append(text)


def test_the_run_counts_one_test_per_place_and_never_prints_a_secret(tmp_path, capsys):
    log = tmp_path / "db.log"
    log.write_text(f"2026-11-26 18:12:10,690 1 INFO db x: token={TOKEN}\n")

    def connect():
        raise OSError(f"could not connect with password {TOKEN}")

    tally = FakeTally()
    secret_scan.scan_the_run(tally, log, connect, ROOT)
    assert (tally.passed, tally.failed) == (1, 2)  # the cassettes are clean
    assert tally.problems == [
        "secret found in Odoo log db.log: line 1: DEFAULT_TOKEN "
        "(trello_emulator/server.py:21) = a1…00 (64 characters)",
        "the secret scan of the database failed: OSError: could not connect "
        "with password a1…00 (64 characters)",
    ]
    assert TOKEN not in capsys.readouterr().out

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Count the rows a block writes, table by table, with PostgreSQL triggers.

Whatever writes them (``write()``, the ORM's flush, ``_write_multi``, raw
SQL), an ``UPDATE`` of a row is counted, even one that sets the values the
row already holds: what a "no write" claim must rule out. The triggers and
their log table live in the test's transaction and go with its rollback.
"""

from contextlib import contextmanager

from odoo.tools import SQL

#: The tables of the synchronized models and of what hangs on them.
TABLES = (
    "project_project",
    "project_task",
    "project_task_type",
    "project_tags",
    "project_tags_project_task_rel",
    "project_task_user_rel",
    "mail_message",
    "ir_attachment",
    "trello_project_project",
    "trello_project_task",
    "trello_project_task_type",
    "trello_project_tags",
    "trello_checkitem",
    "trello_mail_message",
    "trello_ir_attachment",
)


class RowWrites:
    """What the triggers logged: ``{(table, operation): [row ids]}``."""

    def __init__(self):
        self.rows = {}
        #: the columns whose value changed, by table and operation
        self.columns = {}

    def of(self, table, operation="UPDATE"):
        return self.rows.get((table, operation), [])

    def total(self):
        return sum(len(ids) for ids in self.rows.values())

    def __repr__(self):
        return repr(
            {
                f"{t} {op}": f"{len(ids)} ({self.columns.get((t, op)) or '-'})"
                for (t, op), ids in self.rows.items()
            }
        )


@contextmanager
def count_row_writes(env, tables=TABLES):
    """Yield a :class:`RowWrites` filled when the block ends (flushed)."""
    env.flush_all()  # what was written before the block is not counted
    cr = env.cr
    cr.execute(
        "CREATE TEMP TABLE IF NOT EXISTS test_row_writes "
        "(tbl text, op text, row_id integer, columns text)"
    )
    cr.execute("TRUNCATE test_row_writes")
    cr.execute(
        """
        CREATE OR REPLACE FUNCTION test_log_row_write() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                INSERT INTO test_row_writes VALUES (TG_TABLE_NAME, TG_OP, NULL, '');
                RETURN OLD;
            END IF;
            INSERT INTO test_row_writes VALUES (
                TG_TABLE_NAME, TG_OP, (to_jsonb(NEW) ->> 'id')::integer,
                CASE WHEN TG_OP = 'UPDATE' THEN (
                    SELECT string_agg(new_row.key, ',' ORDER BY new_row.key)
                      FROM jsonb_each(to_jsonb(NEW)) new_row
                     WHERE new_row.value IS DISTINCT FROM to_jsonb(OLD) -> new_row.key
                ) ELSE '' END);
            RETURN NEW;
        END $$ LANGUAGE plpgsql
        """
    )
    for table in tables:
        cr.execute(
            SQL(
                "CREATE TRIGGER test_log_row_write AFTER INSERT OR UPDATE OR DELETE "
                "ON %s FOR EACH ROW EXECUTE FUNCTION test_log_row_write()",
                SQL.identifier(table),
            )
        )
    result = RowWrites()
    try:
        yield result
        env.flush_all()
    finally:
        for table in tables:
            cr.execute(
                SQL("DROP TRIGGER test_log_row_write ON %s", SQL.identifier(table))
            )
    cr.execute(
        "SELECT tbl, op, array_agg(row_id), string_agg(DISTINCT columns, ' ') "
        "FROM test_row_writes GROUP BY 1, 2"
    )
    for table, op, ids, columns in cr.fetchall():
        result.rows[table, op] = ids
        result.columns[table, op] = columns

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
from collections import defaultdict

import psycopg2

from odoo import api, models, sql_db
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: Intents nobody came back for (a job given up, a record deleted) are
#: removed after this many days by the daily autovacuum.
KEEP_DAYS = 7


class TrelloCreateIntent(models.AbstractModel):
    """The creates made in Trello, kept where a rollback cannot reach them.

    The id of an object created in Trello lives in the export job's
    transaction until it commits: a later error in the job, a timeout, a
    worker killed, a lost or truncated answer all roll it back, and the
    retry would create the object a second time. So every create is written
    down in table ``trello_create_intent``, in short transactions of their
    own that commit at once:

    * before the ``POST``, the *intent*: where the object is made (its list,
      board, card or checklist) and what it is called;
    * right after it, the Trello id and the answer.

    A retry that finds an intent with an id binds that id (no request); an
    intent without one (the answer never came) is reconciled with one read
    of the place (see ``trello.exporter._created_before``).

    Why a table of its own and not the binding: the binding is often made
    in the same job (a new list, a new label, a project's cards) and is not
    committed yet; and a second transaction that writes the binding's row
    would make the job's own write of it fail (Odoo runs in REPEATABLE
    READ). For the same reason the table has no foreign keys. A row is keyed
    by backend and by ``binding model, Odoo record, parent Trello id``, so
    it outlives a rolled back binding. It is deleted once the transaction
    that bound its object has committed; ``_gc_create_intents`` removes the
    ones left behind. The methods are private: nothing here is reachable
    over RPC.
    """

    _name = "trello.create.intent"
    _description = "Trello Create Intent"

    @api.private
    def init(self):
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS trello_create_intent (
                backend_id integer NOT NULL,
                key varchar NOT NULL,
                container varchar,
                match text NOT NULL DEFAULT '{}',
                not_before bigint NOT NULL DEFAULT 0,
                external_id varchar,
                response text,
                created_at timestamp NOT NULL
                    DEFAULT (now() AT TIME ZONE 'UTC'),
                PRIMARY KEY (backend_id, key)
            )
            """
        )

    # Each method below runs in a cursor of its own, committed when its
    # ``with`` block ends: the one place where the connector commits, because
    # what it writes must survive a rollback of the job's transaction.

    @api.model
    def _own_cursor(self):
        """A cursor on a connection of its own, committed when its block ends.

        Not ``registry.cursor()``: in Odoo's test mode (``HttpCase``) that
        one shares the test's transaction, and a test that rolls a failed
        job back, as the job runner does, would roll the intent back too.
        """
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    @api.model
    def _get(self, backend_id, key, cr=None):
        """The intent of ``key`` as committed now, or None.

        ``{"container", "match", "not_before", "external_id", "response"}``,
        ``match`` and ``response`` decoded. ``cr``: a cursor of its own
        already open (never the job's: it would not see the intent).
        """
        if cr is None:
            with self._own_cursor() as new_cr:
                return self._get(backend_id, key, cr=new_cr)
        cr.execute(
            "SELECT container, match, not_before, external_id, response"
            " FROM trello_create_intent WHERE backend_id = %s AND key = %s",
            (backend_id, key),
        )
        row = cr.dictfetchone()
        if row:
            row["match"] = json.loads(row["match"] or "{}")
            row["response"] = json.loads(row["response"] or "null")
        return row

    @api.model
    def _pending(self, backend_id, binding_model):
        """The intents of ``binding_model`` as committed now (for the imports).

        A list of ``{"odoo_id", "container", "match", "not_before",
        "external_id"}``, read in a cursor of its own: the import's
        transaction may have begun before the export committed its intent.
        """
        with self._own_cursor() as cr:
            cr.execute(
                "SELECT split_part(key, ',', 2) AS odoo_id, container, match,"
                " not_before, external_id FROM trello_create_intent"
                " WHERE backend_id = %s AND split_part(key, ',', 1) = %s",
                (backend_id, binding_model),
            )
            rows = cr.dictfetchall()
        for row in rows:
            row["odoo_id"] = int(row["odoo_id"]) if row["odoo_id"].isdigit() else 0
            row["match"] = json.loads(row["match"] or "{}")
        return rows

    @api.model
    def _begin(self, backend_id, key, container, match, not_before):
        """Record, before the ``POST``, that the object is being created."""
        with self._own_cursor() as cr:
            cr.execute(
                """
                INSERT INTO trello_create_intent
                    (backend_id, key, container, match, not_before)
                VALUES (%s, %s, %s, %s, %s)
                ON CONFLICT (backend_id, key) DO UPDATE SET
                    container = EXCLUDED.container,
                    match = EXCLUDED.match,
                    not_before = EXCLUDED.not_before,
                    external_id = NULL,
                    response = NULL,
                    created_at = EXCLUDED.created_at
                """,
                (backend_id, key, container, json.dumps(match), not_before),
            )

    @api.model
    def _complete(self, backend_id, key, response):
        """Record the object Trello made (its id and its answer)."""
        with self._own_cursor() as cr:
            cr.execute(
                "UPDATE trello_create_intent SET external_id = %s, response = %s"
                " WHERE backend_id = %s AND key = %s",
                (response["id"], json.dumps(response), backend_id, key),
            )

    @api.model
    def _forget(self, backend_id, key):
        """Drop an intent: Trello refused the create, nothing was made."""
        with self._own_cursor() as cr:
            cr.execute(
                "DELETE FROM trello_create_intent WHERE backend_id = %s AND key = %s",
                (backend_id, key),
            )

    @api.model
    def _forget_once_bound(self, backend_id, key, binding_model, external_id):
        """Drop the intent once the job's transaction has committed its binding.

        After the commit (``postcommit``), and only for the objects whose
        binding did commit: a binding bound inside a savepoint that was
        rolled back keeps its intent for the next try.
        """
        cr = self.env.cr
        pending = cr.postcommit.data.setdefault("trello.create.intent", [])
        if not pending:

            @cr.postcommit.add
            def forget():
                done = cr.postcommit.data.get("trello.create.intent") or []
                try:
                    with self._own_cursor() as new_cr:
                        self.with_env(self.env(cr=new_cr))._forget_bound(done)
                except psycopg2.Error as err:
                    # The job did commit: the autovacuum removes them later.
                    _logger.warning("Trello create intents not removed: %s", err)

        pending.append((backend_id, key, binding_model, external_id))

    @api.model
    def _forget_bound(self, intents):
        """Delete the intents whose object is bound (committed) in Odoo."""
        by_model = defaultdict(list)
        for backend_id, key, binding_model, external_id in intents:
            by_model[binding_model].append((backend_id, key, external_id))
        for binding_model, rows in by_model.items():
            table = self.env[binding_model]._table
            self.env.cr.execute(
                SQL(
                    "SELECT backend_id, external_id FROM %s" " WHERE external_id IN %s",
                    SQL.identifier(table),
                    tuple(external_id for __, __, external_id in rows),
                )
            )
            bound = set(self.env.cr.fetchall())
            for backend_id, key, external_id in rows:
                if (backend_id, external_id) in bound:
                    self.env.cr.execute(
                        "DELETE FROM trello_create_intent"
                        " WHERE backend_id = %s AND key = %s AND external_id = %s",
                        (backend_id, key, external_id),
                    )

    @api.autovacuum
    def _gc_create_intents(self):
        """Remove the intents older than a week.

        An intent normally goes when its binding commits; one left behind
        belongs to a job that never succeeded (given up, its record
        deleted) or to a process killed between its commit and the cleanup.
        """
        self.env.cr.execute(
            "DELETE FROM trello_create_intent"
            " WHERE created_at < (now() AT TIME ZONE 'UTC') - %s * interval '1 day'",
            (KEEP_DAYS,),
        )
        _logger.info("%s Trello create intents removed", self.env.cr.rowcount)

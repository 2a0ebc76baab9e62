# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from psycopg2 import IntegrityError, errorcodes

from odoo.tools import SQL

from odoo.addons.component.core import AbstractComponent
from odoo.addons.connector.exception import IDMissingInBackend
from odoo.addons.queue_job.exception import RetryableJobError

from ..client import (
    TrelloAuthenticationError,
    TrelloRequestError,
    TrelloRetryableError,
)

#: Seconds by which an object made by a first try may look older than the
#: newest object Odoo knew when it wrote the intent (Trello's servers'
#: clocks differ a little; ids carry their creation second).
CLOCK_MARGIN = 60


class TrelloCreateOnce(AbstractComponent):
    """What makes the exporter create each Trello object exactly once.

    A create is recorded before its ``POST`` and completed with the new id
    right after it, in transactions of their own (``trello.create.intent``):
    whatever rolls the job back afterwards, its retry binds the object the
    first try made instead of making another. Two jobs creating the same
    object exclude each other with an advisory lock named after it.
    See the *Exactly once* section of the addon's description.
    """

    _name = "trello.create.once"
    _inherit = "trello.base"

    #: The binding field of the object this one is made in (its board, its
    #: card); False for a board. Part of the key of its create intent.
    _parent_field = "project_binding_id"

    def _lock_create(self, key):
        """Two jobs never create the same object at once: the second retries.

        Locked by what is created (``_create_key``: the Odoo record and
        where), not by the binding: two jobs may each have a binding of
        their own for it (a tag used by two new tasks). The lock holds until
        the job's transaction ends; the retry then finds the binding, or
        the intent of the object the first job made.
        """
        backend = self.backend_record
        self.advisory_lock_or_retry(
            f"create({backend._name}, {backend.id}, {key})", retry_seconds=2
        )

    @contextmanager
    def _retry_unique_violation(self):
        """A concurrent job bound the same object: retry, do not fail.

        Its transaction committed after this one began (REPEATABLE READ):
        the retry sees its binding. The savepoint keeps the transaction
        usable until the error reaches the job runner.
        """
        try:
            with self.env.cr.savepoint():
                yield
        except IntegrityError as err:
            if err.pgcode == errorcodes.UNIQUE_VIOLATION:
                raise RetryableJobError(
                    f"A concurrent job bound {self.model._name} first; "
                    f"retrying: {err}",
                    seconds=2,
                    ignore_retry=True,
                ) from err
            raise

    def _create_key(self):
        """What identifies this create across tries: ``model,record,parent``."""
        parent = self._parent_field and self.binding[self._parent_field]
        return self._create_key_for(self.binding.odoo_id.id, parent)

    def _create_key_for(self, odoo_id, parent=None):
        """The create key of the Odoo record ``odoo_id`` made in ``parent``.

        The Odoo record and the parent's Trello id, not the binding: a retry
        may have a new binding (the first one was rolled back with its job).
        """
        return f"{self.model._name},{odoo_id},{parent and parent.external_id or ''}"

    def _create_once(self, values):
        """Create the object in Trello, or find the one an earlier try made.

        Returns ``(response, created)``. Each create is recorded before its
        ``POST`` and completed right after it, in transactions of its own
        (``trello.create.intent``): a retry after any failure finds it.
        """
        intents = self.env["trello.create.intent"]
        backend_id = self.backend_record.id
        key = self._create_key()
        # What is committed now, read in one transaction of its own.
        with intents._own_cursor() as cr:
            self._check_not_bound_elsewhere(cr)
            intent = intents._get(backend_id, key, cr=cr)
        response = self._created_before(intent) if intent else None
        if response is None:
            container, match = self._create_target(values)
            intents._begin(
                backend_id, key, container, match, self._not_before(container)
            )
            try:
                response = self._send_partial(self._create_remote, values)
            except (
                TrelloRequestError,
                TrelloAuthenticationError,
                IDMissingInBackend,
            ):
                intents._forget(backend_id, key)  # refused: nothing was made
                raise
            except TrelloRetryableError as err:
                if err.throttled:  # a 429: Trello did nothing
                    intents._forget(backend_id, key)
                raise
            intents._complete(backend_id, key, response)
            created = True
        else:
            created = False
        intents._forget_once_bound(backend_id, key, self.model._name, response["id"])
        return response, created

    def _check_not_bound_elsewhere(self, cr):
        """Retry if another job bound this object after this job began.

        Its binding is committed, yet this transaction (REPEATABLE READ)
        cannot see it, and its intent may be gone already: read with ``cr``,
        a cursor of its own, it says whether a retry is needed.
        """
        binding = self.binding
        parent = self._parent_field and binding[self._parent_field]
        where = [SQL("backend_id = %s", self.backend_record.id)]
        where.append(SQL("odoo_id = %s", binding.odoo_id.id))
        if parent:
            where.append(SQL("%s = %s", SQL.identifier(self._parent_field), parent.id))
        query = SQL(
            "SELECT external_id FROM %s WHERE external_id IS NOT NULL AND %s",
            SQL.identifier(self.model._table),
            SQL(" AND ").join(where),
        )
        self._retry_if_unseen(
            cr,
            query,
            f"{self.model._name} {binding.odoo_id.id} was just created by "
            "another job: retried to bind it.",
        )

    def _retry_if_unseen(self, cr, query, message):
        """Retry (``message``) when ``query``, an ``external_id`` select, finds
        with ``cr`` (committed data) ids this job's transaction cannot see."""
        cr.execute(query)
        committed = {row[0] for row in cr.fetchall()}
        if not committed:
            return
        self.env.cr.execute(query)
        if committed - {row[0] for row in self.env.cr.fetchall()}:
            raise RetryableJobError(message, seconds=2, ignore_retry=True)

    def _created_before(self, intent):
        """The object an earlier try made, as Trello answered it, or None.

        With its id (the try got Trello's answer), the answer is taken back
        without a request. Without (the answer was lost, or the job died
        during the ``POST``), the place is read once: the object is the one
        of that name, bound to nothing, and made after the intent (a Trello
        id starts with its creation second). None: nothing was made.
        """
        if intent["external_id"]:
            bound = self.binder.to_internal(intent["external_id"])
            if bound and bound != self.binding:
                return None  # a stale intent: that object has its binding
            return intent["response"]
        candidates = self.backend_adapter.created_in(intent["container"])
        candidates = [c for c in candidates if isinstance(c, dict) and c.get("id")]
        bound = self.binder.to_internal_many([c["id"] for c in candidates])
        floor = intent["not_before"] - CLOCK_MARGIN
        wanted = {k: comparable(v) for k, v in intent["match"].items()}
        for candidate in sorted(candidates, key=lambda c: c["id"]):
            if candidate["id"] in bound or id_seconds(candidate["id"]) < floor:
                continue
            if self._created_match(candidate, wanted) == wanted:
                self.env["trello.create.intent"]._complete(
                    self.backend_record.id, self._create_key(), candidate
                )
                return candidate
        return None

    def _create_target(self, values):
        """``(container, match)``: where the object is made (the Trello id
        that ``adapter.created_in`` reads) and the values that tell it from
        its neighbours (hook)."""
        return None, {"name": values.get("name")}

    def _created_match(self, candidate, wanted):
        """The values of ``candidate`` compared with the intent's (hook)."""
        return {key: comparable(candidate.get(key)) for key in wanted}

    def _not_before(self, container):
        """A creation second the new object cannot be older than.

        In Trello's own clock (Odoo's may differ; the emulator's runs on its
        own): the newest object of this kind Odoo has bound in the same
        parent, and the container itself, exist already.
        """
        domain = [
            ("backend_id", "=", self.backend_record.id),
            ("external_id", "=like", "_" * 24),
        ]
        if self._parent_field:
            domain.append(
                (self._parent_field, "=", self.binding[self._parent_field].id)
            )
        newest = self.model.with_context(active_test=False).search(
            domain, order="external_id desc", limit=1
        )
        return max(id_seconds(newest.external_id), id_seconds(container))


def id_seconds(external_id):
    """The creation second a Trello id starts with (0 if it is no id)."""
    try:
        return int((external_id or "")[:8], 16) if len(external_id) == 24 else 0
    except (TypeError, ValueError):
        return 0


def comparable(value):
    """A value as compared by the reconciliation: spaces folded, no falsy."""
    if isinstance(value, str):
        value = " ".join(value.split())
    return value or None

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from contextlib import contextmanager

from psycopg2 import IntegrityError, errorcodes

from odoo import fields
from odoo.tools import float_compare

from odoo.addons.component.core import Component
from odoo.addons.connector.exception import IDMissingInBackend, InvalidDataError
from odoo.addons.queue_job.exception import RetryableJobError

from .. import usage
from ..client import dumps_synced
from .trello_create_once import CLOCK_MARGIN, comparable, id_seconds

_logger = logging.getLogger(__name__)


class TrelloImporter(Component):
    """Import one Trello object: the OCA record-importer template.

    ``run()`` locks the object, reads it (unless the caller passed the data it
    already has), skips it when nothing changed, imports what it depends on,
    maps it, then creates the binding or writes only the fields that changed.
    A second import of unchanged data writes nothing at all: no write, no
    ``write_date`` bump, no chatter message.
    """

    _name = "trello.importer"
    _inherit = ["base.importer", "trello.base"]
    _usage = usage.RECORD_IMPORTER

    #: Odoo fields that are only written when the paired raw field changed:
    #: sanitized HTML never compares equal to what was written, the Markdown
    #: it comes from does.
    _written_with = {"description": "trello_desc", "body": "trello_text"}
    #: Trello keys kept on the binding as "the values last synchronized".
    _synced_keys = ()
    #: Keys of the children read with the object (a card's ``checklists``
    #: and ``attachments``): without them, its marker is not stored.
    _children_keys = ()

    def __init__(self, work_context):
        super().__init__(work_context)
        self.external_id = None
        self.trello_record = None
        self.import_options = {}
        self.binding_created = False
        self.odoo_kept_keys = set()
        #: Odoo's kept keys whose base stays as it was (``keeps_base``).
        self.kept_bases = {}

    # -- template --------------------------------------------------------

    def run(self, external_id, force=False, data=None, **options):
        """Import ``external_id``; ``options`` reach the mapper."""
        self.external_id = external_id
        self.import_options = options
        if not self.backend_record._allows_import():
            return self.env._("Import disabled: the backend exports only.")
        with self._locked():
            return self._run(force, data)

    def _run(self, force, data):
        """The template's steps, in order, once the object is locked."""
        try:
            self.trello_record = data if data is not None else self._get_trello_data()
        except IDMissingInBackend:
            return self._handle_missing_in_trello()
        self._validate_data(self.trello_record)
        binding = self._get_binding()
        skip_reason = self._skip_reason(binding)
        if skip_reason:
            return skip_reason
        if not force and self._is_uptodate(binding):
            return self.env._("Already up-to-date.")
        self.binding_created = False
        self.odoo_kept_keys = set()
        self.kept_bases = {}
        self._before_import(binding)
        self._import_dependencies()
        binding = self._import(binding)
        self._after_import(binding)
        self._export_kept(binding)
        return binding

    @contextmanager
    def _locked(self):
        """Lock the object, unless an enclosing import holds a covering lock.

        The outermost import of a synchronization locks (the board importer
        locks the board; ``import_record`` locks its object); the imports it
        runs inside (a board's cards, a card's check items) do not take a lock
        each: thousands of advisory locks in one transaction would exhaust
        PostgreSQL's lock table (``max_locks_per_transaction``). A concurrent
        standalone import of one of those objects is still caught by the
        ``unique(backend_id, external_id)`` constraint, and retried.
        """
        sync = getattr(self.work, "trello_sync", None)
        if sync is not None and sync.get("locked"):
            yield
            return
        self._lock()
        if sync is None:
            yield
            return
        sync["locked"] = True
        try:
            yield
        finally:
            sync["locked"] = False

    def _lock(self):
        """Two imports of one object never run at once (the second retries).

        The lock is transactional: it holds until the job commits, which is
        what makes the binding creation below race-free together with the
        ``unique(backend_id, external_id)`` constraint.
        """
        self.advisory_lock_or_retry(self._lock_name(self.external_id), retry_seconds=2)

    def _lock_name(self, external_id):
        """The advisory lock of the imports and exports of one object."""
        backend = self.backend_record
        return (
            f"import({backend._name}, {backend.id}, {self.model._name}, {external_id})"
        )

    def _lock_written(self, external_ids):
        """Take the export's lock of each bound object about to be written.

        Inside a board import the board's lock covers the imports, not the
        exports: an export holds the object's own advisory lock
        (``trello.exporter._lock``), and an import that writes the object
        takes it too, so that the two exclude each other (the second is
        retried). Only the objects written: an import that changes nothing
        takes no lock, and a board of thousands of cards does not fill
        PostgreSQL's lock table. Try-locks, taken in order after the
        board's: nothing waits for a lock, so no deadlock.
        """
        sync = getattr(self.work, "trello_sync", None)
        held = sync.setdefault("written_locks", set()) if sync is not None else set()
        for external_id in sorted(set(external_ids)):
            if (self.model._name, external_id) in held:
                continue
            self.advisory_lock_or_retry(self._lock_name(external_id), retry_seconds=2)
            held.add((self.model._name, external_id))

    def _get_trello_data(self):
        """Read the object from Trello (hook: some are read nested)."""
        return self.backend_adapter.read(self.external_id)

    def _validate_data(self, record):
        """Refuse what is not a Trello object before anything is written.

        A malformed answer fails the import with a message that says what
        came, and the transaction (so the checkpoint too) is rolled back:
        nothing is half imported and the next run reads it again.
        """
        if not isinstance(record, dict) or not record.get("id"):
            raise InvalidDataError(
                f"Trello sent a malformed {self.model._description} for "
                f"{self.external_id}: {str(record)[:200]}"
            )

    def _get_binding(self):
        """The binding of the object, or an empty recordset on first import."""
        return self.binder.to_internal(self.external_id)

    def _handle_missing_in_trello(self):
        """Gone in Trello (404): archive the record, unlink nothing."""
        return self.component(usage=usage.DELETER).run(self.external_id)

    def _skip_reason(self, binding):
        """A reason not to import this object, or False.

        An object whose Odoo record was deleted (``trello.deletion``) is not
        brought back, whether or not Trello followed yet; then the hook.
        """
        if not binding and self.external_id in self._deleted_in_odoo():
            return self.env._("Deleted in Odoo: not imported again.")
        if not binding and self._created_by_export():
            return self.env._(
                "Created in Trello by an export not bound yet: its job binds it."
            )
        return self._must_skip(binding)

    def _created_by_export(self):
        """Whether this object, bound to nothing, is an export's pending create.

        The export made it in Trello but its binding is not committed: the
        answer was lost (the job waits for its retry) or the job has not
        committed yet. Imported now, it would become a second Odoo record,
        and the export's retry, finding the object bound, a second object
        in Trello. So the import leaves it to that export, whose retry binds
        it to the intent's record (``trello.create.once``). It is the
        intent's object when the intent holds its id; or, the answer lost,
        when it is made in the intent's place (its list, board, checklist or
        card), matches the intent's values (the exporter's
        ``_created_match``) and is not older than the intent's bound. An
        intent whose Odoo record is gone binds nothing: the object is
        imported. The intents are read once a page, after Trello's data:
        an object read was made after its intent was committed.
        """
        record = self.trello_record
        places = {record.get(key) for key in ("idList", "idBoard", "idChecklist")}
        places.add(((record.get("data") or {}).get("card") or {}).get("id"))
        card = self.import_options.get("card_binding")
        if card:  # a child's card: a Trello attachment does not name it
            places.add(card.external_id)
        places.discard(None)
        for intent in self._pending_intents(self.model._name):
            if intent["external_id"]:
                if intent["external_id"] != self.external_id:
                    continue
            elif intent["container"] not in places or not self._matches_intent(intent):
                continue
            odoo_model = self.model._fields["odoo_id"].comodel_name
            if self.env[odoo_model].browse(intent["odoo_id"]).exists():
                return True
        return False

    def _pending_intents(self, model_name):
        """The create intents of ``model_name`` committed now, read once a
        page (``trello.create.intent._pending``)."""
        return self._once_per_sync(
            "pending_creates",
            model_name,
            lambda: self.env["trello.create.intent"]._pending(
                self.backend_record.id, model_name
            ),
        )

    def _matches_intent(self, intent):
        """This object has the values of an intent without id, made since."""
        if id_seconds(self.external_id) < intent["not_before"] - CLOCK_MARGIN:
            return False
        wanted = {key: comparable(value) for key, value in intent["match"].items()}
        exporter = self.component(usage=usage.EXPORTER)
        return exporter._created_match(self.trello_record, wanted) == wanted

    def _deleted_in_odoo(self):
        """The Trello ids of this model deleted in Odoo, read once a
        synchronization (one query, whatever the number of objects)."""
        return self._once_per_sync(
            "deleted_in_odoo",
            self.model._name,
            lambda: self.env["trello.deletion"]._deleted_external_ids(
                self.backend_record, self.model._name
            ),
        )

    def _must_skip(self, binding):
        """Return a reason to skip this object, or False (hook)."""
        return False

    def _trello_marker(self):
        """Trello's modification marker of the object, if it has one."""
        return self.trello_record.get("dateLastActivity")

    def _is_uptodate(self, binding):
        """Trello's modification marker did not move since the last import."""
        marker = self._trello_marker()
        return bool(binding and marker and binding.trello_date_last_activity == marker)

    def _before_import(self, binding):
        """Hook called before the dependencies are imported."""

    def _import_dependencies(self):
        """Import what the object refers to and Odoo does not know (hook)."""

    def _import_dependency(self, external_id, binding_model, data=None, **options):
        """Import a dependency in this same job, unless it is already bound."""
        if not external_id:
            return
        binder = self.binder_for(binding_model)
        if binder.to_internal(external_id):
            return
        importer = self.component(usage=usage.RECORD_IMPORTER, model_name=binding_model)
        importer.run(external_id, force=True, data=data, **options)

    def _mapper_options(self, binding):
        """The caller's options and the binding, for the mapper.

        With the binding a mapping can keep a value only Odoo has (the
        task's finer open states, for instance).
        """
        return dict(self.import_options, binding=binding)

    def _import(self, binding):
        """Create the binding, or write only what changed (idempotence)."""
        map_record = self._map_data()
        if binding:
            kept_fields = self._odoo_kept_fields(binding)
            sync_values = self._sync_values()
            values = map_record.values(**self._mapper_options(binding))
            values.update(sync_values)
            values = self._changed_values(binding, values)
            for name in kept_fields:
                values.pop(name, None)
            if self._worth_writing(values):
                values["sync_date"] = fields.Datetime.now()
                self._update(binding, values)
        else:
            values = map_record.values(for_create=True, **self._mapper_options(None))
            values.update(self._sync_values(), sync_date=fields.Datetime.now())
            binding = self._create(values)
            self.binding_created = True
        return binding

    def _odoo_kept_fields(self, binding):
        """Odoo fields this import must not overwrite.

        Those Odoo changed since the last synchronization and keeps: Trello
        did not change them, or the backend's policy gave Odoo the conflict.
        The model's conflict resolver decides (``merge``); the export that
        follows (``_export_kept``) sends them to Trello.
        """
        if (
            self.import_options.get("resolved")
            # Archived by the connector (gone from its board): what Odoo
            # holds is the connector's own doing, not an edit to keep.
            or binding.trello_deleted
        ):
            return set()
        resolver = self.component(usage=usage.CONFLICT_RESOLVER)
        if not resolver.merges():
            return set()
        odoo_wins, __ = resolver.merge(binding, self.trello_record)
        self.odoo_kept_keys = set(odoo_wins)
        base = binding._get_synced_values()
        self.kept_bases = {key: base.get(key) for key in resolver.keeps_base(odoo_wins)}
        return resolver.kept_fields(odoo_wins)

    def _export_kept(self, binding):
        """Send Odoo's kept values to Trello (the object was just read)."""
        if not self.odoo_kept_keys:
            return
        exporter = self.component(usage=usage.EXPORTER)
        exporter.run(binding, remote=self.trello_record)

    def _map_data(self):
        """The mapper's record of the Trello data (hook: pre-process it)."""
        return self.mapper.map_record(self.trello_record)

    def _sync_values(self):
        """What the binding keeps of Trello's state, for the next sync.

        The marker says the object is imported as it is, children included:
        from data read without them (an export's answer, imported when
        Trello changed the object too), it is not stored, and the marker
        the binding holds stays; stored, the next imports skipped the card
        as up to date and a check item added in Trello never came.
        """
        values = {"trello_deleted": False}
        if all(key in self.trello_record for key in self._children_keys):
            values["trello_date_last_activity"] = self._trello_marker() or False
        if self._synced_keys:
            synced = {key: self.trello_record.get(key) for key in self._synced_keys}
            synced.update(self.kept_bases)
            values["trello_synced_values"] = dumps_synced(synced)
        return values

    #: Binding fields that only say when Trello last changed the object:
    #: written with a real change, never alone (see ``_worth_writing``).
    _marker_fields = ("trello_date_last_activity",)

    def _worth_writing(self, values):
        """Whether the changed ``values`` hold more than Trello's marker.

        A comment, a file or a check item added to a card moves the card's
        ``dateLastActivity``, the connector's own ones too: read again, the
        card has nothing new for Odoo, and the marker alone is not written
        (the import after a round trip writes no row). The card is mapped
        again at the next read instead: no request, a few microseconds.
        """
        return bool(set(values) - set(self._marker_fields))

    def _changed_values(self, binding, values):
        """Keep only the values that differ from what the binding holds."""
        changed = {}
        for name, value in values.items():
            if name in self._written_with:
                continue
            if not self._is_same(binding, name, value):
                changed[name] = value
        for name, raw_name in self._written_with.items():
            if name in values and raw_name in changed:
                changed[name] = values[name]
        return changed

    @staticmethod
    def _is_same(binding, name, value):
        """Whether writing ``value`` would change nothing the user sees.

        Values are compared as the field stores them (ids for relations,
        the field's own precision for floats), so that an unchanged import
        writes nothing and bumps no ``write_date``.
        """
        field = binding._fields[name]
        current = binding[name]
        new = field.convert_to_record(field.convert_to_cache(value, binding), binding)
        if field.type in ("many2many", "one2many"):
            return set(new.ids) == set(current.ids)
        if field.type == "many2one":
            return new.id == current.id
        if field.type == "float":
            digits = field.get_digits(binding.env)
            if digits:
                return not float_compare(
                    new or 0.0, current or 0.0, precision_digits=digits[1]
                )
            # A double kept as it is (Trello's pos): 1e-7 differs from 3e-7.
            return (new or 0.0) == (current or 0.0)
        if field.type in ("char", "text", "html"):
            return (new or False) == (current or False)
        return new == current

    def _create(self, values):
        """Create the binding (and its Odoo record) in the connector context."""
        with self._retry_unique_violation():
            binding = self.model.with_context(**self._import_context()).create(values)
        _logger.debug("%s %s created from Trello", binding, self.external_id)
        return binding

    def _update(self, binding, values):
        """Write the changed values in the connector context (no echo), and
        note in the record's chatter what changed (``trello.import.tracker``:
        one note, without Odoo's own tracking, which the context turns off)."""
        self._lock_written([self.external_id])
        tracker = self.component(usage=usage.IMPORT_TRACKER)
        before = tracker.snapshot([(binding, values)])
        with self._retry_unique_violation():
            binding.with_context(**self._import_context()).write(values)
        tracker.post(before)
        _logger.debug("%s updated from Trello: %s", binding, sorted(values))

    @contextmanager
    def _retry_unique_violation(self):
        """A concurrent import created the same binding: retry, do not fail.

        Two jobs can both miss the binding when their transactions started
        before either committed (Odoo runs in REPEATABLE READ): the second
        insert then hits ``unique(backend_id, external_id)``. Retrying the job
        later finds the binding and updates it.
        """
        try:
            # No flush: a savepoint per record would flush the whole
            # environment twice per card. On a violation the job's
            # transaction is rolled back anyway (RetryableJobError).
            with self.env.cr.savepoint(flush=False):
                yield
        except IntegrityError as err:
            if err.pgcode == errorcodes.UNIQUE_VIOLATION:
                raise RetryableJobError(
                    f"A concurrent job created {self.model._name} "
                    f"{self.external_id}; retrying: {err}",
                    seconds=2,
                    ignore_retry=True,
                ) from err
            raise

    def _after_import(self, binding):
        """Hook called once the binding is stored (children, resequence...)."""

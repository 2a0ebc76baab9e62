# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
from collections import defaultdict
from contextlib import contextmanager
from itertools import islice

from odoo import fields

from odoo.addons.component.core import Component
from odoo.addons.connector.exception import InvalidDataError

from .. import usage
from ..page_create import page_context

_logger = logging.getLogger(__name__)

#: Objects imported together: Trello's page size, so one page read is one
#: batch and the memory an import holds is bounded by one page.
PAGE_SIZE = 1000


#: Returned by ``_dependencies`` when the model's bulk importer does not list
#: them: the record importer's ``_import_dependencies`` runs for each object.
BY_RECORD_IMPORTER = object()


def pages(records, size=PAGE_SIZE):
    """The records of an iterable (a generator of Trello pages) by lists."""
    iterator = iter(records)
    while page := list(islice(iterator, size)):
        yield page


class BulkItem:
    """One object of a page: its data, its options, its binding."""

    __slots__ = ("record", "options", "binding", "created")

    def __init__(self, record, options, binding):
        self.record = record
        self.options = options
        self.binding = binding
        self.created = False


class TrelloBulkImporter(Component):
    """Import a page of Trello objects of one model, in a few queries.

    The same steps as the record importer (``trello.importer``), whose hooks
    it calls for each object so that a model keeps one place to customize:
    ``_validate_data``, ``_must_skip``, ``_is_uptodate``, ``_before_import``,
    the mapper, ``_sync_values``, ``_changed_values`` and ``_mapper_options``.
    What the bulk importer changes is the cost: the bindings of a page, and those its
    mappers look up, are read in one query per model; the new bindings (and
    through ``_inherits`` their Odoo records) are created by one
    ``create(vals_list)``; the changed ones are written grouped by identical
    values. A page of 1000 cards costs tens of queries instead of thousands.

    It runs inside an import that holds the lock covering its objects (the
    board importer's): it takes no import lock of its own, only the export's
    lock of each object it writes (``trello.importer._lock_written``).
    ``import_record()`` for one object still goes through the record
    importer, and so does, inside a
    page, an object the bulk importer cannot import exactly as the record importer
    would (see ``_needs_record_importer``): correctness first, the bulk importer
    only makes the common case cheap.
    """

    _name = "trello.bulk.importer"
    _inherit = ["base.importer", "trello.base"]
    _usage = usage.BULK_IMPORTER

    #: Every object of the model goes through the record importer (a model
    #: whose hooks keep per-object state between them, as the attachment's
    #: download between ``_must_skip`` and ``_mapper_options``).
    _by_record_importer = False

    @property
    def record_importer(self):
        """The model's record importer: its hooks decide for each object."""
        return self.component(usage=usage.RECORD_IMPORTER)

    # -- entry points ----------------------------------------------------

    def run(self, records, force=False, **options):
        """Import ``records`` (any iterable, read by pages) with ``options``.

        Returns the Trello ids read, imported or skipped: what a full read
        lists, for the caller to tell which bound objects vanished.
        """
        seen = []
        for page in pages(records):
            seen.extend(self._validated_id(record) for record in page)
            self.run_page([(record, dict(options)) for record in page], force=force)
            self._release_page()
        return seen

    def _release_page(self):
        """Write the page to the database and drop it from the cache.

        Odoo's record cache keeps every value read or written until the
        transaction ends: without this, the memory of a board import grows
        with the board (about 8 KB a card) instead of staying one page.
        """
        self.env.flush_all()
        self.env.invalidate_all()

    def run_page(self, records_options, force=False):
        """Import one page of ``(record, options)`` pairs; the items done.

        The items returned are the objects imported by the bulk importer; those the
        record importer imported (``_needs_record_importer``) are not in it.
        """
        if not self.backend_record._allows_import():
            return []  # as the record importer: an export-only backend
        self._forget_once("pending_creates")  # read again after this page's data
        if self._by_record_importer:
            self._run_record_importer(records_options, force)
            return []
        importer = self.record_importer
        for record, _options in records_options:
            importer.external_id = isinstance(record, dict) and record.get("id")
            importer._validate_data(record)
        bindings = self.binder.to_internal_many(
            [record["id"] for record, _options in records_options]
        )
        items, by_record = [], []
        with self._prefetched(self._skip_lookups(records_options)):
            for record, options in records_options:
                binding = bindings.get(record["id"], self.model.browse())
                self._load(importer, record, options)
                if importer._skip_reason(binding):
                    continue
                if not force and importer._is_uptodate(binding):
                    continue
                if self._needs_record_importer(importer, binding):
                    by_record.append((record, options))
                    continue
                importer._before_import(binding)
                items.append(BulkItem(record, importer.import_options, binding))
        if items:
            self._import_dependencies(items)
            with self._prefetched(self._map_lookups(items)):
                to_create, to_write = self._map_items(importer, items)
            self._create_items(importer, to_create)
            self._write_items(importer, to_write)
            self._after_import(items)
        self._run_record_importer(by_record, force)
        return items

    def _needs_record_importer(self, importer, binding):
        """Whether this object must go through the record importer (hook).

        The bulk importer writes Trello's values as they are mapped. The record
        importer does more for an object that Odoo changed since the last
        synchronization: it keeps Odoo's changes (``_odoo_kept_fields``, by
        the backend's conflict policy, with a note on a conflict) and sends
        them to Trello (``_export_kept``). An object archived because it was
        gone from Trello (``trello_deleted``) comes back through it too: a
        rare case, not worth a second path.
        """
        if not binding:
            return False  # a new binding has no Odoo side to keep
        if binding.trello_deleted:
            return True
        return self._odoo_changed(importer, binding)

    def _odoo_changed(self, importer, binding):
        """Odoo changed a merged field since the last synchronization.

        The model's conflict resolver's question only: the answer (and its
        notes) is the record importer's to give, through the same
        ``merge``.
        """
        if importer.import_options.get("resolved"):
            return False
        resolver = self.component(usage=usage.CONFLICT_RESOLVER)
        return resolver.odoo_changed(binding)

    def _run_record_importer(self, records_options, force):
        """Import these objects one by one, by the record importer."""
        if not records_options:
            return
        importer = self.record_importer
        for record, options in records_options:
            importer.run(record["id"], force=force, data=record, **options)

    # -- steps -------------------------------------------------------------

    @staticmethod
    def _validated_id(record):
        if not isinstance(record, dict) or not record.get("id"):
            raise InvalidDataError(
                f"Trello sent a malformed object: {str(record)[:200]}"
            )
        return record["id"]

    @staticmethod
    def _load(importer, record, options, binding_created=False):
        """Point the record importer at one object, so its hooks can run."""
        importer.external_id = record["id"]
        importer.trello_record = record
        importer.import_options = options
        importer.binding_created = binding_created
        # a page's objects are those Odoo did not change: Odoo keeps nothing
        importer.odoo_kept_keys = set()
        importer.kept_bases = {}

    def _map_items(self, importer, items):
        """New items with their values; changed ones grouped by values."""
        now = fields.Datetime.now()
        to_create, to_write = [], defaultdict(list)
        for item in items:
            self._load(importer, item.record, item.options)
            map_record = importer._map_data()
            sync_values = importer._sync_values()
            if item.binding:
                values = map_record.values(**importer._mapper_options(item.binding))
                values.update(sync_values)
                values = importer._changed_values(item.binding, values)
                if importer._worth_writing(values):
                    values["sync_date"] = now
                    key = json.dumps(values, sort_keys=True, default=str)
                    to_write[key].append((item, values))
            else:
                values = map_record.values(
                    for_create=True, **importer._mapper_options(None)
                )
                values.update(sync_values, sync_date=now)
                to_create.append((item, values))
        return to_create, to_write

    def _create_items(self, importer, to_create):
        """One ``create(vals_list)``: the bindings and their Odoo records."""
        if not to_create:
            return
        importer.external_id = to_create[0][0].record["id"]
        model = self.model.with_context(**self._import_context())
        model = model.with_context(**page_context())
        vals_list = [values for _item, values in to_create]
        with importer._retry_unique_violation():
            vals_list = self._create_inherited(model, vals_list)
            created = model.create(vals_list)
        for (item, _values), binding in zip(to_create, created, strict=True):
            item.binding = binding
            item.created = True
        _logger.debug("%s %s created from Trello", self.model._name, len(created))

    def _create_inherited(self, model, vals_list):
        """Create the ``_inherits`` records first, by one ``create`` each.

        What ``create`` of the binding does, with its defaults computed once
        for the page (``page_defaults``): the task then gets the same values
        as through the binding (a sub-task's stage and company stay the
        binding default's, not the ones Odoo would compute), and the
        binding is created with its ``odoo_id``.
        """
        complete_list = [model._add_missing_default_values(v) for v in vals_list]
        for parent_model, parent_field in model._inherits.items():
            parent_vals_list, own_vals_list = [], []
            for values in complete_list:
                parent_vals, own_vals = {}, {}
                for name, value in values.items():
                    field = model._fields.get(name)
                    inherited = field is not None and field.inherited
                    (parent_vals if inherited else own_vals)[name] = value
                parent_vals_list.append(parent_vals)
                own_vals_list.append(own_vals)
            parents = self._create_parents(model.env[parent_model], parent_vals_list)
            for own_vals, parent in zip(own_vals_list, parents, strict=True):
                own_vals[parent_field] = parent.id
            complete_list = own_vals_list
        return complete_list

    @staticmethod
    def _create_parents(parent_model, vals_list):
        """Create the ``_inherits`` records of a page (hook).

        A model may offer a cheaper way to create many records at once than
        its ``create`` (tasks do: ``project.task._trello_create_page``).
        """
        create_page = getattr(parent_model, "_trello_create_page", None)
        if create_page is None:
            return parent_model.create(vals_list)
        return create_page(vals_list)

    def _write_items(self, importer, to_write):
        """One write per set of identical changed values, the objects locked
        as their exports lock them (``trello.importer._lock_written``); then
        the chatter notes of what changed, one ``create`` for the page
        (``trello.import.tracker``)."""
        importer._lock_written(
            [item.record["id"] for group in to_write.values() for item, _v in group]
        )
        tracker = self.component(usage=usage.IMPORT_TRACKER)
        before = tracker.snapshot(
            [
                (item.binding, values)
                for group in to_write.values()
                for item, values in group
            ]
        )
        model = self.model.with_context(**self._import_context())
        for group in to_write.values():
            ids = [item.binding.id for item, _values in group]
            importer.external_id = group[0][0].record["id"]
            with importer._retry_unique_violation():
                model.browse(ids)._write_grouped(group[0][1])
        tracker.post(before)

    # -- hooks ---------------------------------------------------------------

    def _skip_lookups(self, records_options):
        """``{binding model: Trello ids}`` ``_must_skip`` looks up (hook)."""
        return {}

    def _dependencies(self, item):
        """``(binding model, Trello id, data, options)`` the item needs.

        ``BY_RECORD_IMPORTER`` (the default) runs the record importer's own
        ``_import_dependencies`` for each item: correct for any model, one
        query per dependency. Bulk importers of big pages list them, so
        that a page costs one query per model.
        """
        return BY_RECORD_IMPORTER

    def _map_lookups(self, items):
        """``{binding model: Trello ids}`` the mappers look up (hook).

        By default the dependencies: what an object refers to is what its
        mapper resolves.
        """
        lookups = defaultdict(set)
        for item in items:
            dependencies = self._dependencies(item)
            if dependencies is BY_RECORD_IMPORTER:
                continue
            for model, external_id, _data, _options in dependencies:
                ids = lookups[model]  # even with no id: "not bound" is known
                if external_id:
                    ids.add(external_id)
        return lookups

    def _import_dependencies(self, items):
        """Import what the page refers to and Odoo does not know yet."""
        wanted = {}
        fallback = []
        for item in items:
            dependencies = self._dependencies(item)
            if dependencies is BY_RECORD_IMPORTER:
                fallback.append(item)
                continue
            for model, external_id, data, options in dependencies:
                if external_id:
                    wanted.setdefault((model, external_id), (data, options))
        by_model = defaultdict(list)
        for model, external_id in wanted:
            by_model[model].append(external_id)
        for model, external_ids in by_model.items():
            bound = self.binder_for(model).to_internal_many(external_ids)
            importer = None
            for external_id in external_ids:
                if external_id in bound:
                    continue
                importer = importer or self.component(
                    usage=usage.RECORD_IMPORTER, model_name=model
                )
                data, options = wanted[model, external_id]
                importer.run(external_id, force=True, data=data, **options)
        if fallback:
            importer = self.record_importer
            for item in fallback:
                self._load(importer, item.record, item.options)
                importer._import_dependencies()

    def _after_import(self, items):
        """The record importer's ``_after_import`` for each item (hook).

        Bulk importers of models with children (a card's check items and
        attachments) import the children of the whole page at once instead.
        """
        importer = self.record_importer
        for item in items:
            self._load(importer, item.record, item.options, item.created)
            importer._after_import(item.binding)

    # -- binding lookups -----------------------------------------------------

    @contextmanager
    def _prefetched(self, lookups):
        """Answer the binders' lookups of ``lookups`` from one query a model.

        Only while nothing creates bindings of those models (the checks and
        the mapping of a page): the binders then answer from memory,
        including "not bound" for an id looked up and not found.
        """
        sync = getattr(self.work, "trello_sync", None)
        if sync is None or not lookups:
            yield
            return
        cache = {}
        for model, external_ids in lookups.items():
            external_ids = [ext_id for ext_id in external_ids if ext_id]
            found = (
                self.binder_for(model).to_internal_many(external_ids)
                if external_ids
                else {}
            )
            cache[model] = {ext_id: found.get(ext_id) for ext_id in external_ids}
        previous = sync.get("prefetched_bindings")
        sync["prefetched_bindings"] = cache
        try:
            yield
        finally:
            sync["prefetched_bindings"] = previous

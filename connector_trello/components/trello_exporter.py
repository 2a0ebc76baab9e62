# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import fields

from odoo.addons.component.core import Component
from odoo.addons.connector.exception import IDMissingInBackend

from .. import usage
from ..client import dumps_synced
from ..tools import TEXT_LIMIT, same_trello_value

_logger = logging.getLogger(__name__)


class TrelloExporter(Component):
    """Export one binding to Trello: the OCA record-exporter template.

    ``run()`` locks the binding, exports what it depends on (a card's list
    and labels), maps the Odoo record to Trello's values, and then either
    creates the Trello object or sends only the fields that Odoo changed
    since the last synchronization (``trello_synced_values``). The Trello
    state written is stored on the binding, so that the next import sees no
    change and writes nothing.

    It runs with the connector's rights (the model method hands it a sudo
    binding): a project user who edits a task needs no access to the
    backend's credentials for the card to follow.
    """

    _name = "trello.exporter"
    _inherit = ["base.exporter", "trello.create.once", "trello.partial.write"]
    _usage = usage.EXPORTER

    #: Read the object before writing it, to detect conflicts (objects with a
    #: modification marker); without it, Odoo's changes are simply sent.
    _check_conflicts = False
    #: Attach whole to the card the texts the mapper shortens to fit
    #: Trello's limit (``_attach_full_texts``).
    _full_text_files = False

    def __init__(self, work_context):
        super().__init__(work_context)
        self.binding = None
        self.external_id = None
        self.binding_created_now = False

    # -- template --------------------------------------------------------

    def run(self, binding, fields=None, remote=None):
        """Export ``binding``; ``fields`` restricts the mappings computed.

        ``remote`` is the object as already read from Trello (a caller that
        exports several cards reads them by batches of 10).
        """
        if not self.backend_record._allows_export():
            return self.env._("Export disabled: the backend imports only.")
        self.binding = binding
        if not binding.exists():
            return self.env._("The record was deleted: nothing to export.")
        self._lock()
        skip_reason = self._must_skip() or self._outside_rules()
        if skip_reason:
            return skip_reason
        self._export_dependencies()
        self.external_id = self.binder.to_external(binding)
        if self.external_id:
            return self._export_update(fields, remote)
        return self._export_create()

    def read_remotes(self, bindings, fields=None):
        """Read the objects of ``bindings`` Odoo changed, 10 per request
        (cards: those of a board in one, see the task exporter).

        Exporting many cards at once then costs one write per card plus a
        few reads, instead of a read and a write per card.
        """
        if (
            not self._check_conflicts
            or self.backend_record.sync_direction != "two_way"
            or len(bindings) < 2
        ):
            return {}
        known = self._known_changed()
        changed = bindings.browse()
        for binding in bindings:
            if not binding.external_id:
                continue
            if binding.id in known or self._odoo_changes(binding, fields):
                changed |= binding
        if not changed:
            return {}
        remotes = self._read_changed(changed)
        return {ext_id: card for ext_id, card in remotes.items() if card}

    def _odoo_changes(self, binding, fields=None):
        """``{key: value}``: what the export of ``binding`` would send, as
        Odoo holds it now against the values last synchronized (no request:
        one mapping of the record)."""
        self.binding = binding
        base = self._base_values()
        values = self._map_values(fields=fields)
        return {
            key: value
            for key, value in values.items()
            if not same_trello_value(key, value, base.get(key))
        }

    def _known_changed(self):
        """Ids of the bindings of this model found changed earlier in this
        transaction and not exported since (``remember_changed``): the
        choice of the cards to read does not map them a second time."""
        return self.env.cr.cache.setdefault(
            f"trello_export_changed:{self.model._name}", set()
        )

    def remember_changed(self, binding):
        """``binding`` was found changed (a caller mapped it already)."""
        self._known_changed().add(binding.id)

    def _read_changed(self, bindings):
        """``{external id: object or None}`` of ``bindings`` (hook: the
        cards of a board are read in one request)."""
        return self.backend_adapter.read_states(bindings.mapped("external_id"))

    def deletion_values(self, binding):
        """The ``trello.deletion`` of the object of ``binding``, as values.

        Computed while the binding still exists (its Odoo record is being
        deleted): what Trello must do, and the ids it needs then. No request.
        """
        self.binding = binding
        card = binding._fields.get("card_binding_id") and binding.card_binding_id
        return {
            "backend_id": self.backend_record.id,
            "binding_model": binding._name,
            "external_id": binding.external_id,
            "card_external_id": card.external_id if card else False,
            # "Card «Choose the CMS»": what the admin reads on the row and job
            "name": "{} «{}»".format(
                binding._description.removeprefix("Trello "),
                binding.display_name or binding.external_id,
            ),
            "operation": self._unlink_operation(),
        }

    def _unlink_operation(self):
        """``archive``, ``delete`` or ``keep``: what Trello does (hook)."""
        return "delete" if self._delete_in_trello() else "archive"

    def run_unlink(self, deletion):
        """Archive (or delete) in Trello the object of a ``trello.deletion``.

        Its Odoo record is already deleted, and its binding with it: the
        deletion carries the Trello ids. The lock is the one of the object's
        imports and exports.
        """
        if not self.backend_record._allows_export():
            return self.env._("Export disabled: the backend imports only.")
        self._lock(deletion.external_id)
        try:
            if deletion.operation == "delete":
                self.backend_adapter.delete(
                    deletion.external_id, card_id=deletion.card_external_id or None
                )
                return self.env._("Deleted in Trello.")
            self.backend_adapter.write(deletion.external_id, {"closed": True})
            return self.env._("Archived in Trello.")
        except IDMissingInBackend:
            # A try before this one did it and lost the answer (a 5xx after
            # the write, a dropped connection, a worker killed), or someone
            # deleted it in Trello: what was asked is done either way.
            return self.env._("Already gone from Trello.")

    def _delete_in_trello(self):
        """Whether deleting the Odoo record deletes the Trello object (hook).

        Only cards can be deleted, and only with the backend's option: the
        connector never deletes a board or a list.
        """
        return False

    def _lock(self, external_id=None):
        """One export of a binding at a time, and never during its import.

        The advisory lock is the importer's: an import and an export of the
        same object exclude each other; the second is retried. A binding
        not yet in Trello is locked by its create key instead (see
        ``_lock_create``).
        """
        backend = self.backend_record
        external_id = external_id or self.binding.external_id
        if not external_id:
            self._lock_create(self._create_key())
            return
        self.advisory_lock_or_retry(
            f"import({backend._name}, {backend.id}, {self.model._name}, "
            f"{external_id})",
            retry_seconds=2,
        )

    def _must_skip(self):
        """Return a reason not to export this binding, or False (hook)."""
        return False

    def _outside_rules(self):
        """A reason not to export: the object's card is outside its board's
        sync rules (hook: the task exporter evaluates the rules)."""
        binding = self.binding
        card = "card_binding_id" in binding._fields and binding.card_binding_id
        if card and card.trello_rules_state:
            return self.env._(
                "The card is outside its board's sync rules: not exported."
            )
        return None

    def _export_dependencies(self):
        """Export what the object refers to and Trello lacks (hook)."""

    def _export_dependency(self, record, binding_model, **binding_values):
        """The binding of ``record`` in ``binding_model``, exported if new.

        A missing binding is created (with ``connector_no_export``, so no
        listener exports it a second time) and exported in this same call.
        """
        bindings = record.trello_bind_ids.filtered(
            lambda b: b.backend_id == self.backend_record
            and all(b[name] == value for name, value in binding_values.items())
        )
        binding = bindings[:1]
        exporter = self.component(usage=usage.EXPORTER, model_name=binding_model)
        if not binding:
            # Locked before the binding is made: a second job making the
            # same one would wait on the unique index, then fail for good.
            parent = binding_values.get(exporter._parent_field)
            exporter._lock_create(exporter._create_key_for(record.id, parent))
            values = dict(
                binding_values, odoo_id=record.id, backend_id=self.backend_record.id
            )
            with self._retry_unique_violation():
                binding = (
                    self.env[binding_model]
                    .with_context(**self._connector_context())
                    .create(
                        {
                            key: value.id if hasattr(value, "_name") else value
                            for key, value in values.items()
                        }
                    )
                )
        if not binding.external_id:
            exporter.run(binding)
        return binding

    def _map_values(self, fields=None, for_create=False):
        map_record = self.mapper.map_record(self.binding)
        values = map_record.values(for_create=for_create, fields=fields)
        # what Trello refused before, while Odoo's value is the same
        return self._apply_refused(values)

    # -- create ----------------------------------------------------------

    def _export_create(self):
        values = self._map_values(for_create=True)
        response, created = self._create_once(values)
        self.external_id = response["id"]
        self.binding_created_now = True
        with self._retry_unique_violation():
            self.binder.bind(self.external_id, self.binding)
        self._store(response)
        self._after_export(response)
        _logger.debug("%s exported as %s", self.binding, self.external_id)
        if not created:
            # Made by an earlier try: send what Odoo changed since.
            self._export_update(None, None)
        else:
            self._attach_full_texts()
        return self.env._("Created in Trello as %(id)s.", id=self.external_id)

    def _create_remote(self, values):
        return self.backend_adapter.create(values)

    def _write_remote(self, changes, read=None):
        """Write ``changes``; a field Trello refuses is left out (noted).

        ``read``: the object as the conflict check read it (None without
        one), for the writes that depend on it (a card's lists).
        """
        return self._send_partial(
            lambda values: self.backend_adapter.write(self.external_id, values),
            changes,
        )

    # -- update ----------------------------------------------------------

    def _base_values(self):
        """The Trello values last synchronized, that Odoo's are compared with:
        the conflict resolver's base, one for both directions."""
        resolver = self.component(usage=usage.CONFLICT_RESOLVER)
        return resolver.base_values(self.binding)

    def _export_update(self, fields, remote, changes=None):
        """``changes``: Odoo's changes when the caller mapped them already
        (``_odoo_changes``, nothing exported in between), else mapped here."""
        base = self._base_values()
        if changes is None:
            changes = self._odoo_changes(self.binding, fields)
        if not changes:
            self._attach_full_texts()
            return self.env._("Nothing to export.")
        if self._check_conflicts and self.backend_record.sync_direction == "two_way":
            if remote is None:
                remote = self.backend_adapter.read_state(self.external_id)
            resolver = self.component(usage=usage.CONFLICT_RESOLVER)
            odoo_wins, trello_wins = resolver.merge(self.binding, remote, changes)
            odoo_behind = bool(trello_wins) or any(
                not same_trello_value(key, value, changes[key])
                for key, value in odoo_wins.items()
            )
            changes = odoo_wins
        else:
            remote = None  # Odoo is the master: nothing to compare with
            odoo_behind = False
        response = self._write_remote(changes, remote) if changes else remote
        if odoo_behind or (
            remote is not None and self._trello_changed(base, remote, changes)
        ):
            # Trello changed something Odoo did not send, won a conflict, or
            # a set of ids was merged with Trello's: import the object as it
            # now is, without resolving again.
            self._import_response(response)
        else:
            self._store(response)
        self._after_export(response)
        self._attach_full_texts()
        return self.env._(
            "Exported to Trello: %(fields)s.", fields=", ".join(sorted(changes))
        )

    def _trello_changed(self, base, remote, sent):
        """Whether Trello holds a value Odoo did not send and lacks."""
        resolver = self.component(usage=usage.CONFLICT_RESOLVER)
        trello_values = resolver.trello_values(remote)
        keys = (set(self._synced_keys()) | set(base)) - set(sent)
        return any(
            key in trello_values
            and not same_trello_value(key, trello_values[key], base.get(key))
            for key in keys
        )

    def _import_response(self, response):
        importer = self.component(usage=usage.RECORD_IMPORTER)
        importer.run(
            self.external_id,
            force=True,
            data=response,
            resolved=True,
            **self._import_options(),
        )

    def _import_options(self):
        """Options the importer of this object needs (its board...)."""
        return {}

    # -- texts over Trello's limit -----------------------------------------

    def _attach_full_texts(self):
        """Attach whole to the card each text Trello holds shortened.

        The export mapper's ``full_texts`` are the texts before they are
        shortened; ``trello.full.text.exporter`` keeps one Markdown file per
        text over the limit, and none for the others. Texts that fit and
        have no file cost one query and no request.
        """
        if not self._full_text_files:
            return
        card = self._full_text_card()
        if not card.external_id:
            return
        texts = self.mapper.full_texts(self.binding)
        with_files = self._full_text_holders()
        if self.binding.id not in with_files and all(
            len(text or "") <= TEXT_LIMIT for text in texts.values()
        ):
            return  # the usual case: no query, no request
        with_files.add(self.binding.id)
        files = self.env["trello.full.text"].search(
            [
                ("backend_id", "=", self.backend_record.id),
                ("res_model", "=", self.binding._name),
                ("res_id", "=", self.binding.id),
            ]
        )
        exporter = self.component(
            usage=usage.FULL_TEXT_EXPORTER, model_name="trello.full.text"
        )
        for key, text in texts.items():
            exporter.run(
                self.binding,
                card,
                key,
                text,
                self._full_text_file_name(key),
                files.filtered(lambda f, key=key: f.trello_key == key),
            )

    def _full_text_holders(self):
        """Ids of this model's bindings that have files of whole texts, read
        once a synchronization (a burst's job exports 100 cards, nearly all
        without); ``_attach_full_texts`` adds those it attaches to."""
        return self._once_per_sync(
            "full_text_holders",
            self.binding._name,
            lambda: set(
                self.env["trello.full.text"]
                .search_fetch(
                    [
                        ("backend_id", "=", self.backend_record.id),
                        ("res_model", "=", self.binding._name),
                    ],
                    ["res_id"],
                )
                .mapped("res_id")
            ),
        )

    def _full_text_card(self):
        """The card the texts' files go to (hook: the binding's card)."""
        return self.binding.card_binding_id

    def _full_text_file_name(self, key):
        """The name of the Markdown file of ``key``'s whole text (hook)."""
        return f"{key}-{self.external_id}.full-text.md"

    # -- what the binding keeps ------------------------------------------

    def _synced_keys(self):
        """The Trello keys the importer keeps: one list for both directions."""
        return self.component(usage=usage.RECORD_IMPORTER)._synced_keys

    def _store(self, response):
        """Keep the Trello state written, so the next import writes nothing.

        The import marker (``dateLastActivity``) is the answer's only for a
        create; an export keeps the one the last import stored. The answer's
        marker also covers what Trello changed that the export does not
        compare (a check item, a comment, an attachment), before its read or
        between its read and its write: stored, it made the next imports,
        even a full one, skip the card as up to date, and the check item
        never came. Kept, the next import maps the card again and writes
        nothing but what is new (``trello.importer._worth_writing``).
        """
        keys = self._synced_keys()
        marker = (
            self.binding.trello_date_last_activity
            or response.get("dateLastActivity")
            or False
        )
        values = {
            "trello_date_last_activity": marker,
            "trello_deleted": False,
            "sync_date": fields.Datetime.now(),
        }
        if keys:
            values["trello_synced_values"] = dumps_synced(
                {key: response.get(key) for key in keys}
            )
        values.update(self._binding_values(response))
        self.binding.with_context(**self._connector_context()).write(values)
        self._known_changed().discard(self.binding.id)

    def _binding_values(self, response):
        """Binding fields that mirror Trello (position, Markdown...) (hook)."""
        return {}

    def _after_export(self, response):
        """Hook called once the object is written in Trello."""

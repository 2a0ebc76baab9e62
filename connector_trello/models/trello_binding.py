# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models, tools

from .. import usage
from ..access import check_trello_caller
from ..page_create import page_defaults
from ..tools import parse_trello_datetime


class TrelloBinding(models.AbstractModel):
    """What every binding to a Trello object has.

    Besides the link (backend, Trello id), a binding keeps what the import
    needs to stay idempotent and what the export (next step) needs to tell an
    Odoo edit from the echo of an import: Trello's modification marker and the
    Trello values last synchronized.
    """

    _name = "trello.binding"
    _inherit = "external.binding"
    _description = "Trello Binding (abstract)"

    backend_id = fields.Many2one(
        "trello.backend",
        string="Trello Backend",
        required=True,
        ondelete="restrict",
        index=True,
    )
    external_id = fields.Char(string="Trello ID", index=True, copy=False)
    trello_date_last_activity = fields.Char(
        string="Trello Last Activity",
        copy=False,
        help="Trello's modification marker (dateLastActivity) last imported.",
    )
    trello_last_activity = fields.Datetime(
        string="Last Activity in Trello",
        compute="_compute_trello_last_activity",
        help="When the object last changed in Trello, as last imported.",
    )
    trello_synced_values = fields.Text(
        copy=False,
        groups="connector.group_connector_manager",
        help="The Trello values last synchronized, as JSON: the export compares "
        "them with Odoo to tell an edit made in Odoo from an imported one.",
    )
    trello_refused_values = fields.Text(
        copy=False,
        groups="connector.group_connector_manager",
        help="What Trello refused of Odoo's values, as JSON: while Odoo's value "
        "stays the refused one, the export sends what Trello took instead "
        "(see trello.partial.write).",
    )
    trello_deleted = fields.Boolean(
        string="Deleted in Trello",
        copy=False,
        help="Trello no longer has this object; its Odoo record was archived.",
    )

    _sql_constraints = [
        (
            "trello_uniq",
            "unique(backend_id, external_id)",
            "A binding already exists for this Trello object.",
        ),
    ]

    @api.model
    def _bind_on_task_cards(self, record, task):
        """The bindings of ``record`` on each card of ``task``, made if missing.

        A chatter message or a file posted on a synchronized task has no
        Trello object yet: it gets one binding per card of the task (one per
        backend), without an external id, which its export then fills.
        """
        bindings = record.trello_bind_ids
        for card in task.trello_bind_ids.filtered("external_id"):
            if bindings.filtered(lambda b, card=card: b.backend_id == card.backend_id):
                continue
            bindings |= (
                self.sudo()
                .with_context(connector_no_export=True)
                .create(
                    {
                        "odoo_id": record.id,
                        "backend_id": card.backend_id.id,
                        "card_binding_id": card.id,
                    }
                )
            )
        return bindings

    @api.model
    def _export_on_task_cards(self, records, fields=None):
        """Export ``records`` (messages or files on tasks, as superuser: a
        project user's job may not read the bindings) to each card of their
        task, bound there first where missing; return the exporters'
        messages."""
        results = []
        for record in records:
            task = record.env["project.task"].browse(record.res_id)
            bindings = self._bind_on_task_cards(record, task)
            results.extend(binding.export_record(fields=fields) for binding in bindings)
        return results

    def _given_parents(self, values):
        """The ``_inherits`` models whose record ``values`` give by id."""
        return {parent for parent, field in self._inherits.items() if values.get(field)}

    def _parent_fields_not_given(self, values, names):
        """Of the inherited fields ``names``, those of a parent given by id
        in ``values`` and left out of them."""
        given = self._given_parents(values)
        if not given:
            return []
        return [
            name
            for name in names
            if name not in values
            and self._fields[name].related_field.model_name in given
        ]

    @tools.ormcache()
    def _inherited_field_names(self):
        """``(properties, precomputed)``: names of these inherited fields."""
        inherited = [f for f in self._fields.values() if f.inherited]
        return (
            tuple(f.name for f in inherited if f.type == "properties"),
            tuple(f.name for f in inherited if f.precompute),
        )

    @api.model
    def _add_missing_default_values(self, values):
        """No default properties for a parent record given by its id.

        Odoo adds the defaults of every properties field, inherited ones
        included, even when the ``_inherits`` parent is given, and its
        ``create`` then writes them on the existing parent: one write per
        binding (a bulk import creates the task with its values first, see
        ``trello.bulk.importer._create_inherited``). Only the inherited
        properties of a given parent are left out. In a bulk import's page
        the defaults are computed once per set of given fields
        (``page_defaults``).
        """
        defaults = page_defaults(self, values, super()._add_missing_default_values)
        properties, _precomputed = self._inherited_field_names()
        for name in self._parent_fields_not_given(values, properties):
            defaults.pop(name, None)
        return defaults

    def _add_precomputed_values(self, vals_list):
        """No precomputed inherited field for a parent record given by its id.

        For the same reason: Odoo would compute it on a new record, then
        write it on the existing parent, one write per binding.
        """
        _properties, precomputed = self._inherited_field_names()
        skipped = []
        for vals in vals_list:
            names = self._parent_fields_not_given(vals, precomputed)
            vals.update(dict.fromkeys(names))  # present: not computed
            skipped.append((vals, names))
        try:
            return super()._add_precomputed_values(vals_list)
        finally:  # the placeholders out, whatever happened
            for vals, names in skipped:
                for name in names:
                    vals.pop(name, None)

    def _write_grouped(self, values):
        """Write the same ``values`` on many bindings, one write per model.

        Writing an inherited field on bindings writes their Odoo records one
        at a time (Odoo inverses ``_inherits`` fields record by record): a
        page of a thousand cards would cost a thousand task writes. Here the
        Odoo records' fields are written on the Odoo records in one write,
        the bindings' own fields on the bindings in another, in this
        recordset's context.
        """
        own = dict(values)
        for parent_model, parent_field in self._inherits.items():
            inherited = {
                name: own.pop(name)
                for name in list(own)
                if self._fields[name].inherited
                and self._fields[name].related_field.model_name == parent_model
            }
            if inherited:
                self[parent_field].write(inherited)
        if own:
            self.write(own)
        return True

    @api.depends("trello_date_last_activity")
    def _compute_trello_last_activity(self):
        """The raw marker (ISO text, compared as it is) shown as a date."""
        for binding in self:
            try:
                date = parse_trello_datetime(binding.trello_date_last_activity)
            except ValueError:  # not a date: nothing to show
                date = False
            binding.trello_last_activity = date

    def _get_synced_values(self):
        self.ensure_one()
        return json.loads(self.trello_synced_values or "{}")

    def _check_connector_rights(self, backend=None):
        """Only who may change the backend acts on Trello through a binding.

        The public methods below are the entry points of scripts, RPC and
        jobs: each checks this first, before any request. The connector
        itself (a job, an export that Odoo's rules already allowed) calls
        them as superuser, which passes.
        """
        backends = backend if backend is not None else self.sudo().backend_id
        if not hasattr(backends, "_name"):
            backends = self.env["trello.backend"].browse(backends)
        backends.with_env(self.env).check_access("write")

    @api.model
    def import_record(self, backend, external_id, force=False, data=None):
        """Import one Trello object (synchronously, or through ``with_delay``).

        ``data`` lets a caller that already read the object (the board
        importer reads cards by pages of 1000) pass it in, so that importing
        a card costs no request of its own. Connector managers only.
        """
        self._check_connector_rights(backend)
        with backend._work_on_trello(self._name) as work:
            importer = work.component(usage=usage.RECORD_IMPORTER)
            return importer.run(external_id, force=force, data=data)

    def export_record(self, fields=None, remote=None):
        """Export this binding to Trello now, with the connector's rights.

        Connector managers only (or the connector itself, as superuser: a
        project user who edits a task exports it through ``trello_export``
        of the task, which checks the user's rights on the task first).
        """
        self.ensure_one()
        self._check_connector_rights()
        binding = self.sudo()
        with binding.backend_id._work_on_trello(self._name) as work:
            exporter = work.component(usage=usage.EXPORTER)
            return exporter.run(binding, fields=fields, remote=remote)

    def export_records(self, fields=None):
        """Export several bindings; the conflict reads go by batches of 10.

        Connector managers only, as ``export_record``. In a job,
        connector_trello_queue wraps it (and ``export_record``) in
        ``connector_trello_queue/models/trello_binding.py``: the shared
        request budget, one piece per board, Trello's errors as queue_job's.
        """
        self._check_connector_rights()
        results = []
        for backend in self.sudo().backend_id:
            bindings = self.sudo().filtered(
                lambda b, backend=backend: b.backend_id == backend
            )
            with backend._work_on_trello(self._name) as work:
                remotes = work.component(usage=usage.EXPORTER).read_remotes(
                    bindings, fields=fields
                )
                for binding in bindings:
                    exporter = work.component(usage=usage.EXPORTER)
                    results.append(
                        exporter.run(
                            binding,
                            fields=fields,
                            remote=remotes.get(binding.external_id),
                        )
                    )
        return results

    def _unlink_and_follow(self, records, unlink, drop=True):
        """Delete ``records`` (Odoo's ``unlink``), then have Trello follow.

        ``self`` are the bindings of ``records``. Odoo decides first: the
        caller's right to delete a synchronized record is checked before
        anything, the ``trello.deletion`` rows are written, Odoo's own
        ``unlink`` runs (its access rules and constraints may still refuse),
        and only then are the deletions handed to ``_follow_in_trello``
        (after the commit, or a job), never before.
        """
        if self:
            check_trello_caller(records, "unlink")
        deletions = self._odoo_records_deleted(drop=drop)
        result = unlink()
        deletions._follow_in_trello()
        return result

    def _odoo_records_deleted(self, drop=True):
        """The Odoo records of these bindings are being deleted.

        Called by an ``unlink()`` once Odoo checked that its caller may
        delete. Unless the deletion is the connector's own
        (``connector_no_export``), a ``trello.deletion`` records what Trello
        must do (archive, or delete where the exporter says so:
        ``_delete_in_trello``); nothing is sent yet, and the caller sends the
        deletions (``_follow_in_trello``) only after Odoo's own unlink
        succeeded. With ``drop``, the bindings go too: they hold the Odoo
        record (``ondelete="restrict"``). Returns the deletions.
        """
        deletions = self.env["trello.deletion"].sudo()
        if not self.env.context.get("connector_no_export"):
            deletions = deletions._record(self.sudo())
        if drop:
            self.with_context(connector_no_export=True).unlink()
        return deletions

    @api.model
    def delete_record(self, backend, external_id):
        """Archive the Odoo record of an object deleted in Trello.

        Connector managers only.
        """
        self._check_connector_rights(backend)
        with backend._work_on_trello(self._name) as work:
            deleter = work.component(usage=usage.DELETER)
            return deleter.run(external_id)

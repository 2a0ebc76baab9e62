# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models

from .. import usage
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

    @api.model
    def import_record(self, backend, external_id, force=False, data=None):
        """Import one Trello object (synchronously, or through ``with_delay``).

        ``data`` lets a caller that already read the object (the board
        importer reads cards by pages of 1000) pass it in, so that importing
        a card costs no request of its own.
        """
        with backend._work_on_trello(self._name) as work:
            importer = work.component(usage=usage.RECORD_IMPORTER)
            return importer.run(external_id, force=force, data=data)

    def export_record(self, fields=None, remote=None):
        """Export this binding to Trello now, with the connector's rights.

        The exporter runs as superuser: a project user who edits a task has
        no access to the backend's credentials, yet the card must follow.
        """
        self.ensure_one()
        binding = self.sudo()
        with binding.backend_id._work_on_trello(self._name) as work:
            exporter = work.component(usage=usage.EXPORTER)
            return exporter.run(binding, fields=fields, remote=remote)

    def export_records(self, fields=None):
        """Export several bindings; the conflict reads go by batches of 10."""
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

    def export_unlink(self):
        """The Odoo record is being deleted: archive (or delete) in Trello."""
        self.ensure_one()
        binding = self.sudo()
        with binding.backend_id._work_on_trello(self._name) as work:
            return work.component(usage=usage.EXPORTER).run_unlink(binding)

    @api.model
    def delete_record(self, backend, external_id):
        """Archive the Odoo record of an object deleted in Trello."""
        with backend._work_on_trello(self._name) as work:
            deleter = work.component(usage=usage.DELETER)
            return deleter.run(external_id)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import SUPERUSER_ID, api, fields, models

from .. import usage
from ..client import TRELLO_ERRORS

_logger = logging.getLogger(__name__)


class TrelloDeletion(models.Model):
    """A Trello object whose Odoo record was deleted, and what Trello must do.

    Deleting a synchronized record in Odoo archives or deletes its Trello
    object, but only once Odoo has decided: the access check and the
    constraints of ``unlink()`` passed and its transaction commits. The
    binding, the only link to the Trello id, goes with the record; this row,
    written in the same transaction, keeps the Trello id until Trello has
    followed (``_send``), so that:

    * a refused or rolled-back ``unlink()`` leaves no row, hence sends
      nothing;
    * an import meanwhile does not bring the object back (the importers skip
      a Trello id deleted in Odoo), nor later, archived, with *Include
      Archived Cards*;
    * a failure to reach Trello is kept here, with its sentence, for the
      admin to see and send again.
    """

    _name = "trello.deletion"
    _description = "Deletion to Send to Trello"
    _order = "id desc"

    backend_id = fields.Many2one(
        "trello.backend", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    binding_model = fields.Char(required=True, help="The binding model of the object.")
    external_id = fields.Char(string="Trello ID", required=True, index=True)
    card_external_id = fields.Char(
        string="Card",
        help="The card a check item or an attachment is reached through.",
    )
    name = fields.Char(string="Deleted Record", required=True)
    operation = fields.Selection(
        [
            ("archive", "Archive in Trello"),
            ("delete", "Delete in Trello"),
            ("keep", "Keep in Trello"),
        ],
        required=True,
    )
    state = fields.Selection(
        [("pending", "To Send"), ("done", "Done"), ("failed", "Failed")],
        default="pending",
        required=True,
        index=True,
    )
    result = fields.Char(readonly=True)

    _sql_constraints = [
        (
            "trello_deletion_uniq",
            "unique(backend_id, binding_model, external_id)",
            "This Trello object is already deleted in Odoo.",
        ),
    ]

    @api.model
    def _record(self, bindings):
        """Write what deleting the Odoo records of ``bindings`` does in Trello.

        Called before the bindings are dropped, with the connector's rights,
        by an ``unlink()`` whose caller Odoo has already checked. Nothing is
        sent here: no request, whatever happens next. Bindings of a backend
        that only imports, or not (or no longer) in Trello, give none.
        """
        deletions = self.sudo().browse()
        for backend in bindings.backend_id:
            if not backend._allows_export():
                continue
            mine = bindings.filtered(
                lambda b, backend=backend: b.backend_id == backend
                and b.external_id
                and not b.trello_deleted
            )
            if not mine:
                continue
            with backend._work_on_trello(mine._name) as work:
                exporter = work.component(usage=usage.EXPORTER)
                deletions |= self.sudo().create(
                    [exporter.deletion_values(binding) for binding in mine]
                )
        return deletions

    def _follow_in_trello(self):
        """Send these deletions once Odoo's unlink is certain (hook).

        Here: after the transaction commits, from a cursor of its own, so a
        refused or rolled-back deletion sends nothing. connector_trello_queue
        delays a job per deletion instead, which retries when Trello fails.
        """
        self._send_after_commit()

    def _send_after_commit(self):
        """Send these deletions from a cursor of its own once the current
        transaction commits; a rollback drops the callback with the rows."""
        if not self:
            return
        ids, registry = self.ids, self.env.registry

        @self.env.cr.postcommit.add
        def send_after_commit():
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["trello.deletion"].browse(ids).exists()._send_reporting_errors()

    def _send_reporting_errors(self):
        """``_send``, keeping Trello's refusal on the row instead of raising:
        after the commit there is no caller left to tell."""
        for deletion in self:
            try:
                with self.env.cr.savepoint():
                    deletion._send()
            except TRELLO_ERRORS as err:
                text = deletion.backend_id._describe_error(err)
                _logger.info("Trello deletion %s failed: %s", deletion.id, text)
                deletion.write({"state": "failed", "result": text})

    def _send(self):
        """Archive or delete each object in Trello now; keep the outcome."""
        for deletion in self.sudo().filtered(lambda d: d.state != "done"):
            if deletion.operation == "keep":
                text = self.env._("Kept in Trello.")
            else:
                backend = deletion.backend_id
                with backend._work_on_trello(deletion.binding_model) as work:
                    text = work.component(usage=usage.EXPORTER).run_unlink(deletion)
            deletion.write({"state": "done", "result": text})
        return True

    def action_send(self):
        """Send again the deletions Trello refused (connector managers)."""
        self.backend_id.check_access("write")
        self.filtered(lambda d: d.state != "done")._send_reporting_errors()
        return True

    @api.model
    def _deleted_external_ids(self, backend, binding_model):
        """The Trello ids of ``binding_model`` deleted in Odoo, as a set."""
        self.env.cr.execute(
            "SELECT external_id FROM trello_deletion"
            " WHERE backend_id = %s AND binding_model = %s",
            (backend.id, binding_model),
        )
        return {row[0] for row in self.env.cr.fetchall()}

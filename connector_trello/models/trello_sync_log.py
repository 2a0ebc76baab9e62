# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from ..usage import TRIGGER_CONTEXT_KEY

TRIGGERS = [
    ("button", "Button"),
    ("cron", "Scheduled"),
    ("webhook", "Webhook"),
    ("edit", "Edit in Odoo"),
    ("project_export", "Export to Trello"),
    ("other", "Other"),
]

#: How long the log is kept when the backend does not say (days).
DEFAULT_KEEP_DAYS = 90


class TrelloSyncLog(models.Model):
    """One synchronization run of one board in one direction.

    The admin's record of what happened, in the words of the board's line
    (which keeps only the last run): when, what started it, what it
    changed, and the sentence when it failed. Lines are written by the
    connector (``trello.board._log_sync`` and, with the queue, by the jobs'
    outcome), never by hand, and forgotten after the backend's retention.
    """

    _name = "trello.sync.log"
    _description = "Trello Synchronization Log"
    _order = "id desc"
    _rec_name = "summary"

    backend_id = fields.Many2one(
        "trello.backend", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    board_id = fields.Many2one("trello.board", index=True, ondelete="set null")
    board_name = fields.Char(readonly=True)
    project_id = fields.Many2one("project.project", index=True, ondelete="set null")
    direction = fields.Selection(
        [("import", "Trello → Odoo"), ("export", "Odoo → Trello")], required=True
    )
    trigger = fields.Selection(TRIGGERS, required=True, default="other")
    state = fields.Selection(
        [("done", "Done"), ("failed", "Failed")], required=True, index=True
    )
    summary = fields.Text(required=True)
    created_count = fields.Integer(string="Created")
    updated_count = fields.Integer(string="Updated")
    archived_count = fields.Integer(string="Archived")
    comment_count = fields.Integer(string="Comments")
    res_model = fields.Char(string="Record Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", readonly=True
    )
    job_uuid = fields.Char(string="Job UUID", readonly=True, index=True)

    @api.model
    def _log(self, backend, direction, ok, summary, **values):
        """Write one line, as the connector.

        ``values`` may hold the board, the counts (``import_summary``'s
        keys), the record and the job's uuid. The trigger is the caller's
        (``TRIGGER_CONTEXT_KEY`` in the context) unless given.
        """
        counts = values.pop("counts", None) or {}
        vals = {
            "backend_id": backend.id,
            "direction": direction,
            "state": "done" if ok else "failed",
            "summary": summary or "",
            "trigger": self.env.context.get(TRIGGER_CONTEXT_KEY) or "other",
            "job_uuid": self.env.context.get("job_uuid"),
            "created_count": counts.get("created", 0),
            "updated_count": counts.get("updated", 0),
            "archived_count": counts.get("archived", 0),
            "comment_count": counts.get("comments", 0),
        }
        vals.update(values)
        board = self.env["trello.board"].browse(vals.get("board_id"))
        if board:
            vals.setdefault("board_name", board.name)
            vals.setdefault("project_id", board.project_id.id)
        if vals["trigger"] not in dict(TRIGGERS):
            vals["trigger"] = "other"
        return self.sudo().create(vals)

    @api.autovacuum
    def _gc_old_lines(self):
        """Forget the lines older than their backend's retention."""
        backends = (
            self.env["trello.backend"].sudo().with_context(active_test=False).search([])
        )
        for backend in backends:
            days = backend.sync_log_days or DEFAULT_KEEP_DAYS
            limit = fields.Datetime.now() - timedelta(days=days)
            self.sudo().search(
                [("backend_id", "=", backend.id), ("create_date", "<", limit)]
            ).unlink()

    def action_open_record(self):
        """Open the record an export line is about."""
        self.ensure_one()
        self.check_access("read")
        if not self.res_model or self.res_model not in self.env:
            return None
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            return None
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }

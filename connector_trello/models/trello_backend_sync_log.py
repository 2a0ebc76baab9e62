# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TrelloBackendSyncLog(models.AbstractModel):
    """The synchronization log of ``trello.backend``: its retention, its
    count and the actions that open it (the lines: ``trello.sync.log``).

    An abstract model the backend inherits, as its messages and checks.
    """

    _name = "trello.backend.sync.log"
    _description = "Trello Backend: Synchronization Log"

    sync_log_days = fields.Integer(
        string="Keep the Log (Days)",
        default=90,
        help="How long the synchronization log keeps its lines.",
    )
    sync_log_count = fields.Integer(compute="_compute_sync_log_count")

    def _compute_sync_log_count(self):
        groups = (
            self.env["trello.sync.log"]
            .sudo()
            ._read_group([("backend_id", "in", self.ids)], ["backend_id"], ["__count"])
        )
        counts = {backend.id: count for backend, count in groups}
        for backend in self:
            backend.sync_log_count = counts.get(backend.id, 0)

    @api.constrains("sync_log_days")
    def _check_sync_log_days(self):
        for backend in self:
            if backend.sync_log_days < 1:
                raise ValidationError(
                    self.env._(
                        "Keep the Log (Days) must be at least 1 day (90 by "
                        "default): the log of %(backend)s would be emptied "
                        "every day.",
                        backend=backend.name,
                    )
                )

    def action_open_sync_log(self):
        """The synchronization log of this backend."""
        self.ensure_one()
        return self._sync_log_action([])

    def _sync_log_action(self, domain):
        """The log's window, on this backend's lines and ``domain``.

        For connector managers only: the log names every board and record.
        """
        self.ensure_one()
        self._check_manager_rights()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "connector_trello.trello_sync_log_action"
        )
        action["domain"] = [("backend_id", "=", self.id), *domain]
        return action

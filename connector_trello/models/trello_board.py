# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

#: The bus notification of a change from Trello (see ``_notify_live_views``).
LIVE_UPDATE_NOTIFICATION = "connector_trello/changed"


class TrelloBoard(models.Model):
    """A board the token can see; ticking it puts it in the synchronization."""

    _name = "trello.board"
    _description = "Trello Board (available)"
    _order = "closed, name, id"

    backend_id = fields.Many2one(
        "trello.backend", required=True, ondelete="cascade", index=True
    )
    external_id = fields.Char(string="Trello ID", required=True, readonly=True)
    name = fields.Char(readonly=True)
    url = fields.Char(string="URL", readonly=True)
    closed = fields.Boolean(string="Archived in Trello", readonly=True)
    synchronize = fields.Boolean()
    project_binding_id = fields.Many2one(
        "trello.project.project", compute="_compute_project_binding_id"
    )
    project_id = fields.Many2one(
        "project.project", compute="_compute_project_binding_id", string="Project"
    )
    last_sync_date = fields.Datetime(
        string="Last Synchronization", readonly=True, copy=False
    )
    last_sync_result = fields.Text(string="Last Result", readonly=True, copy=False)
    last_sync_state = fields.Selection(
        [("ok", "Done"), ("failed", "Failed"), ("no_access", "No Access")],
        string="Last Status",
        readonly=True,
        copy=False,
    )
    other_backend_id = fields.Many2one(
        "trello.backend",
        string="Synchronized By",
        compute="_compute_other_backend_id",
        help="Another backend that already synchronizes this board: ticking it "
        "here too would make a second project of the same board.",
    )

    _sql_constraints = [
        (
            "trello_board_uniq",
            "unique(backend_id, external_id)",
            "This board is already listed on this backend.",
        ),
    ]

    def _compute_project_binding_id(self):
        bindings = self.env["trello.project.project"].search(
            [
                ("backend_id", "in", self.backend_id.ids),
                ("external_id", "in", self.mapped("external_id")),
            ]
        )
        by_key = {(b.backend_id.id, b.external_id): b for b in bindings}
        for board in self:
            binding = by_key.get((board.backend_id.id, board.external_id))
            board.project_binding_id = binding
            board.project_id = binding.odoo_id if binding else False

    @api.depends("external_id", "backend_id")
    def _compute_other_backend_id(self):
        """Another backend that synchronizes this board already.

        One that made a project of it, or (while this backend has none) one
        that ticked it. Read as superuser: the other backend may belong to
        another company.
        """
        ids = [ext_id for ext_id in self.mapped("external_id") if ext_id]
        ticked = (
            self.sudo()
            .search([("external_id", "in", ids), ("synchronize", "=", True)])
            .mapped(lambda b: (b.external_id, b.backend_id))
        )
        bound = (
            self.env["trello.project.project"]
            .sudo()
            .with_context(active_test=False)
            .search([("external_id", "in", ids), ("trello_deleted", "=", False)])
            .mapped(lambda b: (b.external_id, b.backend_id))
        )
        for board in self:
            own_id = board.backend_id._origin.id

            def others(pairs, board=board, own_id=own_id):
                return [
                    backend
                    for ext_id, backend in pairs
                    if ext_id == board.external_id and backend.id != own_id
                ]

            # The backend that already made the board's project keeps it: only
            # another project of the board counts against it.
            own_project = any(
                ext_id == board.external_id and backend.id == own_id
                for ext_id, backend in bound
            )
            found = others(bound) or ([] if own_project else others(ticked))
            board.other_backend_id = found[0].id if found else False

    @api.onchange("synchronize")
    def _onchange_synchronize_other_backend(self):
        """Warn at once when the board is already another backend's."""
        if self.synchronize and self.other_backend_id:
            return {
                "warning": {
                    "title": self.env._("Board already synchronized"),
                    "message": self._other_backend_message(),
                }
            }
        return None

    def _other_backend_message(self):
        self.ensure_one()
        return self.env._(
            "The board %(board)s is already synchronized by the backend "
            "%(backend)s: synchronizing it here too would create a second "
            "project. Untick it on one of the two backends.",
            board=self.name,
            backend=self.other_backend_id.sudo().name,
        )

    def _record_sync_result(self, ok, text, counts=None, job_uuid=None, state=None):
        """Keep the outcome of the board's last import on its line, and add
        it to the synchronization log (which keeps every run's).

        ``counts`` are what the import changed (``import_summary``'s keys);
        ``job_uuid`` names the job when the caller is not that job (queue_job
        recording a failure); ``state`` a line's state other than done or
        failed (``no_access``).
        """
        self.sudo().write(
            {
                "last_sync_date": fields.Datetime.now(),
                "last_sync_result": text,
                "last_sync_state": state or ("ok" if ok else "failed"),
            }
        )
        log = self.env["trello.sync.log"]
        for board in self:
            values = {"board_id": board.id, "counts": counts}
            if job_uuid:
                values["job_uuid"] = job_uuid
            log._log(board.backend_id, "import", ok, text, **values)
        if ok and (counts is None or any(counts.values())):
            self._notify_live_views()

    def _notify_live_views(self):
        """Tell the open task and project views that Trello changed these
        boards' projects (static/src/js/trello_live_updates.esm.js reloads
        them, as Odoo's own multi-user edits would).

        Sent to the project users' group, and only once the import's
        transaction commits (the bus sends on commit): a rolled-back import
        refreshes nothing. The message holds project ids, nothing else.
        """
        projects = self.project_id
        if not projects:
            return
        self.env["bus.bus"]._sendone(
            self.env.ref("project.group_project_user"),
            LIVE_UPDATE_NOTIFICATION,
            {"project_ids": projects.ids},
        )

    def action_open_attach_wizard(self):
        """Synchronize this board with an existing project (a wizard that
        previews what is matched and made; connector managers only)."""
        self.ensure_one()
        self.check_access("write")
        self.backend_id._check_manager_rights()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("%(board)s onto an Existing Project", board=self.name),
            "res_model": "trello.board.attach.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_board_id": self.id},
        }

    def action_open_sync_log(self):
        """The synchronization log of this board."""
        self.ensure_one()
        return self.backend_id._sync_log_action([("board_id", "=", self.id)])

    def _record_no_access(self, err):
        """Trello answered 401 for this board (or a card on it): say so on
        its line, and return the sentence. The token is fine (its own reads
        pass): only this board is out of reach, the others go on."""
        text = self._no_access_sentence(err)
        self._record_sync_result(False, text, state="no_access")
        return text

    def _no_access_sentence(self, err):
        return self.env._(
            "The token cannot see this board any more (Trello answered: "
            "%(error)s): its member was removed from the board, or lost access "
            "to its workspace. Add the token's member back to the board in "
            "Trello, or untick the board; the other boards keep syncing.",
            error=str(err),
        )

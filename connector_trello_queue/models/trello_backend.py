# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.connector_trello.access import MANAGER_GROUP
from odoo.addons.connector_trello.client import TRELLO_ERRORS
from odoo.addons.connector_trello.usage import TRIGGER_CONTEXT_KEY
from odoo.addons.queue_job.utils import must_run_without_delay

from .. import jobs, request_budget
from ..jobs import board_import_job

_logger = logging.getLogger(__name__)

WEBHOOK_ROUTE = "/connector_trello/webhook/{token}"


def new_webhook_token():
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class TrelloBackend(models.Model):
    _name = "trello.backend"
    _inherit = ["trello.backend", "trello.backend.recovery"]

    request_budget = fields.Integer(
        string="Requests per 10 s",
        default=90,
        help="Requests to Trello that all the job workers together may send "
        "with this token in 10 seconds (Trello allows 100). 0 disables the "
        "shared budget.",
    )
    webhook_base_url = fields.Char(
        string="Public Base URL",
        help="The address Trello uses to reach this Odoo, e.g. "
        "https://odoo.example.com. Empty: the system parameter web.base.url.",
    )
    webhook_callback_url = fields.Char(
        string="Webhook Callback URL",
        compute="_compute_webhook_callback_url",
        groups=MANAGER_GROUP,  # it holds the webhook token
    )
    webhook_token = fields.Char(
        groups=MANAGER_GROUP,
        readonly=True,
        copy=False,
        help="The random part of the webhook callback URL: it names this "
        "backend without giving its id away.",
    )
    webhook_board_ids = fields.One2many(
        "trello.board",
        compute="_compute_webhook_board_ids",
        string="Webhooks",
    )
    webhook_count = fields.Integer(compute="_compute_webhook_board_ids")

    _sql_constraints = [
        (
            "request_budget_positive",
            "CHECK(request_budget >= 0)",
            "The request budget cannot be negative.",
        ),
        (
            "webhook_token_unique",
            "UNIQUE(webhook_token)",
            "Two backends cannot share a webhook token.",
        ),
    ]

    @api.private
    def init(self):
        request_budget.create_table(self.env.cr)
        self._init_webhook_tokens()

    @api.depends("webhook_base_url", "webhook_token")
    def _compute_webhook_callback_url(self):
        for backend in self:
            backend.webhook_callback_url = (
                backend._webhook_callback_url() if backend.id else False
            )

    @api.depends("board_ids.webhook_external_id", "board_ids.synchronize")
    def _compute_webhook_board_ids(self):
        for backend in self:
            boards = backend.board_ids.filtered(
                lambda b: b.synchronize or b.webhook_external_id
            )
            backend.webhook_board_ids = boards
            backend.webhook_count = len(boards.filtered("webhook_external_id"))

    # -- jobs ------------------------------------------------------------

    def _can_schedule_jobs(self):
        """Whether cron and webhooks may delay jobs for this backend.

        Not after Trello refused the token: every job would fail the same way
        until the admin fixes the token and checks the connection again.
        """
        self.ensure_one()
        return self.active and self.state == "confirmed" and not self.sync_error

    def _delay_board_imports(self):
        """Delay one import job per ticked board; return the jobs.

        The jobs run as the connector (superuser): their callers (the
        Synchronize button of a connector manager, the cron, a signed
        webhook) were checked, and a job that ran as whoever clicked would
        fail on what that user may not write, while its identity key kept
        the cron's and the webhooks' imports of the board from queuing.
        """
        self.ensure_one()
        boards = self.board_ids.filtered("synchronize")
        shared = boards.filtered("other_backend_id")
        for board in shared:  # refused, as by the synchronous path
            board._record_sync_result(False, board._other_backend_message())
        backend = self.sudo()
        model = backend.env["trello.project.project"]
        return [
            model.with_delay(
                **board_import_job(backend, board.external_id, board.name)
            ).import_board(backend, board.external_id)
            for board in boards - shared
        ]

    def action_synchronize(self):
        """Delay one import job per ticked board and answer at once.

        When queue_job is told not to delay (``queue_job__no_delay`` in the
        context, or the ``QUEUE_JOB__NO_DELAY`` environment variable: tests,
        scripts), the import stays synchronous, as without this addon.
        """
        if must_run_without_delay(self.env):
            return super().action_synchronize()
        self.ensure_one()
        self._check_manager_rights()
        if TRIGGER_CONTEXT_KEY not in self.env.context:  # the log's trigger
            return self.with_context(
                **{TRIGGER_CONTEXT_KEY: "button"}
            ).action_synchronize()
        if not self.board_ids.filtered("synchronize"):
            raise UserError(self.env._("Tick at least one board to synchronize."))
        if self.sync_error:
            raise UserError(
                self.env._(
                    "The last job found the token invalid: fix it, then check "
                    "the connection before synchronizing."
                )
            )
        # a new job, or the queue.job record of the one already waiting
        jobs = [
            job if isinstance(job, models.BaseModel) else job.db_record()
            for job in self._delay_board_imports()
        ]
        links = [
            {
                "label": job.name,
                "url": f"/odoo/action-queue_job.action_queue_job/{job.id}",
            }
            for job in jobs
        ]
        notification = self._notify(
            self.env._("Synchronization queued"),
            # one "%s" per job: the web client puts the job's link there
            self.env._("%(count)s import jobs run in the background:", count=len(jobs))
            + " "
            + ", ".join(["%s"] * len(links)),
            # the board lines show the jobs' progress when the form reloads
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )
        notification["params"]["links"] = links
        return notification

    @api.model
    def _scheduler_import_boards(self):
        """Cron: delay an incremental import of each ticked board.

        Every confirmed backend that may schedule jobs; the identity key of
        the job keeps a board from being imported twice at once.
        """
        backends = self.with_context(**{TRIGGER_CONTEXT_KEY: "cron"}).search(
            [("state", "=", "confirmed")]
        )
        for backend in backends:
            if backend._can_schedule_jobs():
                backend._delay_board_imports()
            else:
                _logger.info(
                    "Trello backend %s skipped by the cron: %s",
                    backend.id,
                    "invalid token" if backend.sync_error else "inactive",
                )

    def action_check_connection(self):
        """Check the connection; a success clears the synchronization error
        and resumes by itself what the refused token stopped."""
        result = super().action_check_connection()
        if self.sync_error and result.get("params", {}).get("type") == "success":
            resumed = self._resume_synchronization()
            params = result["params"]
            params["message"] = f"{params['message']} {resumed}"
        return result

    # -- shared request budget -------------------------------------------

    def _trello_throttle_wait(self):
        """In a job, a throttled request waits in place (up to
        ``THROTTLE_WAIT_IN_JOB`` seconds in all) instead of failing the job."""
        if self.env.context.get("trello_request_budget"):
            return jobs.THROTTLE_WAIT_IN_JOB
        return super()._trello_throttle_wait()

    def _before_trello_request(self, cost=1):
        """In a job, take the request's cost from the token's shared budget."""
        result = super()._before_trello_request(cost)
        if self.env.context.get("trello_request_budget"):
            self._take_request_budget(cost)
        return result

    def _take_request_budget(self, cost=1):
        """Wait until the token's shared budget allows ``cost`` more requests
        now; return the seconds waited (``request_budget.py`` says how)."""
        self.ensure_one()
        if not self.request_budget:
            return 0.0
        key = request_budget.token_hash(self.sudo().api_token)
        return request_budget.take(self.env.registry, key, self.request_budget, cost)

    # -- webhooks --------------------------------------------------------

    # The callback URL names its backend by a random token, not by its id:
    # ids are not secret, and a URL carrying one would let anyone enumerate
    # the backends (see controllers/webhook.py). Not a field default: Odoo
    # gives every existing row the same default when it adds the column.

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("webhook_token"):
                vals["webhook_token"] = new_webhook_token()
        return super().create(vals_list)

    def _init_webhook_tokens(self):
        """Give the backends that predate the token one each."""
        self.env.cr.execute(
            "SELECT id FROM trello_backend WHERE webhook_token IS NULL ORDER BY id"
        )
        for (backend_id,) in self.env.cr.fetchall():
            self.env.cr.execute(
                "UPDATE trello_backend SET webhook_token = %s WHERE id = %s",
                (new_webhook_token(), backend_id),
            )

    def _webhook_callback_url(self):
        """The URL Trello posts to: the public base URL and this backend's
        webhook token (never its id)."""
        self.ensure_one()
        base = self.webhook_base_url or self.env[
            "ir.config_parameter"
        ].sudo().get_param("web.base.url", "")
        return base.rstrip("/") + WEBHOOK_ROUTE.format(token=self.sudo().webhook_token)

    def action_register_webhooks(self):
        """Register one Trello webhook per ticked board (HEAD-checked by
        Trello): each board registers its own (``trello.board._ensure_webhook``,
        ``connector_trello_queue/models/trello_board.py``)."""
        self.ensure_one()
        self._check_manager_rights()
        if not self.sudo().api_secret:
            raise UserError(
                self.env._(
                    "Enter the application secret first: Odoo needs it to "
                    "verify what Trello sends."
                )
            )
        boards = self.board_ids.filtered("synchronize")
        if not boards:
            raise UserError(self.env._("Tick at least one board first."))
        callback_url = self._webhook_callback_url()
        client = self._get_client()
        for board in boards:
            try:
                board._ensure_webhook(client, callback_url)
            except TRELLO_ERRORS as err:  # the token's, an outage: not one board's
                return self._notify_failure(
                    self.env._("Cannot register the webhooks"), err
                )
        failed = boards.filtered("webhook_error")
        if failed:
            return self._notify(
                self.env._("Some webhooks are not registered"),
                "\n".join(f"{b.name}: {b.webhook_error}" for b in failed),
                kind="warning",
                sticky=True,
                next_action={"type": "ir.actions.client", "tag": "soft_reload"},
            )
        return self._notify(
            self.env._("Webhooks registered"),
            self.env._(
                "Trello now notifies %(url)s of the changes of %(count)s boards.",
                url=callback_url,
                count=len(boards),
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def action_unregister_webhooks(self):
        """Delete the Trello webhooks of every board of this backend."""
        self.ensure_one()
        self._check_manager_rights()
        boards = self.board_ids.filtered("webhook_external_id")
        client = self._get_client()
        for board in boards:
            try:
                board._delete_webhook(client)
            except TRELLO_ERRORS as err:
                return self._notify_failure(
                    self.env._("Cannot unregister the webhooks"), err
                )
        return self._notify(
            self.env._("Webhooks unregistered"),
            self.env._("%(count)s webhooks deleted in Trello.", count=len(boards)),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

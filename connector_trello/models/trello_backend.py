# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from contextlib import contextmanager
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.connector.exception import IDMissingInBackend
from odoo.addons.queue_job.exception import RetryableJobError

from ..access import MANAGER_GROUP
from ..client import (
    DEFAULT_API_URL,
    TRELLO_ERRORS,
    TrelloAccessError,
    TrelloClient,
    TrelloRetryableError,
)
from .trello_sync_log import TRIGGER_CONTEXT_KEY

_logger = logging.getLogger(__name__)

#: Trello's page where a user allows an application's key to act for them.
TRELLO_AUTHORIZE_URL = "https://trello.com/1/authorize"
#: The host of Trello's REST API, whose authorize page is on trello.com.
TRELLO_API_HOST = "api.trello.com"


class TrelloBackend(models.Model):
    """One Trello account (a key and a token) and the boards it synchronizes."""

    _name = "trello.backend"
    _inherit = [
        "connector.backend",
        "mail.thread",
        "trello.backend.messages",
        "trello.backend.checks",
        "trello.backend.sync.log",
    ]
    _description = "Trello Backend"
    _order = "name, id"

    name = fields.Char(required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    api_url = fields.Char(
        string="API URL",
        required=True,
        default=DEFAULT_API_URL,
        help="Trello's REST API, or a Trello-compatible server such as the "
        "trello_emulator used by the demo and the tests.",
    )
    api_key = fields.Char(string="API Key", groups=MANAGER_GROUP, copy=False)
    api_token = fields.Char(string="Token", groups=MANAGER_GROUP, copy=False)
    api_secret = fields.Char(
        string="Application Secret",
        groups=MANAGER_GROUP,
        copy=False,
        help="The secret shown with the API key: Trello signs webhooks with it.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    member_external_id = fields.Char(
        string="Token Member ID", readonly=True, copy=False
    )
    member_username = fields.Char(string="Token Member", readonly=True, copy=False)
    import_archived_cards = fields.Boolean(
        string="Include Archived Cards",
        help="Also import cards archived in Trello, as archived tasks.",
    )
    import_cards_since = fields.Date(
        string="Ignore Cards Created Before",
        help="Cards created before this date are not imported.",
    )
    download_attachments = fields.Boolean(
        default=True,
        help="Download the files uploaded to cards; otherwise only link them.",
    )
    attachment_max_size = fields.Integer(
        string="Attachment Size Cap (MB)",
        default=10,
        help="Larger uploads are kept as links to Trello.",
    )
    import_comments = fields.Boolean(default=True)
    sync_direction = fields.Selection(
        [
            ("two_way", "Two-way"),
            ("import", "Trello → Odoo only"),
            ("export", "Odoo → Trello only"),
        ],
        string="Direction",
        default="two_way",
        required=True,
        help="Which way changes travel: both ways, only from Trello to Odoo "
        "(edits made in Odoo stay in Odoo), or only from Odoo to Trello (edits "
        "made in Trello are not brought into Odoo).",
    )
    conflict_policy = fields.Selection(
        [
            ("most_recent", "Most recent wins"),
            ("trello", "Trello wins"),
            ("odoo", "Odoo wins"),
        ],
        default="most_recent",
        required=True,
        help="Who wins when a field changed on both sides since the last "
        "synchronization (most recent: Trello's last activity against the "
        "task's last write). The losing value is posted on the task's chatter.",
    )
    delete_cards = fields.Boolean(
        string="Delete Cards Instead of Archiving",
        help="When a synchronized task is deleted in Odoo, delete its card in "
        "Trello instead of archiving it. Lists and boards are never deleted.",
    )
    add_missing_members = fields.Boolean(
        string="Add Missing Members to the Board",
        help="Off (default): an assignee whose Trello member is not on the "
        "card's board is left off the card, with a note on the task. On: the "
        "member is added to the board (as a normal member) first.",
    )
    due_complete_closes_task = fields.Boolean(
        string="Due Complete Closes the Task",
        help="Off (default): a card marked due-complete in Trello stays an "
        "open task (it is still on its list) with a 'Due complete' badge. On: "
        "it becomes a done task, which Odoo's default filters hide; marking a "
        "task done then marks its card due-complete.",
    )
    trello_authorize_url = fields.Char(
        string="Get a Token",
        compute="_compute_trello_authorize_url",
        groups=MANAGER_GROUP,
        help="The authorize page of the server the API URL names (Trello's, "
        "on trello.com, for Trello's API; the API URL followed by /authorize for a "
        "Trello-compatible server such as the emulator): it gives a token for "
        "the API key entered (read and write, never expiring).",
    )
    board_ids = fields.One2many("trello.board", "backend_id", string="Boards")
    member_ids = fields.One2many("trello.member", "backend_id", string="Members")
    project_binding_ids = fields.One2many(
        "trello.project.project", "backend_id", string="Synchronized Boards"
    )
    board_count = fields.Integer(compute="_compute_board_count")

    _sql_constraints = [
        (
            "attachment_max_size_positive",
            "CHECK(attachment_max_size >= 0)",
            "The attachment size cap cannot be negative.",
        ),
    ]

    @api.depends("board_ids.synchronize")
    def _compute_board_count(self):
        for backend in self:
            backend.board_count = len(backend.board_ids.filtered("synchronize"))

    @api.depends("api_url", "api_key", "name")
    def _compute_trello_authorize_url(self):
        for backend in self:
            key = (backend.api_key or "").strip()
            if not key:
                backend.trello_authorize_url = False
                continue
            query = urlencode(
                {
                    "expiration": "never",
                    "scope": "read,write",
                    "response_type": "token",
                    "name": backend._trello_app_name(),
                    "key": key,
                },
                quote_via=quote,
                safe=",",
            )
            authorize_url = backend._trello_authorize_page()
            backend.trello_authorize_url = f"{authorize_url}?{query}"

    def _trello_authorize_page(self):
        """The page that gives a token, on the server the API URL names.

        Trello serves it on trello.com, not on its API's host; a
        Trello-compatible server (the emulator of the demo) serves it under
        its API URL, and only there is its key known: a link to trello.com
        would leave the machine and be refused.
        """
        api_url = (self.api_url or "").strip().rstrip("/")
        host = urlsplit(api_url).hostname if api_url else TRELLO_API_HOST
        if host == TRELLO_API_HOST:
            return TRELLO_AUTHORIZE_URL
        return f"{api_url}/authorize"

    def _trello_app_name(self):
        """The name Trello shows when asking the user to allow the token."""
        return self.env._("Odoo: %(backend)s", backend=self.name or "Trello")

    # -- direction -------------------------------------------------------

    def _allows_import(self):
        """Whether changes made in Trello may reach Odoo."""
        self.ensure_one()
        return self.sync_direction in ("two_way", "import")

    def _allows_export(self):
        """Whether changes made in Odoo may reach Trello."""
        self.ensure_one()
        return self.sync_direction in ("two_way", "export")

    # -- HTTP ------------------------------------------------------------

    @contextmanager
    def _work_on_trello(self, model_name):
        """A work context shared by every component of one synchronization.

        ``trello_sync`` is one dict handed down to every work context derived
        from this one: the components keep there the HTTP client (one
        connection for a whole board) and whether an enclosing import already
        holds the lock that covers nested imports. The client made for this
        synchronization is closed when it ends, so its pooled connections do
        not outlive it (each synchronization has its own dict, hence its own
        client: a nested one closes only what it made).

        Only who may change the backend (a connector manager) synchronizes,
        and the components then work as superuser: a synchronization writes
        projects, tasks, tags and messages that a connector manager who is
        not a project manager could not write; checking the right once here
        is what keeps a project user from running an import through RPC.
        """
        self.ensure_one()
        self._check_manager_rights()
        sync = {}
        try:
            with self.sudo().work_on(model_name, trello_sync=sync) as work:
                yield work
        finally:
            client = sync.pop("client", None)
            if client is not None:
                client.close()

    def _get_client(self):
        """The HTTP client of this backend (credentials read as superuser).

        Only for who may change the backend (or the connector, as
        superuser): the last line of defence of ``_check_manager_rights``.
        """
        self.ensure_one()
        self._check_manager_rights()
        self._check_credentials_entered()
        backend = self.sudo()
        return TrelloClient(
            backend.api_url,
            backend.api_key,
            backend.api_token,
            before_request=self._before_trello_request,
            throttle_wait=self._trello_throttle_wait(),
        )

    def _trello_throttle_wait(self):
        """Seconds a request waits in place when Trello throttles (hook).

        None here: a person waiting for a button is told at once to try
        again in a moment. connector_trello_queue lets a job's requests wait,
        so that a 429 does not roll the job's work back.
        """
        return 0

    def _before_trello_request(self, cost=1):
        """Hook run before each request to Trello; nothing here.

        ``cost`` is what the request counts for in Trello's rate limit (a
        batch of N routes: N + 1). connector_trello_queue takes it from the
        token's request budget that the job workers share, so that they keep
        together under Trello's limit.
        """

    # -- actions ---------------------------------------------------------

    def _check_manager_rights(self):
        """Refuse, before any request, who may not change the backend.

        Every action of the backend reaches Trello with its credentials:
        only a connector manager (write access on the backend, under its
        company's rule) may run them; the connector itself runs them as
        superuser. Odoo shows the backend's form to every employee, and any
        logged-in user can call a public method over RPC.
        """
        self.check_access("write")

    def action_check_connection(self):
        """Check the credentials with ``GET /members/me``; notify, never raise."""
        self.ensure_one()
        self._check_manager_rights()
        try:
            with self._get_client() as client:
                me = client.get("members/me", fields="id,username,fullName")
        except TRELLO_ERRORS as err:
            return self._notify_failure(self.env._("Connection failed"), err)
        self.write(
            {
                "state": "confirmed",
                "member_external_id": me.get("id"),
                "member_username": me.get("username"),
            }
        )
        return self._notify(
            self.env._("Connection successful"),
            self.env._(
                "Connected to Trello as %(user)s.",
                user=me.get("fullName") or me.get("username"),
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def action_fetch_boards(self):
        """List the boards the token sees, for the admin to tick."""
        self.ensure_one()
        self._check_manager_rights()
        try:
            with self._get_client() as client:
                boards = client.get(
                    "members/me/boards", fields="id,name,closed,url,shortLink"
                )
        except TRELLO_ERRORS as err:
            return self._notify_failure(self.env._("Cannot list the boards"), err)
        known = {board.external_id: board for board in self.board_ids}
        for data in boards:
            values = {
                "name": data.get("name"),
                "closed": bool(data.get("closed")),
                "url": data.get("url"),
            }
            board = known.get(data["id"])
            if board:
                changed = {k: v for k, v in values.items() if board[k] != v}
                if changed:
                    board.write(changed)
            else:
                self.env["trello.board"].create(
                    dict(values, backend_id=self.id, external_id=data["id"])
                )
        if self.state == "draft":
            self.state = "confirmed"
        return self._notify(
            self.env._("Boards fetched"),
            self.env._(
                "%(count)s boards are visible to this token.", count=len(boards)
            ),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def action_synchronize(self):
        """Import every ticked board: full the first time, incremental after.

        Each board is imported under a savepoint: a board that fails is rolled
        back alone, its line says why, and the other boards go on. The
        outcome of each board is kept on its line and the run's summary is
        posted on the backend's chatter.
        """
        self.ensure_one()
        self._check_manager_rights()
        if TRIGGER_CONTEXT_KEY not in self.env.context:  # the log's trigger
            return self.with_context(
                **{TRIGGER_CONTEXT_KEY: "button"}
            ).action_synchronize()
        boards = self.board_ids.filtered("synchronize")
        if not boards:
            raise UserError(self.env._("Tick at least one board to synchronize."))
        done, failed = [], []
        for board in boards:
            ok, text = self._synchronize_board(board)
            if not ok:  # a success is recorded by the import itself
                _logger.info("Trello board %s not synchronized: %s", board.id, text)
            if ok is False:  # None: the line already says why (no access)
                board._record_sync_result(False, text)
            (done if ok else failed).append(text)
        self._post_sync_summary(done, failed)
        if not failed:
            return self._notify(
                self.env._("Synchronization done"),
                "\n".join(done),
                next_action={"type": "ir.actions.client", "tag": "soft_reload"},
            )
        return self._notify(
            self.env._("Synchronization failed for some boards")
            if done
            else self.env._("Synchronization failed"),
            "\n".join(failed + done),
            kind="warning" if done else "danger",
            sticky=True,
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def _reraise_outage_in_job(self, err):
        """Raise ``err`` again when it is an outage and a job that retries
        by itself made the request (``trello_retry_outages`` in the
        context, see connector_trello_queue): a click says the sentence, a
        job must not fail for good on a 503 that the next try gets past."""
        if isinstance(err, TrelloRetryableError) and self.env.context.get(
            "trello_retry_outages"
        ):
            raise err

    def _synchronize_board(self, board):
        """Import one board under a savepoint; return ``(ok, sentence)``.

        ``ok`` is None when the token cannot see the board any more: its
        line is marked already (``no_access``).
        """
        if board.other_backend_id:
            return False, board._other_backend_message()
        try:
            with self.env.cr.savepoint():
                summary = self.env["trello.project.project"].import_board(
                    self, board.external_id
                )
        except TrelloAccessError as err:
            # the token is fine: only this board is out of its reach
            return None, self.env._(
                "Board %(board)s: %(error)s",
                board=board.name,
                error=board._record_no_access(err),
            )
        except IDMissingInBackend:
            return False, self.env._(
                "Board %(board)s: Trello no longer has it, or this token lost "
                "access to it: fetch the boards again.",
                board=board.name,
            )
        except TRELLO_ERRORS as err:
            self._reraise_outage_in_job(err)
            return False, self.env._(
                "Board %(board)s: %(error)s",
                board=board.name,
                error=self._describe_error(err),
            )
        except RetryableJobError:
            # Not Trello's doing: the board's lock (row or advisory) is
            # held, or a concurrent import created the same binding.
            return False, self.env._(
                "Board %(board)s is being synchronized right now (by another "
                "click or a job): try again in a moment.",
                board=board.name,
            )
        except UserError as err:
            return False, self.env._(
                "Board %(board)s: %(error)s", board=board.name, error=err.args[0]
            )
        return True, summary

    def _post_sync_summary(self, done, failed):
        """The run's summary on the backend's chatter: one line per board."""
        lines = [*failed, *done]
        self.message_post(
            body=Markup("<br/>").join(
                [Markup("<b>%s</b>") % self.env._("Synchronization")] + lines
            ),
            subtype_xmlid="mail.mt_note",
        )

    def action_open_boards(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Synchronized Boards"),
            "res_model": "trello.project.project",
            "view_mode": "list,form",
            "domain": [("backend_id", "=", self.id)],
        }

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import uuid

from odoo import fields

from odoo.addons.component.core import Component
from odoo.addons.connector_trello import import_summary, usage
from odoo.addons.connector_trello.tools import trello_id
from odoo.addons.queue_job.exception import RetryableJobError

from ...jobs import (
    board_pages_identity_prefix,
    delay_board_import_finish,
    delay_board_page_import,
    live_job_with_prefix,
)

_logger = logging.getLogger(__name__)

#: Seconds after which an import that found a paged import running tries again.
WAIT_SECONDS = 60
#: The board binding's marker once no paged import runs.
MARKER_CLEARED = {
    "page_import_token": False,
    "page_import_start": False,
    "page_import_page": 0,
}


class TrelloBoardPageImporter(Component):
    """A large full import, read in Trello and stored by one job per page.

    A full import whose first card page is full (1,000 cards: there are more)
    goes on as a chain of jobs, each one transaction under the board's row
    lock: the board job (board, lists, labels, members and page 1, see
    ``_run_full`` of this addon's board importer) delays the job of page
    2, each page job reads its page with the cursor the page before gave
    (Trello has no offset paging: a page's cursor is known only once the
    page before it is read) and delays the next, and after the last page a
    final job does what the full import does after the cards and moves the
    checkpoint. So
    no job holds the lock, a worker and a transaction for the whole board,
    and a page that fails is retried alone, the pages before it stored.

    The chain is built as it goes (queue_job's ``chain`` needs every job's
    arguments when it is delayed; here each cursor comes from the page
    before). A marker on the board binding (``page_import_token``) names the
    running import: its jobs carry the token and do nothing once another
    import replaced it, and while it is set another import of the board
    waits (``wait_for_paged_import``).
    """

    _name = "trello.board.page.importer"
    _inherit = ["base.importer", "trello.base"]
    _apply_on = ["trello.project.project"]
    _usage = usage.BOARD_PAGE_IMPORTER

    # -- the board job -------------------------------------------------------

    def start(self, binding, cursor, newest_action, counts):
        """Set the marker and delay page 2; return the board job's summary.

        Called by the board job once page 1 is stored: ``cursor`` is the
        cursor of page 2, ``newest_action`` the checkpoint read with the
        board (before the cards, so nothing changed during the import falls
        in between), ``counts`` what the board job changed.
        """
        token = uuid.uuid4().hex
        self._write_marker(
            binding,
            {
                "page_import_token": token,
                "page_import_start": fields.Datetime.now(),
                "page_import_page": 1,
            },
        )
        state = {
            "token": token,
            "page": 2,
            "before": cursor,
            "checkpoint": [
                {"id": action["id"], "date": action.get("date")}
                for action in newest_action
            ],
            "counts": counts,
        }
        delay_board_page_import(
            self._job_backend(), binding.external_id, state, binding.name
        )
        text = self.env._(
            "Board %(board)s, full import: cards page 1 stored; the next pages "
            "are imported by the jobs that follow.",
            board=binding.name,
        )
        return import_summary.Summary(text, counts)

    # -- the page jobs -------------------------------------------------------

    def run_page(self, external_id, state):
        """Import one card page (one request); delay the next job.

        Returns the job's summary, or None when the import was replaced.
        """
        binding = self._locked_binding(external_id, state)
        if binding is None:
            return None
        adapter = self.backend_adapter
        page = adapter.card_page(external_id, before=state["before"])
        cursor = adapter.next_card_cursor(external_id, page, state["before"])
        card_ids = [trello_id(card) for card in page]
        before = import_summary.snapshot(self.backend_record, binding, card_ids)
        self._board_importer()._bulk_importer("trello.project.task").run(
            page, project_binding=binding
        )
        counts = import_summary.add(
            state["counts"],
            import_summary.changes(self.backend_record, binding, before, card_ids),
        )
        self._write_marker(binding, {"page_import_page": state["page"]})
        following = dict(state, counts=counts)
        if cursor is not None:
            delay_board_page_import(
                self._job_backend(),
                external_id,
                dict(following, page=state["page"] + 1, before=cursor),
                binding.name,
            )
            return self.env._(
                "Board %(board)s, full import: cards page %(page)s stored; the "
                "next page follows in another job.",
                board=binding.name,
                page=state["page"],
            )
        delay_board_import_finish(
            self._job_backend(), external_id, following, binding.name
        )
        return self.env._(
            "Board %(board)s, full import: cards page %(page)s stored, the last "
            "one; a final job archives the cards gone from Trello, imports the "
            "comments and moves the checkpoint.",
            board=binding.name,
            page=state["page"],
        )

    # -- the final job -------------------------------------------------------

    def finish(self, external_id, state):
        """What the full import does after the cards; clear the marker.

        The cards gone from Trello are told from the ids of every card, read
        again by light pages (``fields=id``, one request per 1,000 cards):
        the page jobs keep no list of what they read. The checkpoint moves
        here only, when every page is stored.
        """
        binding = self._locked_binding(external_id, state)
        if binding is None:
            return None
        before = import_summary.snapshot(self.backend_record, binding)
        card_ids = set(self.backend_adapter.card_ids(external_id))
        self._board_importer()._finish_full(binding, card_ids, state["checkpoint"])
        self._write_marker(binding, MARKER_CLEARED)
        counts = import_summary.add(
            state["counts"],
            import_summary.changes(self.backend_record, binding, before),
        )
        return import_summary.sentence(self.env, binding.name, counts, full=True)

    # -- another import meanwhile ------------------------------------------

    def wait_for_paged_import(self, binding):
        """Before another import of a board with a marker (the lock held).

        While the paged import goes on (one of its jobs will still run), the
        other import waits: a job is retried in a minute (without counting a
        failed try), a synchronous import says the board is being
        synchronized. A paged import without such a job is broken (a page
        job failed for good, or was cancelled): its marker is cleared and the
        caller runs a full import again, the cards already stored being
        skipped as up to date.
        """
        if self._paged_import_goes_on(binding):
            raise RetryableJobError(
                self.env._(
                    "Board %(board)s is being imported by page jobs (a full "
                    "import started on %(start)s UTC, %(pages)s card pages stored): "
                    "this import waits for it.",
                    board=binding.name,
                    start=binding.page_import_start,
                    pages=binding.page_import_page,
                ),
                seconds=WAIT_SECONDS,
                ignore_retry=True,
            )
        _logger.info(
            "Trello board %s: the paged import %s has no job left to run; "
            "a full import starts again",
            binding.external_id,
            binding.page_import_token,
        )
        self._write_marker(binding, MARKER_CLEARED)

    def _paged_import_goes_on(self, binding):
        prefix = board_pages_identity_prefix(
            self.backend_record, binding.external_id, binding.page_import_token
        )
        return live_job_with_prefix(self.env, prefix)

    # -- helpers -------------------------------------------------------------

    def _board_importer(self):
        """The board importer (``trello.board.importer``), whose steps the
        page jobs share: the board's lock, the bulk page writer and what the
        full import does after the cards."""
        return self.component(usage=usage.BOARD_IMPORTER)

    def _locked_binding(self, external_id, state):
        """The board's binding, locked, if the job's import is still current.

        None when the board is gone from Odoo or another import replaced
        this one (another token): the job then does nothing.
        """
        binding = self.binder.to_internal(external_id)
        if not binding:
            return None
        self._board_importer()._lock_checkpoint(binding)
        if binding.page_import_token != state.get("token"):
            _logger.info(
                "Trello board %s: job of the replaced paged import %s skipped",
                external_id,
                state.get("token"),
            )
            return None
        return binding

    def _job_backend(self):
        """The backend the next job gets, as the user of this one.

        The components work as superuser (see ``_work_on_trello``); the jobs
        they delay run as the user who started the import, who is checked
        again by each of them.
        """
        return self.backend_record.sudo(False)

    def _write_marker(self, binding, values):
        binding.with_context(**self._connector_context()).write(values)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the connector's jobs are delayed: one place for their properties."""

from odoo.addons.queue_job.job import ENQUEUED, PENDING, STARTED, WAIT_DEPENDENCIES

#: Tries before a job that meets a Trello outage fails: with the retry
#: pattern of data/queue_job_function_data.xml (10 s, then 1 min, 5 min and
#: 30 min) about three hours of outage are waited out. A 429 never counts.
MAX_RETRIES = 20
#: Seconds a job's request waits in place, in all, when Trello answers 429
#: despite the shared budget (Trello asks for at most its 10-s window): the
#: request is sent again instead of the job being rolled back and retried.
THROTTLE_WAIT_IN_JOB = 60
#: Context key of an import that may go on in page jobs: it runs as a job,
#: and the jobs it delays are queued, not run inline.
PAGE_JOBS_CONTEXT = "trello_page_jobs"
#: Cards one task export job sends at most: its own and, taken along, those
#: of its board whose export jobs still wait. Their conflict read is one
#: request per board; 100 cards (a list's mass edit) go in one job, whose
#: transaction (101 requests, some 20 s under the request budget) stays far
#: from ``limit_time_real``, and whose median card leaves within the first
#: 51 requests of the budget's 90 (a second job would wait for the board's
#: lock, then read the board again).
EXPORT_BATCH_CARDS = 100
#: Seconds a task's export job waits before it runs when the export of
#: another task of the same project waits or runs: the later edits of a
#: burst made within this window are exported together, by the first of
#: their jobs to run. A lone edit is exported at once. A batch costs one
#: read, so a burst of saves one after the other costs about 1 + (seconds
#: between two saves) / window requests a task: 100 renames through RPC
#: (``tools/benchmark_export.py --jobs``) cost 1.25 to 1.38 with 0.5 s,
#: 1.15 with 1 s.
EXPORT_COALESCING_SECONDS = 1.0


def board_import_identity(backend, board_external_id):
    """The identity key of a board's import job.

    One key whoever asks (the Synchronize button, the cron or a webhook), so
    that a board has at most one import waiting: queue_job does not create a
    job whose key is already on a pending or enqueued one.
    """
    return f"trello.import_board:{backend.id}:{board_external_id}"


def board_import_job(backend, board_external_id, board_name=None):
    """The ``with_delay`` options of a board's import job.

    Its callers (the Synchronize button, the cron, the webhook controller)
    delay ``trello.project.project.import_board(backend, board_external_id)``
    themselves, so that the job's method is read where it is delayed::

        model.with_delay(**board_import_job(backend, board_id, name)).import_board(
            backend, board_id
        )

    The arguments are the backend record and the board's Trello id: nothing
    secret is stored in the job.
    """
    name = board_name or board_external_id
    return {
        "identity_key": board_import_identity(backend, board_external_id),
        "description": backend.env._("Import Trello board «%(name)s»", name=name),
        "max_retries": MAX_RETRIES,
    }


def board_pages_identity_prefix(backend, board_external_id, token):
    """What the identity keys of one paged import's jobs start with.

    ``token`` names one full import read by page jobs (the marker on the
    board binding): its page and final jobs are found by this prefix.
    """
    return f"trello.import_board_pages:{backend.id}:{board_external_id}:{token}:"


def delay_board_page_import(backend, board_external_id, state, board_name):
    """Delay the job that imports one card page of a paged full import.

    ``state`` carries what the job needs and nothing secret: the import's
    token, the page number, its cursor (the id before which Trello lists
    the page), the checkpoint read with the board and the counts so far.
    Its identity key (token and page) makes a second delay of the same page
    add nothing.
    """
    model = backend.env["trello.project.project"]
    prefix = board_pages_identity_prefix(backend, board_external_id, state["token"])
    return model.with_delay(
        identity_key=f"{prefix}page:{state['page']}",
        description=backend.env._(
            "Import Trello board «%(name)s»: cards page %(page)s",
            name=board_name,
            page=state["page"],
        ),
        max_retries=MAX_RETRIES,
    ).import_board_page(backend, board_external_id, state)


def delay_board_import_finish(backend, board_external_id, state, board_name):
    """Delay the last job of a paged full import (see ``import_board_finish``)."""
    model = backend.env["trello.project.project"]
    prefix = board_pages_identity_prefix(backend, board_external_id, state["token"])
    return model.with_delay(
        identity_key=f"{prefix}finish",
        description=backend.env._(
            "Import Trello board «%(name)s»: finish", name=board_name
        ),
        max_retries=MAX_RETRIES,
    ).import_board_finish(backend, board_external_id, state)


def delay_deletion(deletion):
    """Delay the archive (or delete) in Trello of an object deleted in Odoo.

    Called in the transaction of the unlink, once Odoo's own unlink
    succeeded: the job is the ``trello.deletion`` record, which carries the
    Trello ids (the binding is gone with the Odoo record), nothing secret.
    """
    deletion.ensure_one()
    _ = deletion.env._
    if deletion.operation == "delete":
        description = _("Delete in Trello: %(name)s", name=deletion.name)
    else:
        description = _("Archive in Trello: %(name)s", name=deletion.name)
    return deletion.with_delay(
        identity_key=f"trello.deletion:{deletion.id}",
        description=description,
        max_retries=MAX_RETRIES,
    ).send_to_trello()


def export_description(record):
    """The name of a record's export job: what it exports, by its name."""
    name = record.display_name or str(record.id)
    if len(name) > 60:
        name = name[:59] + "…"
    _ = record.env._
    return {
        "project.task": _("Export task «%(name)s» to Trello", name=name),
        "project.task.type": _("Export stage «%(name)s» to Trello", name=name),
        "project.tags": _("Export tag «%(name)s» to Trello", name=name),
        "project.project": _("Export project «%(name)s» to Trello", name=name),
        "mail.message": _("Export a message on «%(name)s» to Trello", name=name),
        "ir.attachment": _("Export attachment «%(name)s» to Trello", name=name),
    }[record._name]


def record_export_identity(record):
    """The identity key of a record's export job.

    One key per Odoo record, whatever was written: a burst of writes while
    the job waits adds nothing, and the job exports the record as it is when
    it runs (every mapped field, compared with what Trello last had).
    """
    return f"{record_export_identity_prefix(record._name)}{record.id}"


def record_export_identity_prefix(model_name):
    """What the identity keys of the export jobs of ``model_name`` start with."""
    return f"trello.export:{model_name}:"


def record_export_job(record, eta=None):
    """The ``with_delay`` options of ``record.trello_export()``'s job: the
    export of the record's current state.

    The listener delays the job itself, so that its method is read where it
    is delayed (``record.with_delay(**record_export_job(record)).trello_export()``),
    on the record as the connector (``sudo``: the listener runs once Odoo
    accepted the write, and the writer, a portal user commenting, say, may
    not export on their own). The job's only argument is the record itself.
    No field list: the exporter compares every mapped field with the values
    last synchronized and sends only what differs, so the waiting job also
    covers the writes whose jobs its identity key dropped. ``eta``: how long
    the job waits before it runs (a ``timedelta``; None: at once).
    """
    record.ensure_one()
    return {
        "identity_key": record_export_identity(record),
        "description": export_description(record),
        "max_retries": MAX_RETRIES,
        "eta": eta,
    }


#: Tasks exported by one card page job of a project's export.
PROJECT_EXPORT_PAGE_SIZE = 100


def project_export_identity_prefix(board):
    """What the identity keys of a project export's jobs start with.

    ``board`` is the project's board binding: one export per binding, its
    board job and card page jobs found by this prefix (a second click while
    one of them waits adds nothing).
    """
    return f"trello.export_project:{board.backend_id.id}:{board.id}:"


def _project_name(board):
    name = board.odoo_id.display_name or str(board.odoo_id.id)
    return name[:59] + "…" if len(name) > 60 else name


def delay_project_export_board(board):
    """Delay the first job of a project's export: its board and lists.

    Its only argument is the board binding (the job's record): nothing
    secret is stored in the job.
    """
    board = board.sudo(False)
    return board.with_delay(
        identity_key=f"{project_export_identity_prefix(board)}board",
        description=board.env._(
            "Export project «%(name)s» to Trello: board and lists",
            name=_project_name(board),
        ),
        max_retries=MAX_RETRIES,
    ).export_board_start()


def delay_project_export_cards(board, first, last):
    """Delay the job that exports the next page of a project's cards.

    ``first`` and ``last`` number the page's tasks among the project's
    (``cards 101-200``): the job's name and identity key. The job exports
    the tasks still without a card when it runs, in the export's order.
    """
    board = board.sudo(False)
    return board.with_delay(
        identity_key=f"{project_export_identity_prefix(board)}cards:{first}",
        description=board.env._(
            "Export project «%(name)s» to Trello: cards %(first)s-%(last)s",
            name=_project_name(board),
            first=first,
            last=last,
        ),
        max_retries=MAX_RETRIES,
    ).export_board_cards(first, last)


def delay_board_attach(board, export_tasks, board_name):
    """Delay the first job of a board's synchronization with an existing
    project: its lists matched to stages, its import, the missing lists.

    ``board`` is the project's board binding, made in the click (no
    request); the card pages that follow are the project export's (see
    ``delay_project_export_cards``), under the same identity prefix: a
    second click while one of them waits adds nothing.
    """
    board = board.sudo(False)
    return board.with_delay(
        identity_key=f"{project_export_identity_prefix(board)}attach",
        description=board.env._(
            "Synchronize board «%(board)s» with project «%(name)s»",
            board=board_name,
            name=_project_name(board),
        ),
        max_retries=MAX_RETRIES,
    ).attach_board_start(bool(export_tasks))


#: States of a job that will still run (or runs).
LIVE_JOB_STATES = (WAIT_DEPENDENCIES, PENDING, ENQUEUED, STARTED)


def live_job_with_prefix(env, prefix):
    """Whether a job whose identity key starts with ``prefix`` will still
    run (or runs): a chain of jobs (page import, project export) with none
    left is over, or broken."""
    return bool(
        env["queue.job"]
        .sudo()
        .search_count(
            [("identity_key", "=like", f"{prefix}%"), ("state", "in", LIVE_JOB_STATES)],
            limit=1,
        )
    )

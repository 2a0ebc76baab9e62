# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the connector's jobs are delayed: one place for their properties."""

#: Tries before a job that meets a Trello outage fails: with the retry
#: pattern of data/queue_job_function_data.xml (10 s, then 1 min, 5 min and
#: 30 min) about three hours of outage are waited out. A 429 never counts.
MAX_RETRIES = 20


def board_import_identity(backend, board_external_id):
    """The identity key of a board's import job.

    One key whoever asks (the Synchronize button, the cron or a webhook), so
    that a board has at most one import waiting: queue_job does not create a
    job whose key is already on a pending or enqueued one.
    """
    return f"trello.import_board:{backend.id}:{board_external_id}"


def delay_board_import(backend, board_external_id, board_name=None):
    """Delay the (incremental after the first) import of one board.

    The arguments are the backend record and the board's Trello id: nothing
    secret is stored in the job.
    """
    model = backend.env["trello.project.project"]
    name = board_name or board_external_id
    return model.with_delay(
        identity_key=board_import_identity(backend, board_external_id),
        description=backend.env._("Import Trello board «%(name)s»", name=name),
        max_retries=MAX_RETRIES,
    ).import_board(backend, board_external_id)

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may make Trello follow an Odoo record: one rule, checked first.

Every public method that can send a request to Trello checks its caller
before anything else (see the README's security section for the table):

* the backend's actions and the bindings' entry points: who may change the
  backend, a connector manager (``trello.backend`` write access);
* the export or the deletion of an Odoo record (task, stage, tag, project,
  message, attachment): a project user to whom Odoo grants that operation
  on that record (write to export a task, read to export a message,
  unlink to delete);
* the connector itself (jobs, imports, the listeners once Odoo accepted a
  write) runs as superuser and passes.
"""

from odoo.exceptions import AccessError

PROJECT_USER_GROUP = "project.group_project_user"
#: Who may change a backend, and so act on Trello through it.
MANAGER_GROUP = "connector.group_connector_manager"


def check_trello_caller(records, operation):
    """Raise ``AccessError`` unless the caller may have Trello follow
    ``operation`` (``read``, ``write`` or ``unlink``) on ``records``."""
    env = records.env
    if env.su or not records:
        return
    if not env.user.has_group(PROJECT_USER_GROUP):
        raise AccessError(
            env._(
                "Only project users can change what is synchronized with "
                "Trello (%(model)s).",
                model=records._description,
            )
        )
    if records._name == "ir.attachment":
        records.check(operation)  # attachments have their own rule
    else:
        records.check_access(operation)


def records_to_export(records, operation):
    """The records a ``trello_export()`` of ``records`` sends, caller checked.

    The one entry of every model's ``trello_export()``: none under
    ``connector_no_export`` (the connector's own writes must not travel
    back); only those still in the database (an export job keeps its
    record's id, and the record may be deleted before the job runs: its
    deletion followed in Trello already, so the job has nothing left to do);
    and only once the caller may ``operation`` them (``check_trello_caller``).
    """
    if records.env.context.get("connector_no_export"):
        return records.browse()
    records = records.exists()
    check_trello_caller(records, operation)
    return records

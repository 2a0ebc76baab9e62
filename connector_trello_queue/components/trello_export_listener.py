# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import AbstractComponent
from odoo.addons.component_event import skip_if
from odoo.addons.connector_trello import usage
from odoo.addons.connector_trello.access import PROJECT_USER_GROUP
from odoo.addons.queue_job.utils import must_run_without_delay

from ..jobs import record_export_job


class TrelloExportListener(AbstractComponent):
    """Delay the export of an Odoo record that a person changed.

    One concrete listener per Odoo model says which backends the record is
    synchronized with and which binding model exports it. A listener does
    nothing when:

    * the change is the connector's own (``connector_no_export``: an import
      must not travel straight back to Trello);
    * who made it is not a project user (``_writer_may_export``);
    * queue_job is told not to delay (``queue_job__no_delay``, as in the
      tests of connector_trello): the addon then behaves as if it were not
      installed, like its Synchronize button, and ``trello_export()`` is
      called by whoever needs it;
    * the record is synchronized with no backend that exports;
    * none of the written fields is exported (the binding's export mapper
      says which fields it reads, through its ``@changed_by``).

    Deletions do not go through a listener: ``unlink()`` in connector_trello
    writes a ``trello.deletion`` (the Trello id outlives the binding, and
    keeps imports from bringing the object back), and this addon delays its
    job (``trello.deletion._follow_in_trello``) once Odoo's unlink succeeded.
    """

    _name = "trello.export.listener"
    _inherit = "base.connector.listener"

    #: The binding model whose export mapper lists the exported fields.
    _binding_model = None

    #: Whether a new record is exported (a project never is implicitly: only
    #: its "Export to Trello" button creates a board).
    _export_on_create = True

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_create(self, record, fields=None):
        if self._export_on_create and self._must_export(record):
            self._delay_export(record)

    @skip_if(lambda self, record, **kwargs: self.no_connector_export(record))
    def on_record_write(self, record, fields=None):
        if self._must_export(record, fields):
            self._delay_export(record)

    def _delay_export(self, record):
        """Delay the job ``trello_export()`` of ``record`` (its model's file,
        ``connector_trello/models/trello_<model>.py``), as the connector.

        The job starts with ``access.records_to_export``; its options
        (identity key, description, retries, the coalescing wait) are
        ``jobs.record_export_job``'s.
        """
        job = record_export_job(record.sudo(), eta=self._export_delay(record))
        return record.sudo().with_delay(**job).trello_export()

    # -- hooks -----------------------------------------------------------

    def _export_backends(self, record):
        """The backends ``record`` is (or is to be) synchronized with (hook).

        A record counts when it has a binding there, or when the Trello
        object it belongs to does (a new task of a synchronized board).
        """
        raise NotImplementedError

    def _export_delay(self, record):
        """How long the export job of ``record`` waits before it runs (hook).

        A ``timedelta``, or None: it runs as soon as a worker is free.
        """
        return None

    def _exported_fields(self, backend):
        """The Odoo fields whose change the export sends to Trello (hook).

        Read from the export mapper of the binding model: its mappings'
        ``@changed_by`` fields, so that a field added to the mapper triggers
        the export without a second list to keep in step.
        """
        with backend.work_on(self._binding_model) as work:
            mapper = work.component(usage=usage.EXPORT_MAPPER)
            return set(mapper.changed_by_fields())

    # -- decision --------------------------------------------------------

    def _writer_may_export(self, record):
        """Whether who made the change may have Trello follow it.

        Project users (and automations running as the superuser) only. A
        portal user's comment, or an employee without Project rights who
        renames a tag that Odoo lets every employee write, stays in Odoo:
        the people Trello hears from are those who work on the projects.
        """
        user = record.env.user
        return user._is_superuser() or user.has_group(PROJECT_USER_GROUP)

    def _must_export(self, record, fields=None):
        """Whether a change of ``fields`` on ``record`` goes to Trello."""
        if not self._writer_may_export(record):
            return False
        backends = self._export_backends(record.sudo())
        backends = backends.filtered(lambda backend: backend._allows_export())
        if not backends:
            return False
        if fields is not None and not any(
            set(fields) & self._exported_fields(backend) for backend in backends
        ):
            return False
        return not must_run_without_delay(record.env)

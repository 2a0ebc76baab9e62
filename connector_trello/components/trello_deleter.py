# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from .. import usage


class TrelloDeleter(Component):
    """An object deleted in Trello: archive its Odoo record, unlink nothing.

    Deleting Odoo data because a remote object vanished is how connectors lose
    timesheets and history; the record is archived (when it can be) and the
    binding marked ``trello_deleted`` so the admin can see what happened.
    Records that cannot be archived (a chatter message, an attachment) say
    in their own deleter what deleted means for them.
    """

    _name = "trello.deleter"
    _inherit = ["base.deleter", "trello.base"]
    _usage = usage.DELETER

    def run(self, external_id):
        if not self.backend_record._allows_import():
            return self.env._("Import disabled: the backend exports only.")
        binding = self.binder_for().to_internal(external_id)
        if not binding:
            return self.env._("Not bound: %(id)s, nothing to archive.", id=external_id)
        if binding.trello_deleted:
            return self.env._("Already archived.")
        # an export of the object holds this lock: the archive waits for it
        self.component(usage=usage.RECORD_IMPORTER)._lock_written([external_id])
        return self._apply_deletion(binding)

    def _apply_deletion(self, binding):
        """Archive and mark the binding (hook: a record without ``active``)."""
        values = {"trello_deleted": True}
        if "active" in binding._fields:
            values["active"] = False
        binding.with_context(**self._connector_context()).write(values)
        self._after_delete(binding)
        return self.env._("Deleted in Trello: archived.")

    def _after_delete(self, binding):
        """Hook: undo in Odoo what the deleted object brought (if anything)."""

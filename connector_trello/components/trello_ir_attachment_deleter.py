# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from ..chatter import post_connector_note


class TrelloIrAttachmentDeleter(Component):
    """An attachment deleted in Trello leaves the task; a note says so.

    An attachment cannot be archived: it would stay listed on the task. It
    is Trello's file (or link), so it is unlinked, and its binding with it
    (``ondelete="cascade"``); the note on the task names the file, which is
    what remains of it in Odoo.
    """

    _name = "trello.ir.attachment.deleter"
    _inherit = "trello.deleter"
    _apply_on = ["trello.ir.attachment"]

    def _apply_deletion(self, binding):
        attachment = binding.odoo_id
        name = attachment.name
        task = self.env["project.task"].browse(
            attachment.res_id if attachment.res_model == "project.task" else []
        )
        attachment.with_context(**self._connector_context()).unlink()
        note = self.env._("The attachment %(name)s was deleted in Trello.", name=name)
        if task.exists():
            post_connector_note(task, note)
        return note

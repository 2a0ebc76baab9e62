# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo.addons.component.core import Component


class TrelloMailMessageDeleter(Component):
    """A comment deleted in Trello: its note says so, its text is dropped.

    A message cannot be archived, and unlinking it would lose where it stood
    in the chatter (and its binding, which remembers the deletion): the note
    keeps its author and date, its body becomes "This comment was deleted in
    Trello." and the Markdown kept on the binding is erased, so the deleted
    text is nowhere left to read.
    """

    _name = "trello.mail.message.deleter"
    _inherit = "trello.deleter"
    _apply_on = ["trello.mail.message"]

    def _apply_deletion(self, binding):
        text = self.env._("This comment was deleted in Trello.")
        binding.with_context(**self._connector_context()).write(
            {
                "trello_deleted": True,
                "trello_text": False,
                "body": Markup("<p>%s</p>") % text,
            }
        )
        return text

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.component.core import Component


class TrelloProjectTagsDeleter(Component):
    """A label deleted in Trello leaves the tasks of its board.

    Trello takes a deleted label off its cards without an action per card,
    so the cards would keep their tag until their next change. The tag
    itself stays (tags are shared across projects), and so does it on the
    tasks when another label of the board still maps to it.
    """

    _name = "trello.project.tags.deleter"
    _inherit = "trello.deleter"
    _apply_on = ["trello.project.tags"]

    def _after_delete(self, binding):
        board = binding.project_binding_id
        if not board:
            return
        still_used = self.model.search_count(
            [
                ("project_binding_id", "=", board.id),
                ("odoo_id", "=", binding.odoo_id.id),
                ("trello_deleted", "=", False),
            ]
        )
        if still_used:
            return
        tasks = (
            self.env["trello.project.task"]
            .with_context(active_test=False)
            .search(
                [
                    ("project_binding_id", "=", board.id),
                    ("tag_ids", "in", binding.odoo_id.ids),
                ]
            )
        )
        tasks.with_context(**self._connector_context()).write(
            {"tag_ids": [Command.unlink(binding.odoo_id.id)]}
        )

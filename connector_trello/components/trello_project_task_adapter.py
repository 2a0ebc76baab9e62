# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTaskAdapter(Component):
    """Card reads, alone or by batches of 10."""

    _name = "trello.project.task.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.project.task"]
    _trello_path = "cards"
    _read_params = {"checklists": "all", "attachments": "true"}

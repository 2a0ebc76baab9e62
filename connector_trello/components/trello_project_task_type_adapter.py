# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTaskTypeAdapter(Component):
    """List reads (``/lists/{id}``)."""

    _name = "trello.project.task.type.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.project.task.type"]
    _trello_path = "lists"
    _created_in_route = "boards/{container}/lists/all"

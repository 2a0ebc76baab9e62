# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTagsAdapter(Component):
    """Label reads (``/labels/{id}``)."""

    _name = "trello.project.tags.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.project.tags"]
    _trello_path = "labels"
    _created_in_route = "boards/{container}/labels"
    _created_in_params = {"limit": 1000}

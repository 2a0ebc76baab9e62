# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloMemberAdapter(Component):
    """Member reads (``/members/{id}``)."""

    _name = "trello.member.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.member"]
    _trello_path = "members"

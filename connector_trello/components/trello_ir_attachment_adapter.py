# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloIrAttachmentAdapter(Component):
    """Attachments: read with their card, downloaded by the importer."""

    _name = "trello.ir.attachment.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.ir.attachment"]
    _trello_path = "attachments"

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class ProjectTagsListener(Component):
    """A tag renamed or recoloured by a person: its labels follow.

    Only a tag that already is a label counts: a tag gets its label on a
    board when a task of that board uses it (the card's export creates it).
    """

    _name = "trello.project.tags.listener"
    _inherit = "trello.export.listener"
    _apply_on = ["project.tags"]
    _binding_model = "trello.project.tags"

    def _export_backends(self, record):
        return record.trello_bind_ids.filtered(
            lambda label: label.external_id and not label.trello_deleted
        ).backend_id

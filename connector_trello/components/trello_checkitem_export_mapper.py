# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import changed_by, mapping

from ..tools import fit_text, format_trello_datetime
from .trello_project_task_mapper import DONE_STATE


class TrelloCheckitemExportMapper(Component):
    """Sub-task -> check item of its card: name, done state, the assignee
    (an item holds one member) and the deadline."""

    _name = "trello.checkitem.export.mapper"
    _inherit = "trello.export.mapper"
    _apply_on = ["trello.checkitem"]

    @changed_by("name")
    @mapping
    def name(self, record):
        return {"name": fit_text(record.name)}

    def full_texts(self, record):
        return {"name": record.name or ""}

    @changed_by("state")
    @mapping
    def state(self, record):
        return {"state": "complete" if record.state == DONE_STATE else "incomplete"}

    @changed_by("user_ids")
    @mapping
    def id_member(self, record):
        """The item's member while it is still one Odoo can show (its user
        is assigned, or no user maps to it); else the first assignee a
        member maps to, or none. The other assignees stay in Odoo only."""
        synced = record._get_synced_values().get("idMember")
        members = self.env["trello.member"].search(
            [("backend_id", "=", self.backend_record.id)]
        )
        if synced:
            held = members.filtered(lambda m: m.external_id == synced)
            if not held.user_id or held.user_id in record.user_ids:
                return {"idMember": synced}
        for user in record.user_ids:
            mapped = members.filtered(lambda m, user=user: m.user_id == user)
            if mapped:
                return {"idMember": mapped[:1].external_id}
        return {"idMember": None}

    @changed_by("date_deadline")
    @mapping
    def due(self, record):
        return {"due": format_trello_datetime(record.date_deadline)}

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping

from ..tools import keep_full_text, parse_trello_datetime
from .trello_project_task_mapper import DONE_STATE, OPEN_STATE


class TrelloCheckitemImportMapper(Component):
    """Checklist item -> sub-task of the card's task (complete <-> done)."""

    _name = "trello.checkitem.import.mapper"
    _inherit = "trello.import.mapper"
    _apply_on = ["trello.checkitem"]

    direct = [
        ("pos", "trello_pos"),
        ("idChecklist", "checklist_external_id"),
    ]

    @mapping
    def name(self, record):
        """Trello's name, but Odoo's whole name while Trello still holds it
        shortened by the export (see ``tools.fit_text``)."""
        binding = self.options.get("binding")
        if not binding:
            return {"name": record.get("name")}
        base = binding._get_synced_values().get("name")
        return {"name": keep_full_text(record.get("name"), base, binding.name)}

    @mapping
    def date_deadline(self, record):
        """The item's due date, unless Trello did not change it: the export
        does not send a sub-task's deadline, so Odoo's stays."""
        if self._trello_unchanged(record, "due"):
            return {}
        return {"date_deadline": parse_trello_datetime(record.get("due"))}

    @mapping
    def parent(self, record):
        card = self.options.card_binding
        return {
            "card_binding_id": card.id,
            "parent_id": card.odoo_id.id,
            "project_id": card.project_id.id,
            "display_in_project": False,
            "checklist_name": self.options.checklist_name,
        }

    @mapping
    def sequence(self, record):
        """The item's number in its card's checklists (from the card
        importer: sparse, so 0 and negative numbers are numbers too)."""
        rank = self.options.get("rank")
        return {} if rank is None else {"sequence": rank}

    @mapping
    def state(self, record):
        complete = record.get("state") == "complete"
        return {"state": DONE_STATE if complete else OPEN_STATE}

    @mapping
    def user_ids(self, record):
        if "idMember" not in record or self._trello_unchanged(record, "idMember"):
            # unknown (Trello sends null for unassigned), or not changed in
            # Trello: the export does not send a sub-task's assignee
            return {}
        members = self._binding_ids("trello.member", [record.get("idMember")])
        users = self._with_odoo_only_users(
            [member.user_id.id for member in members if member.user_id]
        )
        if not users and self.options.for_create:
            # As the card mapper: no command for an unassigned new sub-task,
            # else create() stamps an assignment date and pays its working
            # hours; an empty list still overrides default_get's assignee.
            return {"user_ids": []}
        return {"user_ids": [Command.set(users)]}

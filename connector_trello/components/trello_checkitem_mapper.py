# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.component.core import Component
from odoo.addons.connector.components.mapper import mapping

from .. import usage
from ..tools import parse_trello_datetime
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
        return self._name_kept_whole(record)

    @mapping
    def date_deadline(self, record):
        """The item's due date, unless Trello did not change it (the merge
        then keeps and exports Odoo's)."""
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
        """complete <-> done. An incomplete item leaves Odoo's other states
        (changes requested, approved, cancelled...) as they are: the export
        sends them all as ``incomplete``; a done sub-task reopens."""
        if record.get("state") == "complete":
            return {"state": DONE_STATE}
        binding = self.options.get("binding")
        if binding and binding.state != DONE_STATE:
            return {}
        return {"state": OPEN_STATE}

    @mapping
    def user_ids(self, record):
        """The item's one member replaces the one it held before.

        A check item holds one member: the sub-task's other assignees (a
        second one, or one no member maps to) are what Trello cannot hold,
        and an import leaves them.
        """
        if "idMember" not in record or self._trello_unchanged(record, "idMember"):
            # unknown, or not changed in Trello (the merge exports Odoo's)
            return {}
        new = self._member_users([record.get("idMember")])
        binding = self.options.get("binding")
        if not binding:
            if not new and self.options.for_create:
                # As the card mapper: no command for an unassigned new
                # sub-task, else create() stamps an assignment date and pays
                # its working hours; an empty list still overrides
                # default_get's assignee.
                return {"user_ids": []}
            return {"user_ids": [Command.set(new.ids)]}
        # The member the item held, and the one Odoo gives it now (when
        # Odoo changed it too and Trello won, Odoo's goes).
        mapper = self.component(usage=usage.EXPORT_MAPPER)
        held = [
            binding._get_synced_values().get("idMember"),
            mapper.id_member(binding).get("idMember"),
        ]
        users = (binding.odoo_id.user_ids - self._member_users(held)) | new
        return {"user_ids": [Command.set(users.ids)]}

    def _member_users(self, member_ids):
        """The users of these Trello members (an unmapped member: none)."""
        users = self.env["res.users"]
        for member in self._binding_ids("trello.member", member_ids):
            users |= member.user_id
        return users

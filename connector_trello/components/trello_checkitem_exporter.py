# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from .. import usage


class TrelloCheckitemExporter(Component):
    """Sub-task -> item of its card's first checklist (created when none)."""

    _name = "trello.checkitem.exporter"
    _inherit = "trello.exporter"
    _apply_on = ["trello.checkitem"]
    _parent_field = "card_binding_id"
    _check_conflicts = True

    def _must_skip(self):
        if not self.binding.card_binding_id:
            return self.env._("The sub-task's parent task has no card.")
        return False

    def _export_dependencies(self):
        card = self.binding.card_binding_id
        if not card.external_id:
            exporter = self.component(
                usage=usage.EXPORTER, model_name="trello.project.task"
            )
            exporter.run(card)

    def _checklist_id(self):
        """The card's first checklist: known from its items, else read."""
        binding = self.binding
        if binding.checklist_external_id:
            return binding.checklist_external_id
        sibling = self.env["trello.checkitem"].search(
            [
                ("card_binding_id", "=", binding.card_binding_id.id),
                ("checklist_external_id", "!=", False),
            ],
            order="checklist_name, id",
            limit=1,
        )
        if sibling:
            return sibling.checklist_external_id
        card_id = binding.card_binding_id.external_id
        # Read before made, under a lock of the card: the read finds the
        # checklist an earlier try made (whatever happened to its answer),
        # and two jobs of one card do not make two checklists.
        self._lock_create(f"checklist,{card_id}")
        checklists = self.backend_adapter.checklists(card_id)
        if checklists:
            return checklists[0]["id"]
        return self.backend_adapter.create_checklist(card_id)["id"]

    def _create_target(self, values):
        """An item is looked for among its checklist's items, by name."""
        self._checklist = self._checklist_id()
        return self._checklist, {"name": values.get("name")}

    def _create_remote(self, values):
        self.binding.with_context(**self._connector_context()).write(
            {"checklist_external_id": self._checklist}
        )
        return self.backend_adapter.create_item(self._checklist, values)

    def _binding_values(self, response):
        return {
            "trello_pos": response.get("pos") or 0.0,
            "checklist_external_id": response.get("idChecklist")
            or self.binding.checklist_external_id,
        }

    def _import_options(self):
        binding = self.binding
        return {
            "card_binding": binding.card_binding_id,
            "checklist_name": binding.checklist_name,
        }

    def _delete_in_trello(self):
        return True

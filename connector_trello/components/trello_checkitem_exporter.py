# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from .. import usage
from ..sparse_sequence import sparse_sequences


class TrelloCheckitemExporter(Component):
    """Sub-task -> item of its card's first checklist (created when none)."""

    _name = "trello.checkitem.exporter"
    _inherit = "trello.exporter"
    _apply_on = ["trello.checkitem"]
    _parent_field = "card_binding_id"
    _check_conflicts = True
    _full_text_files = True

    def _full_text_file_name(self, key):
        return f"check-item-{self.external_id}.full-text.md"

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
            self._checklist_name = sibling.checklist_name
            return sibling.checklist_external_id
        card_id = binding.card_binding_id.external_id
        # Read before made, under a lock of the card: the read finds the
        # checklist an earlier try made (whatever happened to its answer),
        # and two jobs of one card do not make two checklists.
        self._lock_create(f"checklist,{card_id}")
        checklists = self.backend_adapter.checklists(card_id)
        checklist = (
            checklists[0]
            if checklists
            else self.backend_adapter.create_checklist(card_id)
        )
        self._checklist_name = checklist.get("name")
        return checklist["id"]

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
        values = {
            "trello_pos": response.get("pos") or 0.0,
            "checklist_external_id": response.get("idChecklist")
            or self.binding.checklist_external_id,
        }
        # the checklist's name, as the import keeps it: it writes nothing then
        name = getattr(self, "_checklist_name", None)
        if name is not None and not self.binding.checklist_name:
            values["checklist_name"] = name
        sequence = self._sequence_at_bottom(values["checklist_external_id"])
        if sequence is not None:
            values["sequence"] = sequence
        return values

    def _sequence_at_bottom(self, checklist_id):
        """The sub-task's number once its item is at the bottom of its
        checklist (``pos: "bottom"``), or None when it already is there.

        As the import numbers it (:mod:`..sparse_sequence`): after the
        checklist's other items, before the next checklist's; the import
        that follows then finds it in its place and writes nothing.
        """
        if not getattr(self, "binding_created_now", False):
            return None
        binding = self.binding
        siblings = (
            self.env["trello.checkitem"]
            .with_context(active_test=False)
            .search([("card_binding_id", "=", binding.card_binding_id.id)])
            - binding
        )
        own = siblings.filtered(lambda s: s.checklist_external_id == checklist_id)
        if not own:
            return None
        low = max(own.mapped("sequence"))
        higher = [n for n in (siblings - own).mapped("sequence") if n > low]
        if binding.sequence > low and not any(n <= binding.sequence for n in higher):
            return None
        high = min(higher) if higher else None
        numbers = sparse_sequences([low, None] + ([] if high is None else [high]))[0]
        return numbers.get(1)

    def _import_options(self):
        binding = self.binding
        return {
            "card_binding": binding.card_binding_id,
            "checklist_name": binding.checklist_name,
        }

    def _delete_in_trello(self):
        return True

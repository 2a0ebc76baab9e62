# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloProjectTaskExporter(Component):
    """Task -> card: at most one read and one write per exported edit.

    The read is the conflict check (the card as Trello has it now); a move,
    a rename and every other changed field travel in the one ``PUT``.
    """

    _name = "trello.project.task.exporter"
    _inherit = "trello.exporter"
    _apply_on = ["trello.project.task"]
    _check_conflicts = True

    def _must_skip(self):
        binding = self.binding
        if not binding.project_binding_id.external_id:
            return self.env._("The task's project is not synchronized.")
        if binding.parent_id:
            return self.env._("A sub-task is exported as a check item.")
        if not binding.stage_id:
            return self.env._("A task without a stage has no list: not exported.")
        if binding.stage_id.trello_bind_ids.filtered(
            lambda b: b.backend_id == self.backend_record
            and b.project_binding_id != binding.project_binding_id
        ):
            # A stage is the list of one board per backend.
            return self.env._(
                "The stage %(stage)s is already a list of another board: give "
                "this project its own stage to export the task.",
                stage=binding.stage_id.name,
            )
        return False

    def _delete_in_trello(self):
        return self.backend_record.delete_cards

    def _export_dependencies(self):
        binding = self.binding
        board = binding.project_binding_id
        self._export_dependency(
            binding.stage_id, "trello.project.task.type", project_binding_id=board
        )
        for tag in binding.tag_ids:
            self._export_dependency(
                tag, "trello.project.tags", project_binding_id=board
            )

    def _create_target(self, values):
        """A card is looked for among its list's cards, by name."""
        return values.get("idList"), {"name": values.get("name")}

    def _import_options(self):
        return {"project_binding": self.binding.project_binding_id}

    def _binding_values(self, response):
        return {
            "trello_pos": response.get("pos") or 0.0,
            "trello_desc": response.get("desc") or "",
            "trello_url": response.get("url") or self.binding.trello_url,
        }

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component


class TrelloCheckitemAdapter(Component):
    """Check items: Trello reaches them through their card or checklist."""

    _name = "trello.checkitem.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.checkitem"]
    _trello_path = "checkItems"
    _created_in_route = "checklists/{container}/checkItems"

    def checklists(self, card_id):
        return self.client.get(f"cards/{card_id}/checklists", fields="name,pos")

    def create_checklist(self, card_id):
        return self.client.post(f"cards/{card_id}/checklists", name="Checklist")

    def create_item(self, checklist_id, values):
        params = {key: values[key] for key in ("due", "idMember") if values.get(key)}
        return self.client.post(
            f"checklists/{checklist_id}/checkItems",
            name=values["name"],
            checked=values.get("state") == "complete",
            pos="bottom",
            **params,
        )

    def read_state(self, external_id):
        """The item as its card has it (the conflict check)."""
        return self.client.get(
            f"cards/{self._card_id(external_id)}/checkItem/{external_id}"
        )

    def write(self, external_id, values):  # pylint: disable=method-required-super
        return self.client.put(
            f"cards/{self._card_id(external_id)}/checkItem/{external_id}", **values
        )

    def delete(self, external_id, card_id=None):  # pylint: disable=method-required-super
        card_id = card_id or self._card_id(external_id)
        return self.client.delete(f"cards/{card_id}/checkItem/{external_id}")

    def _card_id(self, external_id):
        binding = self.binder_for().to_internal(external_id)
        return binding.card_binding_id.external_id

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.component.core import Component

from .trello_project_project_adapter import CARD_FIELDS


class TrelloProjectTaskAdapter(Component):
    """Card reads (alone or by batches of 10) and writes.

    Every read of a card asks for its custom field values
    (``customFieldItems=true``): the conflict check and the import compare
    them as any other field.
    """

    def write_custom_field(self, external_id, field_id, body):
        """``PUT /1/cards/{id}/customField/{idCustomField}/item``."""
        return self.client.put(
            f"cards/{external_id}/customField/{field_id}/item", **body
        )

    _name = "trello.project.task.adapter"
    _inherit = "trello.adapter"
    _apply_on = ["trello.project.task"]
    _trello_path = "cards"
    _read_params = {
        "checklists": "all",
        "attachments": "true",
        "customFieldItems": "true",
    }
    _created_in_route = "lists/{container}/cards/all"

    def read_state(self, external_id):
        """The card's fields only: what the conflict check compares."""
        return self.client.get(
            f"cards/{external_id}", fields=CARD_FIELDS, customFieldItems="true"
        )

    def read_board_states(self, board_id):
        """The open cards of a board, their fields only, in one request.

        Trello answers at most 1,000 cards a call: a card of a larger board
        may be missing from the answer (the caller reads it otherwise).
        """
        return self.client.get(
            f"boards/{board_id}/cards", fields=CARD_FIELDS, filter="open"
        )

    def read_states(self, external_ids):
        """Several cards' fields, 10 per request (``{id: card or None}``).

        None is "not read here", never "missing": a card the batch answered
        anything but 200 for (a 429, a 5xx, a 404) is read alone by its
        exporter, whose own request then says what it is.
        """
        routes = [
            f"/cards/{ext_id}?fields={CARD_FIELDS}&customFieldItems=true"
            for ext_id in external_ids
        ]
        answers = self.client.batch(routes)
        return {
            ext_id: body if status == 200 else None
            for ext_id, (status, body) in zip(external_ids, answers, strict=True)
        }

    def add_to_list(self, external_id, key, value):
        """``POST /cards/{id}/idLabels`` (or ``idMembers``): one element added."""
        return self.client.post(f"cards/{external_id}/{key}", value=value)

    def read_set_actions(self, external_id, types, since):
        """The card's actions of ``types`` since ``since``, newest first
        (the conflict check's, when a label or member may have changed
        back: see the task's conflict resolver)."""
        return self.client.get(
            f"cards/{external_id}/actions",
            filter=types,
            since=since,
            limit=1000,
            memberCreator="false",
        )

    def remove_from_list(self, external_id, key, value):
        """``DELETE /cards/{id}/idLabels/{value}`` (or ``idMembers``)."""
        return self.client.delete(f"cards/{external_id}/{key}/{value}")

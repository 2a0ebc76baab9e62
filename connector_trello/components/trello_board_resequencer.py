# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.addons.component.core import Component

from .. import usage


class TrelloBoardResequencer(Component):
    """Stages, tasks and sub-tasks follow Trello's ``pos`` (a double).

    Odoo orders by an integer ``sequence``: it becomes the rank by ``pos``
    (stages within the board, tasks within their list, sub-tasks within
    their card), written only where it changed and in one write per rank.
    Equal positions (a card moved to another list keeps its ``pos``) are
    ordered by Trello id, that is by creation.
    """

    _name = "trello.board.resequencer"
    _inherit = "trello.base"
    _usage = usage.RESEQUENCER
    _apply_on = ["trello.project.project"]

    def run(self, binding, card_ids=None):
        """Rank the board's stages, and the tasks of the stages concerned.

        With ``card_ids`` (an incremental import) only the stages those
        cards are in are ranked again: a card that left a stage leaves a gap
        there, not a disorder, and a board of thousands of cards is not
        read whole for a change to one.
        """
        self._rank_stages(binding)
        self._rank_tasks(binding, card_ids)

    def _rank_stages(self, binding):
        """The board's lists, archived ones too: a restored list keeps its rank."""
        lists = (
            self.env["trello.project.task.type"]
            .with_context(active_test=False)
            .search(
                [("project_binding_id", "=", binding.id)],
                order="trello_pos, external_id",
            )
        )
        self._write_ranks(lists, [lists])

    def _rank_tasks(self, binding, card_ids):
        """Tasks ranked within their stage, as cards are within their list."""
        Cards = self.env["trello.project.task"].with_context(active_test=False)
        domain = [("project_binding_id", "=", binding.id)]
        if card_ids is not None:
            changed = Cards.search(domain + [("external_id", "in", list(card_ids))])
            domain.append(("stage_id", "in", changed.stage_id.ids))
        cards = Cards.search(domain, order="trello_pos, external_id")
        by_stage = defaultdict(list)
        for card in cards:
            by_stage[card.stage_id.id].append(card)
        self._write_ranks(cards, by_stage.values())

    def rank_checkitems(self, card_binding, checklists):
        """Rank a card's sub-tasks as its checklists show them.

        Odoo lists sub-tasks by ``sequence`` (then deadline, then newest
        first): without a rank, a fresh read shows the last item created
        first. The order is Trello's: the checklist's ``pos``, then the
        item's, equal positions by id. ``checklists`` is the card's
        ``checklists`` as Trello sent it with the card.
        """
        order = [
            item["id"]
            for checklist in sorted(checklists, key=self._pos_key)
            for item in sorted(checklist.get("checkItems") or [], key=self._pos_key)
        ]
        items = (
            self.env["trello.checkitem"]
            .with_context(active_test=False)
            .search(
                [
                    ("card_binding_id", "=", card_binding.id),
                    ("external_id", "in", order),
                ]
            )
        )
        by_id = {item.external_id: item for item in items}
        ranked = [by_id[external_id] for external_id in order if external_id in by_id]
        self._write_ranks(items, [ranked])

    @staticmethod
    def _pos_key(trello_object):
        """Trello's order: by ``pos`` (a number), then by id (creation)."""
        return (float(trello_object.get("pos") or 0), trello_object.get("id") or "")

    def _write_ranks(self, bindings, groups):
        """Write each binding's rank in its group, one write per rank.

        Grouping by rank costs as many writes as the longest list has cards,
        instead of one write per card.
        """
        bindings = bindings.with_context(**self._connector_context())
        to_write = defaultdict(list)
        for group in groups:
            for rank, record in enumerate(group, start=1):
                if record.sequence != rank:
                    to_write[rank].append(record.id)
        for rank, ids in to_write.items():
            bindings.browse(ids).write({"sequence": rank})

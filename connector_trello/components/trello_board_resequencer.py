# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.addons.component.core import Component

from .. import usage


class TrelloBoardResequencer(Component):
    """Stages and tasks follow Trello's ``pos`` (a double, not an index).

    Odoo orders by an integer ``sequence``: it becomes the rank by ``pos``
    (stages within the board, tasks within their list), written only where
    it changed and in one write per rank. Equal positions (a card moved to
    another list keeps its ``pos``) are ordered by Trello id, that is by
    creation.
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
        # Only the two fields ranked: the whole tasks of a large board would
        # fill the cache (memory growing with the board).
        cards = Cards.search_fetch(
            domain, ["stage_id", "sequence"], order="trello_pos, external_id"
        )
        by_stage = defaultdict(list)
        for card in cards:
            by_stage[card.stage_id.id].append(card)
        self._write_ranks(cards, by_stage.values())

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
            bindings.browse(ids)._write_grouped({"sequence": rank})

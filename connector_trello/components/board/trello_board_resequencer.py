# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo.tools import SQL

from odoo.addons.component.core import Component

from ... import usage
from ...sparse_sequence import sparse_sequences


class TrelloBoardResequencer(Component):
    """Stages and tasks follow Trello's ``pos`` (a double, not an index).

    Odoo orders by an integer ``sequence``; it follows the order of ``pos``
    (stages within the board, tasks within their list) with sparse numbers
    (:mod:`..sparse_sequence`): the objects already in order keep theirs, a
    moved or inserted one gets a number between its neighbours', so a move
    or an insert writes one row, not every row below it. A list is
    renumbered whole only when it has no room left (``tools/
    benchmark_sequence.py`` measures how often). Equal positions (a card
    moved to another list keeps its ``pos``) are ordered by Trello id, that
    is by creation.
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
        self._write_ranks(lists)

    def _rank_tasks(self, binding, card_ids):
        """Tasks ranked within their stage, as cards are within their list.

        Read by one query, not through the ORM: the ids, stages and ranks of
        a board of 10,000 cards are short tuples, where the records would
        fill the cache (memory growing with the board).
        """
        self.env["trello.project.task"].flush_model(
            ["project_binding_id", "odoo_id", "trello_pos", "external_id"]
        )
        self.env["project.task"].flush_model(["stage_id", "sequence"])
        only = SQL()
        if card_ids is not None:
            only = SQL(
                """AND task.stage_id IN (
                    SELECT changed_task.stage_id
                      FROM trello_project_task changed
                      JOIN project_task changed_task
                        ON changed_task.id = changed.odoo_id
                     WHERE changed.project_binding_id = %s
                       AND changed.external_id IN %s)""",
                binding.id,
                tuple(card_ids) or (None,),
            )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT task.id, task.stage_id, task.sequence
                  FROM trello_project_task card
                  JOIN project_task task ON task.id = card.odoo_id
                 WHERE card.project_binding_id = %s %s
                 ORDER BY card.trello_pos, card.external_id
                """,
                binding.id,
                only,
            )
        )
        by_stage = defaultdict(list)
        for task_id, stage_id, sequence in rows:
            by_stage[stage_id].append((task_id, sequence))
        ranks = {}
        for tasks in by_stage.values():
            ranks.update(self._numbers(tasks))
        self._store_task_ranks(ranks)

    @staticmethod
    def _numbers(ordered):
        """``{id: new sequence}`` for ``(id, sequence)`` pairs in the wanted
        order: only the ones to write (see :mod:`..sparse_sequence`)."""
        changes, _rebalanced = sparse_sequences([seq for __, seq in ordered])
        return {ordered[index][0]: number for index, number in changes.items()}

    def _store_task_ranks(self, ranks):
        """Store ``{task id: rank}`` by a few UPDATE statements.

        ``write()`` runs project.task's write logic (stages, followers,
        portal checks, events) for what is only a display order; one write
        per rank is still one per card of the longest list: 1,667 writes,
        about 10 seconds, for 10,000 cards in six lists. The ORM's low-level
        writer (``_write_multi``, the one its flush uses) updates the column
        with ``write_date`` and ``write_uid`` by batches; the cache then
        forgets the old ranks and whatever depends on them is recomputed.
        The connector's own change: nothing is exported back.
        """
        if not ranks:
            return
        tasks = self.env["project.task"].browse(list(ranks))
        tasks._write_multi([{"sequence": ranks[task_id]} for task_id in tasks.ids])
        tasks.invalidate_recordset(["sequence"])
        tasks.modified(["sequence"])

    def _write_ranks(self, bindings):
        """Write the bindings' numbers in their order, one write per number.

        Sparse numbers: a list moved on the board writes its stage alone.
        """
        numbers = self._numbers([(record.id, record.sequence) for record in bindings])
        to_write = defaultdict(list)
        for record_id, number in numbers.items():
            to_write[number].append(record_id)
        bindings = bindings.with_context(**self._connector_context())
        for number, ids in to_write.items():
            bindings.browse(ids)._write_grouped({"sequence": number})

# Copyright 2026 connector_trello developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sparse integer sequences that follow an order with few writes.

Odoo orders stages and tasks by an integer ``sequence``; Trello orders lists
and cards by ``pos``, a double. Ranking 1, 2, 3... by ``pos`` rewrites every
object below one that moved or was inserted. Here the objects that are
already in order keep their number: the longest run of numbers already
increasing in the wanted order stays, and the others get a number in the
gap between their kept neighbours. Numbers are spread ``STEP`` apart, so a
gap holds many moves. A full gap is widened over its neighbours until the
moved objects and those neighbours fit (a local rebalance of a few rows);
a list is renumbered whole (rebalanced) only when that fails, or when fewer
than half its objects are in order (a first import, where every number is
a default).

No Odoo import: the benchmark (``tools/benchmark_sequence.py``) and its
tests run it as is.
"""

from bisect import bisect_left

#: The distance between two numbers after a rebalance.
STEP = 1 << 16
#: The least distance between two numbers after a local rebalance.
ROOM = 64
#: PostgreSQL's ``integer`` (Odoo's ``fields.Integer``).
LOWEST = -(2**31) + 1
HIGHEST = 2**31 - 1


def _kept(values):
    """Indexes of a longest strictly increasing subsequence of ``values``.

    ``None`` (no number yet) is never kept. O(n log n) (patience sorting).
    """
    tails = []  # tails[k]: value ending the best run of length k + 1
    tail_index = []
    previous = [None] * len(values)
    for index, value in enumerate(values):
        if value is None:
            continue
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[k] = value
            tail_index[k] = index
        previous[index] = tail_index[k - 1] if k else None
    kept = []
    index = tail_index[-1] if tail_index else None
    while index is not None:
        kept.append(index)
        index = previous[index]
    kept.reverse()
    return kept


def _fill(low, high, count, step, room=1):
    """``count`` increasing integers strictly between ``low`` and ``high``
    (``None``: no bound), ``room`` apart at least, or None when they do not
    fit."""
    if not count:
        return []
    if low is None and high is None:
        values = [step * (i + 1) for i in range(count)]
    elif high is None:
        values = [low + step * (i + 1) for i in range(count)]
    elif low is None:
        values = [high - step * (count - i) for i in range(count)]
    else:
        if (high - low) // (count + 1) < room:
            return None
        values = [low + (high - low) * (i + 1) // (count + 1) for i in range(count)]
    if values and (values[0] < LOWEST or values[-1] > HIGHEST):
        return None
    return values


def _placed(values, kept, step):
    """Numbers for the objects not kept, or None when a rebalance is due.

    Each run of objects between two kept neighbours takes numbers in their
    gap. A full gap is widened over the kept neighbours, one at a time on
    alternate sides, until the run and the neighbours taken in fit ``ROOM``
    apart (an end of the list always has room): a local rebalance, of a few
    rows, that leaves room for the next moves to the same place.
    """
    count = len(values)
    bounds = [-1] + kept + [count]
    changes = {}
    first = 0
    while first < len(bounds) - 1:
        last, room, upward = first + 1, 1, True
        while True:
            left, right = bounds[first], bounds[last]
            low = values[left] if left >= 0 else None
            high = values[right] if right < count else None
            numbers = _fill(low, high, right - left - 1, step, room)
            if numbers is not None:
                break
            if first == 0 and last == len(bounds) - 1:
                return None
            room = ROOM
            if (upward and first > 0) or last == len(bounds) - 1:
                first -= 1
            else:
                last += 1
            upward = not upward
        for index, number in zip(range(left + 1, right), numbers, strict=True):
            if values[index] != number:
                changes[index] = number
        first = last
    return changes


def numbered(values, step=STEP):
    """The number each object of ``values`` (in the wanted order) ends with:
    its own when kept, else its new one."""
    changes, _rebalanced = sparse_sequences(values, step)
    return [changes.get(index, value) for index, value in enumerate(values)]


def from_pos(pos):
    """The first number of an object Trello placed at ``pos``.

    Trello spreads positions 16,384 or 65,535 apart: their integer part is
    already a sparse number in the right order, which the board's next
    ranking keeps (a first import writes no second time). Equal integer
    parts (positions halved many times) are told apart by that ranking.
    """
    try:
        number = int(float(pos or 0))
    except (TypeError, ValueError, OverflowError):
        return 0
    return max(LOWEST, min(HIGHEST, number))


def rebalanced(count, step=STEP):
    """The numbers of ``count`` objects spread evenly: ``step``, ``2 step``..."""
    step = max(1, min(step, HIGHEST // (count + 1)))
    return [step * (i + 1) for i in range(count)]


def sparse_sequences(values, step=STEP):
    """New numbers for objects in the wanted order, and whether all moved.

    ``values`` are the objects' current numbers (``None`` when unset) in
    the wanted order. Returns ``(changes, rebalanced)``: ``changes`` maps an
    index of ``values`` to its new number (only the objects to write), and
    ``rebalanced`` says whether the list was renumbered as a whole. The
    numbers end strictly increasing: Odoo orders equal ones by other fields
    (a task's deadline, then the newest first), not by Trello's order.
    """
    count = len(values)
    kept = _kept(values)
    if 2 * len(kept) >= count:
        changes = _placed(values, kept, step)
        if changes is not None:
            return changes, False
    numbers = rebalanced(count, step)
    changes = {
        index: number
        for index, (value, number) in enumerate(zip(values, numbers, strict=True))
        if value != number
    }
    return changes, True

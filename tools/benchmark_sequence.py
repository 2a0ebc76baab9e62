#!/usr/bin/env python3
"""Rows an import writes to keep Odoo's ``sequence`` in Trello's order.

Usage::

    python3 tools/benchmark_sequence.py                # 300 cards, 3,000 changes
    python3 tools/benchmark_sequence.py --cards 1000 --moves 50000 --seed 7

Odoo-free: it runs ``connector_trello/sparse_sequence.py`` (what the board
resequencer runs) on a list of ``--cards`` cards, then applies ``--moves``
random changes one import at a time, as Trello makes them: a card moved to a
random place (3 in 4) or a new card inserted at a random place (1 in 4);
with ``--same-place`` always in the middle of the list.
Each change is imported alone: the worst case for the sparse numbers, whose
gaps fill one move at a time. It prints, for the sparse numbers and for the
dense ranks (1, 2, 3... as the resequencer wrote before), the rows written
per change (mean and max) and the rebalances (a list renumbered whole).
"""

import argparse
import importlib.util
import random
import statistics
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location(
    "sparse_sequence",
    Path(__file__).resolve().parent.parent / "connector_trello" / "sparse_sequence.py",
)
sparse_sequence = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(sparse_sequence)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--moves", type=int, default=3000)
    parser.add_argument(
        "--same-place",
        action="store_true",
        help="every change lands in the middle of the list (the gap halves each time)",
    )
    parser.add_argument("--seed", type=int, default=17)
    return parser.parse_args(argv)


def run(cards, moves, seed, same_place=False):
    """Simulate; return ``{"sparse": figures, "dense": figures}``."""
    rng = random.Random(seed)
    order = list(range(cards))  # card ids in Trello's order
    sparse = dict(zip(order, sparse_sequence.rebalanced(cards), strict=True))
    dense = {card: rank for rank, card in enumerate(order, start=1)}
    written = {"sparse": [], "dense": []}
    rebalances = 0
    next_id = cards
    for _move in range(moves):
        if rng.random() < 0.25:
            card, next_id = next_id, next_id + 1
        else:
            card = order.pop(rng.randrange(len(order)))
        place = len(order) // 2 if same_place else rng.randrange(len(order) + 1)
        order.insert(place, card)
        changes, whole = sparse_sequence.sparse_sequences(
            [sparse.get(c) for c in order]
        )
        rebalances += whole
        for index, number in changes.items():
            sparse[order[index]] = number
        written["sparse"].append(len(changes))
        ranks = {c: rank for rank, c in enumerate(order, start=1)}
        written["dense"].append(sum(dense.get(c) != r for c, r in ranks.items()))
        dense = ranks
        assert [sparse[c] for c in order] == sorted(sparse[c] for c in order)
    return {
        name: {
            "mean": statistics.mean(rows),
            "max": max(rows),
            "rebalances": rebalances if name == "sparse" else moves,
        }
        for name, rows in written.items()
    }


def main(argv=None):
    args = parse_args(argv)
    figures = run(args.cards, args.moves, args.seed, args.same_place)
    where = "in the middle" if args.same_place else "at random"
    print(
        f"{args.moves} changes ({where}), each imported alone, "
        f"on {args.cards} cards:"
    )
    for name, row in figures.items():
        print(
            f"  {name:6}: {row['mean']:.2f} rows written per change (max "
            f"{row['max']}), {row['rebalances']} rebalances"
        )
    return figures


if __name__ == "__main__":
    main()

"""The sparse numbers of connector_trello/sparse_sequence.py, Odoo-free."""

import random

import benchmark_sequence

sparse = benchmark_sequence.sparse_sequence


def apply(values):
    changes, rebalanced = sparse.sparse_sequences(values)
    return [changes.get(i, v) for i, v in enumerate(values)], changes, rebalanced


def test_numbers_end_strictly_increasing_and_in_range():
    rng = random.Random(3)
    for _case in range(500):
        values = [
            rng.choice([None, 10, 0, rng.randint(-(2**31) + 1, 2**31 - 1)])
            for _ in range(rng.randint(0, 40))
        ]
        numbers, _changes, _rebalanced = apply(values)
        assert numbers == sorted(set(numbers))
        assert all(sparse.LOWEST <= n <= sparse.HIGHEST for n in numbers)


def test_a_move_or_an_insert_writes_one_row():
    values = sparse.rebalanced(300)
    moved = values[:]
    moved.insert(3, moved.pop(200))
    assert list(apply(moved)[1]) == [3]
    inserted = values[:150] + [None] + values[150:]
    assert list(apply(inserted)[1]) == [150]
    assert apply(values)[1] == {}, "in order: nothing to write"


def test_a_full_gap_is_widened_not_renumbered():
    numbers, changes, rebalanced = apply([1, 2, None, 3, 4 + 2**16, 5 + 2**17])
    assert not rebalanced
    assert numbers == sorted(set(numbers))
    assert len(changes) < 6


def test_pos_gives_the_first_numbers():
    assert sparse.from_pos(16384.75) == 16384
    assert sparse.from_pos(1e20) == sparse.HIGHEST
    assert sparse.from_pos(None) == 0


def test_the_benchmark_prints_its_figures(capsys):
    figures = benchmark_sequence.main(["--cards", "50", "--moves", "200"])
    assert figures["sparse"]["max"] <= 2
    assert figures["sparse"]["rebalances"] == 0
    assert figures["dense"]["mean"] > 10 * figures["sparse"]["mean"]
    assert "rows written per change" in capsys.readouterr().out

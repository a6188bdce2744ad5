"""Kleinberg burst detection: exact against brute force, and sensible on plain series."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from explorer.core.trends import Burst, burst_states, bursts

# --- An independent statement of the model, for the brute-force checker -----------------------


def _rates(relevant: list[int], total: list[int], s: float) -> tuple[float, float] | None:
    if sum(total) == 0 or sum(relevant) == 0:
        return None
    p0 = sum(relevant) / sum(total)
    return p0, min(s * p0, 0.9999)


def _period_cost(r: int, d: int, p: float) -> float:
    """-log(C(d, r) * p**r * (1 - p)**(d - r)), written directly (0 for an empty period)."""
    if d == 0:
        return 0.0
    likelihood = math.comb(d, r) * p**r * (1.0 - p) ** (d - r)
    return math.inf if likelihood == 0.0 else -math.log(likelihood)


def _path_cost(
    states: tuple[int, ...], relevant: list[int], total: list[int], s: float, gamma: float
) -> float:
    rates = _rates(relevant, total, s)
    assert rates is not None
    tau = gamma * math.log(len(states))
    cost = 0.0
    previous = 0
    for q, r, d in zip(states, relevant, total, strict=True):
        if previous == 0 and q == 1:
            cost += tau
        cost += _period_cost(r, d, rates[q])
        previous = q
    return cost


def _brute_force(
    relevant: list[int], total: list[int], s: float, gamma: float
) -> list[tuple[float, tuple[int, ...]]]:
    """Every 0/1 sequence with its total cost, cheapest first."""
    paths = itertools.product((0, 1), repeat=len(relevant))
    return sorted((_path_cost(p, relevant, total, s, gamma), p) for p in paths)


def _random_series(rng: random.Random) -> tuple[list[int], list[int], float, float]:
    n = rng.randint(1, 10)
    total = [
        rng.choice([0, rng.randint(1, 30)]) if rng.random() < 0.15 else rng.randint(1, 30)
        for _ in range(n)
    ]
    relevant = []
    for d in total:
        roll = rng.random()
        if roll < 0.1:
            relevant.append(d)
        elif roll < 0.2:
            relevant.append(0)
        else:
            relevant.append(rng.randint(0, d))
    s = rng.choice([1.5, 2.0, 3.0, rng.uniform(1.01, 6.0)])
    gamma = rng.choice([0.0, 0.5, 1.0, 2.0, rng.uniform(0.0, 3.0)])
    return relevant, total, s, gamma


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# --- Exactness --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_viterbi_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    unique_seen = 0
    for _ in range(25):
        relevant, total, s, gamma = _random_series(rng)
        states = burst_states(relevant, total, s, gamma)
        assert len(states) == len(relevant) and set(states) <= {0, 1}
        if _rates(relevant, total, s) is None:
            assert states == [0] * len(relevant)
            assert bursts(relevant, total, s, gamma) == []
            continue
        ranked = _brute_force(relevant, total, s, gamma)
        best_cost, best_path = ranked[0]
        assert _close(_path_cost(tuple(states), relevant, total, s, gamma), best_cost), (
            relevant,
            total,
            s,
            gamma,
        )
        if len(ranked) == 1 or ranked[1][0] - best_cost > 1e-7:
            unique_seen += 1
            assert tuple(states) == best_path, (relevant, total, s, gamma)
    assert unique_seen > 0


@pytest.mark.parametrize("seed", range(6))
def test_bursts_are_the_runs_of_state_one_with_their_weights(seed: int) -> None:
    rng = random.Random(1000 + seed)
    for _ in range(25):
        relevant, total, s, gamma = _random_series(rng)
        states = burst_states(relevant, total, s, gamma)
        found = bursts(relevant, total, s, gamma)
        ones = [t for t, q in enumerate(states) if q == 1]
        assert [t for b in found for t in range(b.start, b.end + 1)] == ones
        for before, after in itertools.pairwise(found):
            assert before.end + 1 < after.start  # maximal: runs never touch
        rates = _rates(relevant, total, s)
        tau = gamma * math.log(len(relevant))
        for b in found:
            assert rates is not None
            expected = sum(
                _period_cost(relevant[t], total[t], rates[0])
                - _period_cost(relevant[t], total[t], rates[1])
                for t in range(b.start, b.end + 1)
            )
            assert math.isclose(b.weight, max(0.0, expected), rel_tol=1e-9, abs_tol=1e-9)
            # An optimal burst must repay its entering cost.
            assert b.weight >= 0.0 and b.weight >= tau - 1e-9


# --- Behaviour on plain series ---------------------------------------------------------------


def test_clear_burst_in_the_middle_of_a_flat_series() -> None:
    total = [100] * 20
    relevant = [5] * 20
    relevant[8:12] = [30] * 4
    found = bursts(relevant, total)
    assert len(found) == 1
    (burst,) = found
    assert (burst.start, burst.end) == (8, 11)
    assert burst.weight > 0
    assert burst_states(relevant, total) == [0] * 8 + [1] * 4 + [0] * 8


def test_clear_burst_spans_an_empty_period_inside_it() -> None:
    total = [100] * 20
    relevant = [5] * 20
    relevant[8:13] = [30, 30, 0, 30, 30]
    total[10] = 0
    assert [(b.start, b.end) for b in bursts(relevant, total)] == [(8, 12)]


def test_flat_series_has_no_burst() -> None:
    assert bursts([10] * 30, [100] * 30) == []
    assert burst_states([10] * 30, [100] * 30) == [0] * 30


def test_all_zero_relevant_has_no_burst() -> None:
    assert bursts([0] * 15, [50] * 15) == []
    assert burst_states([0] * 15, [50] * 15, s=5.0, gamma=0.0) == [0] * 15


def test_all_empty_periods_and_everything_relevant_have_no_burst() -> None:
    assert bursts([0, 0, 0], [0, 0, 0]) == []
    assert bursts([7, 7, 7], [7, 7, 7], gamma=0.0) == []


def test_empty_input() -> None:
    assert burst_states([], []) == []
    assert bursts([], []) == []


def test_ties_prefer_the_base_state() -> None:
    # With gamma = 0 an empty period costs nothing either way; the base state wins the tie.
    relevant = [5, 30, 0, 30, 5]
    total = [100, 100, 0, 100, 100]
    assert burst_states(relevant, total, gamma=0.0) == [0, 1, 0, 1, 0]


def test_burst_is_a_frozen_value() -> None:
    burst = Burst(1, 3, 2.5)
    assert burst == Burst(1, 3, 2.5)
    with pytest.raises(AttributeError):
        burst.start = 2  # type: ignore[misc]


@pytest.mark.parametrize("seed", range(8))
def test_larger_gamma_never_gives_more_bursts(seed: int) -> None:
    rng = random.Random(2000 + seed)
    gammas = [0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0]
    for _ in range(10):
        n = rng.randint(5, 60)
        total = [rng.randint(0, 80) for _ in range(n)]
        relevant = [rng.randint(0, d // rng.choice([1, 2, 4, 8])) for d in total]
        s = rng.choice([1.5, 2.0, 3.0])
        counts = [len(bursts(relevant, total, s, g)) for g in gammas]
        assert counts == sorted(counts, reverse=True), (relevant, total, s, counts)


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relevant", "total", "s", "gamma"),
    [
        ([1, 2], [3], 2.0, 1.0),  # unequal lengths
        ([4], [3], 2.0, 1.0),  # relevant > total
        ([-1], [3], 2.0, 1.0),  # negative relevant
        ([0], [-3], 2.0, 1.0),  # negative total
        ([1.5], [3], 2.0, 1.0),  # not an integer
        ([1], [3.0], 2.0, 1.0),  # not an integer
        ([True], [3], 2.0, 1.0),  # a bool is not a count
        (["1"], [3], 2.0, 1.0),  # a string is not a count
        ([1], [3], 1.0, 1.0),  # s must exceed 1
        ([1], [3], 0.5, 1.0),
        ([1], [3], math.nan, 1.0),
        ([1], [3], 2.0, -0.1),  # gamma must be >= 0
        ([1], [3], 2.0, math.nan),
        ([1], [3], 2.0, math.inf),
        ([], [], 1.0, 1.0),  # parameters are checked even on empty input
    ],
)
def test_bad_input_raises_value_error(
    relevant: list[object], total: list[object], s: float, gamma: float
) -> None:
    with pytest.raises(ValueError):
        burst_states(relevant, total, s, gamma)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        bursts(relevant, total, s, gamma)  # type: ignore[arg-type]

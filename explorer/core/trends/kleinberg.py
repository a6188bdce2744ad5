"""Kleinberg's two-state burst detection for batched arrivals.

The series is a run of periods; in period ``t`` there are ``d_t`` documents, of which ``r_t``
are relevant (say, mention a concept). A hidden automaton is in one of two states per period:

- state 0, the base state, emits relevant documents at the overall rate
  ``p0 = sum(r) / sum(d)``;
- state 1, the burst state, emits them at the raised rate ``p1 = min(s * p0, 0.9999)``.

Being in state ``q`` at period ``t`` costs the binomial negative log-likelihood
``sigma(q, t) = -log(C(d_t, r_t) * p_q**r_t * (1 - p_q)**(d_t - r_t))`` (a period with no
documents costs 0 in both states). Moving up from state 0 to state 1 costs
``tau = gamma * log(n)``, ``n`` being the number of periods; moving down or staying costs
nothing. The automaton starts in state 0, so being in state 1 at the first period already pays
``tau``.

:func:`burst_states` finds the state sequence of least total cost exactly (Viterbi);
:func:`bursts` reports its maximal runs of state 1, each weighted by how much cheaper the burst
state made its periods: ``sum(sigma(0, t) - sigma(1, t))``. A larger ``s`` asks for a sharper
rise before a period counts as bursty; a larger ``gamma`` makes bursts rarer and longer-lived.

Reference: J. Kleinberg, "Bursty and Hierarchical Structure in Streams", KDD 2002, section 3
("enumerating bursts").
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Burst", "burst_states", "bursts"]

_MAX_BURST_RATE = 0.9999


@dataclass(frozen=True)
class Burst:
    """A maximal run of periods in the burst state."""

    start: int
    """Index of the first period in the burst."""
    end: int
    """Index of the last period in the burst (inclusive)."""
    weight: float
    """Sum over the burst's periods of (cost in base state - cost in burst state), >= 0."""


def burst_states(
    relevant: Sequence[int], total: Sequence[int], s: float = 2.0, gamma: float = 1.0
) -> list[int]:
    """Exact Viterbi: the 0/1 state sequence of least total cost.

    Among sequences of equal least cost, state 0 is preferred, the later periods first (the
    backtrack takes state 0 whenever it is exactly as cheap). Raises ``ValueError`` on bad input.
    """
    rel, tot = _validate(relevant, total, s, gamma)
    costs = _costs(rel, tot, s)
    if costs is None:
        return [0] * len(rel)
    return _viterbi(costs, gamma * math.log(len(rel)))


def bursts(
    relevant: Sequence[int], total: Sequence[int], s: float = 2.0, gamma: float = 1.0
) -> list[Burst]:
    """Maximal runs of state 1, with their weights, in the order of the series."""
    rel, tot = _validate(relevant, total, s, gamma)
    costs = _costs(rel, tot, s)
    if costs is None:
        return []
    states = _viterbi(costs, gamma * math.log(len(rel)))
    found: list[Burst] = []
    t = 0
    n = len(states)
    while t < n:
        if states[t] == 0:
            t += 1
            continue
        start = t
        while t < n and states[t] == 1:
            t += 1
        weight = math.fsum(costs[i][0] - costs[i][1] for i in range(start, t))
        # An optimal run pays at least tau >= 0 to enter, so its weight is >= 0 up to rounding.
        found.append(Burst(start, t - 1, max(0.0, weight)))
    return found


def _validate(
    relevant: Sequence[int], total: Sequence[int], s: float, gamma: float
) -> tuple[list[int], list[int]]:
    if len(relevant) != len(total):
        raise ValueError(
            f"relevant and total must have the same length, got {len(relevant)} and {len(total)}."
        )
    if not _is_real(s) or math.isnan(s) or not s > 1:
        raise ValueError(f"s must be a number greater than 1, got {s!r}.")
    if not _is_real(gamma) or not math.isfinite(gamma) or gamma < 0:
        raise ValueError(f"gamma must be a finite number >= 0, got {gamma!r}.")
    rel: list[int] = []
    tot: list[int] = []
    for t, (r, d) in enumerate(zip(relevant, total, strict=True)):
        if not _is_count(r) or not _is_count(d):
            raise ValueError(
                f"period {t}: counts must be non-negative integers, got r={r!r}, d={d!r}."
            )
        if int(r) > int(d):
            raise ValueError(f"period {t}: relevant count {r} exceeds total count {d}.")
        rel.append(int(r))
        tot.append(int(d))
    return rel, tot


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _is_count(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and int(value) >= 0


def _costs(rel: list[int], tot: list[int], s: float) -> list[tuple[float, float]] | None:
    """``(sigma(0, t), sigma(1, t))`` per period, or None when no burst is possible."""
    sum_d = sum(tot)
    sum_r = sum(rel)
    if sum_d == 0 or sum_r == 0:
        return None
    p0 = sum_r / sum_d
    p1 = min(s * p0, _MAX_BURST_RATE)
    return [(_sigma(r, d, p0), _sigma(r, d, p1)) for r, d in zip(rel, tot, strict=True)]


def _sigma(r: int, d: int, p: float) -> float:
    """Binomial negative log-likelihood of r relevant out of d at rate p (inf if impossible)."""
    if d == 0:
        return 0.0
    log_likelihood = math.lgamma(d + 1) - math.lgamma(r + 1) - math.lgamma(d - r + 1)
    if r > 0:
        if p <= 0.0:
            return math.inf
        log_likelihood += r * math.log(p)
    if d - r > 0:
        if p >= 1.0:
            return math.inf
        log_likelihood += (d - r) * math.log1p(-p)
    return -log_likelihood


def _viterbi(costs: list[tuple[float, float]], tau: float) -> list[int]:
    """Least-cost 0/1 path; entering state 1 costs tau, the path starts in state 0."""
    n = len(costs)
    if n == 0:
        return []
    # back[t][q]: the state at t - 1 on the best path that is in state q at t.
    back: list[tuple[int, int]] = [(0, 0)]
    best0 = costs[0][0]
    best1 = tau + costs[0][1]
    for t in range(1, n):
        sigma0, sigma1 = costs[t]
        # Into state 0: from 0 or from 1, both free; prefer 0 on a tie.
        from0_to0, from1_to0 = best0, best1
        prev_for0 = 0 if from0_to0 <= from1_to0 else 1
        # Into state 1: enter from 0 at tau, or stay in 1 for free; prefer 0 on a tie.
        from0_to1, from1_to1 = best0 + tau, best1
        prev_for1 = 0 if from0_to1 <= from1_to1 else 1
        best0 = min(from0_to0, from1_to0) + sigma0
        best1 = min(from0_to1, from1_to1) + sigma1
        back.append((prev_for0, prev_for1))
    states = [0] * n
    state = 0 if best0 <= best1 else 1
    for t in range(n - 1, -1, -1):
        states[t] = state
        state = back[t][state]
    return states

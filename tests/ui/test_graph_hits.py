"""What counts as under the mouse: only what is drawn, the nearest rim, a few pixels of slop."""

from __future__ import annotations

import numpy as np

from explorer.ui.graph.hits import HIT_SLOP, edge_at, node_at

SCREEN = np.array([[100.0, 100.0], [130.0, 100.0], [400.0, 300.0]])
SIZES = np.array([20.0, 40.0, 10.0])
EDGES = np.array([[0, 2], [1, 2]])


def test_a_point_hits_the_drawn_node_whose_rim_is_nearest() -> None:
    every = np.ones(3, dtype=bool)
    assert node_at(SCREEN, SIZES, every, np.array([112.0, 100.0])) == 1  # inside both: rim
    assert node_at(SCREEN, SIZES, every, np.array([400.0, 305.0 + HIT_SLOP])) == 2
    assert node_at(SCREEN, SIZES, every, np.array([400.0, 306.0 + HIT_SLOP])) is None
    assert node_at(SCREEN, SIZES, np.array([True, False, True]), np.array([112.0, 100.0])) == 0


def test_a_point_hits_a_drawn_link_only() -> None:
    middle = (SCREEN[1] + SCREEN[2]) / 2
    assert edge_at(SCREEN, EDGES, np.array([True, True]), middle) == 1
    assert edge_at(SCREEN, EDGES, np.array([True, False]), middle) is None
    assert edge_at(SCREEN, EDGES, np.zeros(2, dtype=bool), middle) is None
    assert node_at(SCREEN, SIZES, np.zeros(3, dtype=bool), SCREEN[0]) is None

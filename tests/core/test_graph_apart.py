"""A big library's graph is built in a child process (the window's process only reads it
from the cache); a cancelled build leaves nothing half made; a small library's is built at
once, in process."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.core import workspace as workspace_module
from explorer.core.errors import Cancelled
from explorer.core.graph.service import GraphService
from explorer.core.workspace import Workspace


def never_here(_service: GraphService) -> None:
    raise AssertionError("the graph was built in this process")


def test_a_big_librarys_graph_is_built_in_a_child(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace_module, "APART_PASSAGES", 1)  # the sample report is "big"
    monkeypatch.setattr(GraphService, "_build", never_here)  # not in the child: it spawns
    ws = Workspace(data_dir)
    graph = ws.graph_apart()
    assert graph.find_concept("Federated learning")
    assert graph.graph.number_of_nodes() == Workspace(data_dir).graph().graph.number_of_nodes()


def test_a_cancelled_build_leaves_no_graph(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace_module, "APART_PASSAGES", 1)
    ws = Workspace(data_dir)
    with pytest.raises(Cancelled):
        ws.graph_apart(cancelled=lambda: True)
    assert not ws.graphs.cached()


def test_a_small_librarys_graph_is_built_at_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[bool] = []
    real = GraphService._build

    def here(service: GraphService) -> object:
        built.append(True)
        return real(service)

    monkeypatch.setattr(GraphService, "_build", here)
    assert Workspace(data_dir).graph_apart().find_concept("Federated learning")
    assert built == [True]

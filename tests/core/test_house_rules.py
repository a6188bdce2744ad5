"""Rules of the house that no single feature test would notice breaking."""

from __future__ import annotations

import ast
import sys

from tests.conftest import ROOT

QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "qtpy", "shiboken6")


def test_core_never_imports_qt() -> None:
    offenders = []
    for path in (ROOT / "explorer" / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in QT_MODULES]
    assert offenders == []


def test_void_qt_calls_do_not_leak_references_to_none() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a None reference per void call, then aborts."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        obj.setObjectName("probe")
    assert sys.getrefcount(None) >= before - 100


def test_opening_the_window_imports_no_search_engine_or_graph_library() -> None:
    """The window paints before whoosh or networkx are loaded (and, below the window, the
    Workspace without numpy either): the faces of the wings import them on first use
    (explorer.core._faces), never on opening."""
    import subprocess

    def loaded(module: str) -> str:
        code = (
            f"import sys; import {module}; print(sorted({{m.split('.')[0] for m in sys.modules}}"
            " & {'whoosh', 'numpy', 'networkx'}))"
        )
        return subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert loaded("explorer.core.workspace") == "[]"
    assert loaded("explorer.ui.main_window") == "['numpy']"  # pyqtgraph's own


def test_the_window_shows_before_the_core_is_imported() -> None:
    """`explorer` (or `explorer open`) reaches the window without the Workspace, the
    core's pydantic models or its file locks: the window opens its library once it is
    painted (explorer.ui.app.open_window); the other verbs still import them."""
    import subprocess

    def loaded(argv: list[str]) -> str:
        code = (
            "import sys; from explorer.cli.main import build_parser, opens_window; "
            f"build_parser(opens_window({argv!r})).parse_args({argv!r}); "
            "import explorer.ui.app; "
            "print(sorted({m for m in sys.modules} & "
            "{'pydantic', 'filelock', 'explorer.core.workspace', 'explorer.core.library'}))"
        )
        return subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    assert loaded([]) == "[]"
    assert loaded(["--data-dir", "somewhere", "open", "report.md"]) == "[]"
    assert "explorer.core.workspace" in loaded(["reports"])

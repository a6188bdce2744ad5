"""The desktop bundle's recipe (explorer.spec) and what it relies on, checked without
building it: the Qt modules it keeps are the ones the app imports; portable mode."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.core import workspace
from tests.conftest import ROOT, subprocess_env

EXERCISE = """
import sys
from pathlib import Path
from explorer.cli import main
out = Path(sys.argv[1])
for args in (
    ["snapshot", "-o", str(out / "a.png"), "--size", "900x600", "--query", "LoRA"],
    ["snapshot", "-o", str(out / "b.png"), "--view", "trends", "--tab", "tours"],
    ["notes", "add", "--target", "ai-llm-advancements-2024#2", "--text", "A note."],
    ["notes", "export", "--format", "pdf", "-o", str(out / "notes.pdf")],
    ["tour", "export", "default", "-o", str(out / "t"), "--size", "640x360",
     "--pdf", str(out / "t.pdf"), "--html", str(out / "t.html")],
):
    assert main(args) == 0, args
print("QT", *sorted(m.split(".")[1] for m in sys.modules if m.startswith("PySide6.Qt")))
"""


def spec_value(name: str) -> tuple[str, ...]:
    """A tuple of strings assigned at the top level of explorer.spec."""
    tree = ast.parse((ROOT / "explorer.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, tuple)
            return tuple(str(v) for v in value)
    raise AssertionError(f"explorer.spec assigns no {name}")


def test_the_bundle_keeps_exactly_the_qt_modules_the_app_imports(
    data_dir: Path, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", EXERCISE, str(tmp_path)],
        cwd=ROOT, env={**subprocess_env(data_dir), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    imported = set(done.stdout.splitlines()[-1].split()[1:])
    assert {"QtCore", "QtGui", "QtWidgets"} <= imported
    assert imported == set(spec_value("QT_MODULES"))


def test_the_bundle_runs_the_index_writer_child_through_freeze_support() -> None:
    entry = (ROOT / "packaging" / "bundle_main.py").read_text(encoding="utf-8")
    tree = ast.parse(entry)
    calls = [
        n.func.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ]
    assert calls.index("freeze_support") < calls.index("exit")  # before the CLI runs


def test_a_portable_bundle_keeps_its_data_beside_its_programs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EXPLORER_DATA_DIR", raising=False)
    program = tmp_path / "stick" / "trend-explorer" / "explorer"
    program.parent.mkdir(parents=True)
    program.write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(program))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    usual = workspace.default_data_dir()
    assert program.parent not in usual.parents  # no marker: the per-user folder
    (program.parent / workspace.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert workspace.default_data_dir() == program.parent / "trend-explorer-data"
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(tmp_path / "mine"))
    assert workspace.default_data_dir() == tmp_path / "mine"  # the variable still wins
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.delenv("EXPLORER_DATA_DIR")
    assert workspace.default_data_dir() == usual  # from source, the marker means nothing

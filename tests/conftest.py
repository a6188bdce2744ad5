"""Shared fixtures: offscreen Qt, no network, a fresh data folder for every test."""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SEED = ROOT / "seeds" / "ai-llm-advancements-2024.md"
NONET = Path(__file__).resolve().parent / "nonet"


def _refuse(*args: object, **kwargs: object) -> None:
    raise OSError("network access is not allowed in Trend Explorer tests")


@pytest.fixture(autouse=True, scope="session")
def no_network() -> Iterator[None]:
    """Any attempt to open a network connection fails, for the whole suite."""
    saved = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection)
    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign, assignment]
    socket.create_connection = _refuse  # type: ignore[assignment]
    yield
    socket.socket.connect, socket.socket.connect_ex, socket.create_connection = saved  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def collectable() -> Iterator[None]:
    """Graphs a test built are frozen out of the collector (core.collector); give them back."""
    yield
    gc.unfreeze()


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The umask most desktops have, for checking the mode an exported file gets."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty data folder; none touches real user data."""
    folder = tmp_path / "data"
    monkeypatch.setenv("EXPLORER_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return folder


def corpus(name: str) -> Path:
    """The documents of one shared corpus; the suite needs them."""
    docs = CORPORA / name / "docs"
    assert docs.is_dir(), f"missing corpus {docs}: the tests read ../shared/corpora"
    return docs


def subprocess_env(data_dir: Path) -> dict[str, str]:
    """Environment for a child `explorer` process: same data folder, no network."""
    env = dict(os.environ)
    env["EXPLORER_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join([str(NONET), str(ROOT)])
    env["PYTHONUNBUFFERED"] = "1"
    return env


PYTHON = sys.executable

# `explorer ARGS` in a child process that says which files under a folder it opened.
_OPENS = """
import os, sys
under = os.path.realpath(sys.argv[1])
def heard(event, args):
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        path = os.fspath(args[0])
        if path.startswith(under):
            print("OPENED " + path, file=sys.stderr)
sys.addaudithook(heard)
from explorer.cli import main
sys.exit(main(sys.argv[2:]))
"""


def opened_under(data_dir: Path, under: Path, *args: str) -> tuple[list[str], str]:
    """The files under ``under`` that `explorer ARGS` opened (to read or write), and what it
    printed; the command must succeed."""
    done = subprocess.run(
        [PYTHON, "-c", _OPENS, str(under), *args],
        cwd=ROOT,
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    opened = [
        line[len("OPENED ") :] for line in done.stderr.splitlines() if line.startswith("OPENED ")
    ]
    return opened, done.stdout


def dated_docs(folder: Path) -> Path:
    """Three short reports dated 2020, 2021 and 2022 (front matter), in ``folder/docs``:
    quantization from 2020, LoRA and fine-tuning from 2021, federated learning in 2022."""
    docs = folder / "docs"
    docs.mkdir()
    for year, body in (
        (2020, "We compressed models with quantization for edge devices."),
        (2021, "Quantization and LoRA adapters made fine-tuning cheap for everyone."),
        (2022, "LoRA adapters everywhere, and federated learning kept the data private."),
    ):
        text = f"---\ndate: {year}-05-01\n---\n# Y{year}\n\n## Body\n\n{body}\n"
        (docs / f"y{year}.md").write_text(text, encoding="utf-8")
    return docs


def copied_reports(folder: Path) -> Path:
    """A researcher's shelf with three versions of the bundled report, in ``folder/docs``:
    ``llm-2024.md`` as bundled (dated 2024-01-15), ``llm-2024-draft.md`` (2024-03-01) word
    for word the same, and ``llm-2024-final.md`` (2024-11-20), whose LoRA passage is set in
    other case, spacing, punctuation and Markdown escapes (still the same words) and whose
    privacy passage has one word changed (no longer a copy). Beside them ``otters.md``,
    which shares nothing with them."""
    docs = folder / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    lora = "Techniques such as sparsity, model distillation, low-rank adaptation (LoRA), and"
    assert lora in text and "federated learning" in text
    restyled = (
        "Techniques such as  SPARSITY, model distillation,\nlow-rank adaptation \\(LoRA\\) and"
    )
    final = text.replace(lora, restyled).replace("federated learning", "federated training")
    for name, date, body in (
        ("llm-2024", "2024-01-15", text),
        ("llm-2024-draft", "2024-03-01", text),
        ("llm-2024-final", "2024-11-20", final),
    ):
        (docs / f"{name}.md").write_text(f"---\ndate: {date}\n---\n{body}", encoding="utf-8")
    otters = "# Otters\n\n## Rivers\n\nOtters juggle pebbles in rivers, and privacy matters.\n"
    (docs / "otters.md").write_text(otters, encoding="utf-8")
    return docs

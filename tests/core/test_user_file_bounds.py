"""User files read within bounds (issue 22, item 3): a notes, tours or library file (or a
backup, or a file to import) is checked for size and list lengths before it is validated, the
check stops at the first fault, and memory stays within a small multiple of the file's size.

Each hostile file is made here and read in a child process, whose peak memory is measured."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from explorer.cli import main

NOTE = {
    "id": "note0001",
    "created": "2024-01-01T00:00:00Z",
    "updated": "2024-01-01T00:00:00Z",
    "target": {"type": "report", "report": "r"},
}
STOP = {"id": "stop0001", "title": "One"}
TOUR = {"id": "tour0001", "name": "Walk", "created": NOTE["created"], "updated": NOTE["created"]}
REPORT = {
    "id": "r",
    "title": "R",
    "path": "/r.md",
    "date": None,
    "content_hash": "0" * 64,
    "sections": 1,
    "passages": 1,
    "added": "2024-01-01T00:00:00+00:00",
}
TWO_MB = 2_000_000
MANY = 150_000  # under the 200,000 items a list may hold: these reach the validation


def made_up_keys(count: int) -> dict[str, int]:
    return {f"key{i:07d}": 1 for i in range(count)}


HOSTILE: dict[str, tuple[str, Callable[[], Any]]] = {
    "notes of the wrong type": ("notes", lambda: {"schema_version": 1, "notes": [1] * MANY}),
    "notes with no fields": ("notes", lambda: {"schema_version": 1, "notes": [{}] * MANY}),
    "a note of made-up keys": (
        "notes",
        lambda: {"schema_version": 1, "notes": [{**NOTE, **made_up_keys(MANY)}]},
    ),
    "a note with numbers for tags": (
        "notes",
        lambda: {"schema_version": 1, "notes": [{**NOTE, "tags": [1] * MANY}]},
    ),
    "a million notes": ("notes", lambda: {"schema_version": 1, "notes": [1] * 1_000_000}),
    "notes to import, of the wrong type": (
        "import",
        lambda: {"schema_version": 1, "notes": [1] * MANY},
    ),
    "annotations to import, of the wrong type": (
        "import",
        lambda: {"type": "AnnotationCollection", "first": {"items": [1] * MANY}},
    ),
    "tours of the wrong type": ("tours", lambda: {"schema_version": 1, "tours": [[]] * MANY}),
    "a tour of made-up stops": (
        "tours",
        lambda: {"schema_version": 1, "tours": [{**TOUR, "stops": [{}] * MANY}]},
    ),
    "a stop of made-up keys": (
        "tours",
        lambda: {
            "schema_version": 1,
            "tours": [{**TOUR, "stops": [{**STOP, **made_up_keys(MANY)}]}],
        },
    ),
    "reports of the wrong type": ("library", lambda: {"schema_version": 1, "reports": [1] * MANY}),
    "dates of the wrong type": (
        "library",
        lambda: {"schema_version": 1, "removed_dates": {f"/{i}.md": i for i in range(MANY)}},
    ),
    "a report of made-up keys": (
        "library",
        lambda: {"schema_version": 1, "reports": [{**REPORT, **made_up_keys(MANY)}]},
    ),
}

CHILD = """
import resource, sys
from pathlib import Path
from explorer.core.errors import ExplorerError
from explorer.core.library import parse_library
from explorer.core.notes.store import notes_in_file, parse_notes_file
from explorer.core.tours import parse_tours_file
read = {"notes": parse_notes_file, "import": notes_in_file, "tours": parse_tours_file,
        "library": parse_library}[sys.argv[1]]
raw = Path(sys.argv[2]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read(raw)
    answer = "read"
except (ValueError, ExplorerError) as exc:
    answer = str(exc)
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(grown * 1024)
print(answer)
"""


def read_in_child(kind: str, path: Path) -> tuple[int, str]:
    """The bytes of memory reading the file took on top of the file itself, and what the
    reader answered (its refusal, or "read")."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    grown, answer = done.stdout.split("\n", 1)
    return int(grown), answer.strip()


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_user_file_is_refused_at_its_first_fault_in_bounded_memory(
    tmp_path: Path, case: str
) -> None:
    kind, payload = HOSTILE[case]
    raw = json.dumps(payload(), separators=(",", ":")).encode("utf-8")
    raw += b" " * max(0, TWO_MB - len(raw))  # each case weighs at least 2 MB
    path = tmp_path / "hostile.json"
    path.write_bytes(raw)
    grown, answer = read_in_child(kind, path)
    assert answer != "read"
    assert len(answer.splitlines()) == 1 and len(answer) < 300, answer  # the first fault only
    assert grown <= 50 * len(raw) and grown <= 500_000_000, f"{case}: {grown / 1e6:.0f} MB"


def test_a_huge_library_backup_is_refused_in_one_line_without_reading_it_whole(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "library-backup.json"
    with backup.open("wb") as handle:  # 120 MB, sparse: nothing to write, much to read
        handle.truncate(120_000_000)
    assert main(["library", "recover", "--backup", str(backup)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: ") and len(err.splitlines()) == 1, err
    assert "MB" in err and "library-backup.json" in err
    assert main(["reports"]) == 0  # the library is as it was


def test_notes_to_import_that_are_too_many_are_refused_before_validation(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    many = tmp_path / "many.json"
    many.write_text(json.dumps({"schema_version": 1, "notes": [NOTE] * 250_000}))
    assert main(["notes", "import", str(many)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "250,000 items" in err and "200,000" in err, err
    assert main(["notes", "list"]) == 0


@pytest.mark.parametrize("kind", ["notes", "import", "tours"])
def test_a_long_wrong_value_is_not_quoted_whole(kind: str) -> None:
    """pydantic quotes a wrong tag whole ("Input tag '[…]' found using 'type'…")."""
    from explorer.core.errors import ExplorerError
    from explorer.core.notes.store import notes_in_file, parse_notes_file
    from explorer.core.tours import parse_tours_file

    if kind == "tours":
        payload: Any = {"schema_version": 1, "tours": [{**TOUR, "stops": [["x"] * 5_000]}]}
        read: Callable[[bytes], object] = parse_tours_file
    else:
        tag = {**NOTE, "target": {"type": ["passage"] * 5_000}}
        payload = {"schema_version": 1, "notes": [tag]}
        read = parse_notes_file if kind == "notes" else notes_in_file
    with pytest.raises((ValueError, ExplorerError)) as refused:
        read(json.dumps(payload).encode("utf-8"))
    assert len(str(refused.value)) < 400 and "\n" not in str(refused.value), str(refused.value)

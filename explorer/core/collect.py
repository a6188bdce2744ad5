"""Which files an ``add`` reads: the files given, and the report files in the folders
given and their subfolders, with a sentence for each path that cannot be read; and the
summary an ``add`` returns."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from explorer.core.kinds import REPORT_SUFFIXES, report_suffix_list
from explorer.core.reports import Report, ReportEntry


@dataclass
class AddSummary:
    """What one ``add`` did, file by file."""

    added: list[ReportEntry] = field(default_factory=list)
    updated: list[ReportEntry] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    parsed: dict[str, Report] = field(default_factory=dict, repr=False)
    reanchored: int = 0
    orphaned: int = 0
    warnings: list[str] = field(default_factory=list)
    """Things to tell the user about files that were added all the same (an impossible date)."""
    sample_left: ReportEntry | None = None
    """The sample report, as it came, that left the library for the user's first reports."""


def shown(path: Path) -> str:
    """A path as it can be printed: a name that is not UTF-8 gets "�" for its odd bytes."""
    return os.fsencode(path).decode("utf-8", "replace")


def _utf8_named(path: Path, summary: AddSummary) -> bool:
    """Whether the path can be kept in the library (a JSON file); if not, it is named."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        name = _shortened(path)
        summary.failed.append(
            (name, f"{name}: its name is not UTF-8 text; rename it and add it again.")
        )
        return False
    return True


def _shortened(path: Path, most: int = 120) -> str:
    """A path short enough for a message: its start and its end around an ellipsis."""
    text = shown(path)
    return text if len(text) <= most else f"{text[: most // 2]}…{text[-most // 2 :]}"


def _report_files(folder: Path, summary: AddSummary) -> Iterator[Path]:
    """The report files in a folder and its subfolders; one that cannot be read is named in
    the summary, never skipped without a word."""

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        why = exc.strerror or type(exc).__name__
        summary.failed.append(
            (
                shown(where),
                f"{_shortened(where)}: cannot be read ({why}); its reports were skipped.",
            )
        )

    for root, _folders, files in os.walk(folder, onerror=unreadable):
        for name in files:
            path = Path(root) / name
            is_report = path.suffix.lower() in REPORT_SUFFIXES and path.is_file()
            if is_report and _utf8_named(path, summary):
                yield path


def collect_files(paths: Sequence[Path], summary: AddSummary) -> Iterator[Path]:
    """Files as given, and report files found recursively in folders, in a stable order."""
    for path in paths:
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a name too long for the system: this path, not the rest
            why = (
                "the path is too long for this system"
                if exc.errno == errno.ENAMETOOLONG
                else (exc.strerror or type(exc).__name__)
            )
            summary.failed.append((shown(path), f"{_shortened(path)}: {why}; skipped."))
            continue
        if is_dir:
            found = sorted(_report_files(path, summary))
            if not found:
                name = _shortened(path)
                summary.failed.append((name, f"{name}: has no {report_suffix_list()} files."))
            yield from found
        elif exists:
            if _utf8_named(path, summary):
                yield path
        else:
            name = _shortened(path)
            summary.failed.append((name, f"{name}: no such file or folder."))

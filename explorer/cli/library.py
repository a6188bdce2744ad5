"""The library verbs: add, reports, show, remove, library recover."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.cli.output import EXIT_INPUT, say, say_json, terminal_safe, warn
from explorer.core.collect import AddSummary
from explorer.core.errors import ExplorerError
from explorer.core.kinds import report_suffix_list
from explorer.core.search import near_copy_words
from explorer.core.wording import many
from explorer.core.workspace import Workspace

if TYPE_CHECKING:
    from explorer.core.reports import Report


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    add = verbs.add_parser("add", help=f"add report files or folders ({report_suffix_list()})")
    add.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    add.add_argument(
        "--sample",
        action="store_true",
        help="also the sample report, which leaves an untouched library for your first reports",
    )
    add.add_argument(
        "--max-mb",
        type=_megabytes,
        default=50.0,
        help="refuse files larger than this (default 50)",
    )
    reports = verbs.add_parser("reports", help="list the reports in the library")
    reports.add_argument("--json", action="store_true", help="print JSON")
    reports.add_argument(
        "--outline", action="store_true", help="with each report's sections (level, parent)"
    )
    show = verbs.add_parser("show", help="print one section's text, e.g. my-report#2")
    show.add_argument("section_id", metavar="SECTION_ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    remove = verbs.add_parser("remove", help="remove a report from the library")
    remove.add_argument("report_id", metavar="REPORT_ID")
    library = verbs.add_parser("library", help="the library file: recover it from a backup")
    library_verbs = library.add_subparsers(dest="library_verb", metavar="ACTION", required=True)
    recover = library_verbs.add_parser("recover", help="make a backup the library file again")
    recover.add_argument("--backup", type=Path, metavar="FILE", help="default: newest good one")


def _megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of megabytes") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of megabytes")
    return number


def _add(workspace: Workspace, args: argparse.Namespace) -> int:
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, what: str) -> None:
        if tty:
            name = terminal_safe(Path(what).name[:60], one_line=True)
            print(f"\r[{done}/{total}] {name:<60}", end="", file=sys.stderr)
        elif total >= 20 and (done == total or done % 50 == 0):
            print(f"[{done}/{total}] {terminal_safe(what, one_line=True)}", file=sys.stderr)

    if not args.paths and not args.sample:
        raise ExplorerError(
            "add needs report files or folders, or --sample for the sample report "
            "(see `explorer --help`)."
        )
    summary = workspace.add(args.paths, progress=progress, sample=args.sample).value
    if tty:
        print(file=sys.stderr)
    for _path, message in summary.failed:
        warn(message)
    for message in summary.warnings:
        warn(message)
    say(_summary_line(summary))
    if summary.sample_left is not None:
        say(SAMPLE_LEFT)
    return EXIT_INPUT if summary.failed else 0


SAMPLE_LEFT = "The sample report left the library; `explorer add --sample` brings it back."


def _summary_line(summary: AddSummary) -> str:
    passages = sum(e.passages for e in summary.added + summary.updated)
    return (
        f"Added {many(len(summary.added), 'report')}, updated {len(summary.updated)} "
        f"({passages:,} passages); {len(summary.unchanged)} unchanged, "
        f"{len(summary.failed)} failed."
    )


def _reports(workspace: Workspace, args: argparse.Namespace) -> int:
    dates, missing = workspace.dates(), workspace.missing()
    near = workspace.near_copies()
    rows: list[dict[str, Any]] = [
        {
            "id": e.id,
            "title": e.title,
            "path": e.path,
            "date": dates.get(e.id, e.user_date or e.date),
            "format": e.format,
            "sections": e.sections,
            "passages": e.passages,
            "missing": e.id in missing,
            "near_copy_of": [n.report for n in near.get(e.id, [])],
        }
        for e in workspace.reports()
    ]
    if args.outline or args.json:
        for row in rows:
            row["outline"] = [] if row["missing"] else _outline(workspace.report(str(row["id"])))
    if args.json:
        say_json(rows)
        return 0
    if not rows:
        say("The library is empty. Add reports with: explorer add PATH")
    lines = []  # said at once: a library of thousands of reports is tens of thousands of lines
    for row in rows:
        date = row["date"] or "no date"
        gone = "  [missing: its text and its file are gone]" if row["missing"] else ""
        lines.append(
            f"{row['id']}  {terminal_safe(str(row['title']), one_line=True)}  ({date}; "
            f"{row['format']}; {many(int(row['sections']), 'section')}, "
            f"{many(int(row['passages']), 'passage')})"
            f"{gone}\n    {terminal_safe(str(row['path']), one_line=True)}"
        )
        for other in near.get(str(row["id"]), []):
            lines.append(f"    ≈ copy of {other.report}: {near_copy_words(other)}")
        for part in row.get("outline") or []:
            indent = "  " * int(part["level"])
            title = terminal_safe(str(part["title"]), one_line=True)
            lines.append(f"    {indent}{part['id']}  {title}")
    if lines:
        say("\n".join(lines))
    return 0


def _outline(report: Report) -> list[dict[str, object]]:
    """Each section's place in the report's outline."""
    return [
        {
            "id": s.id,
            "title": s.title,
            "level": s.level,
            "parent": s.parent,
            "passages": len(s.passages),
        }
        for s in report.sections
    ]


def _show(workspace: Workspace, args: argparse.Namespace) -> int:
    report, section = workspace.section(args.section_id)
    inside = [s for s in report.sections if s.parent == section.id]
    if args.json:
        say_json(
            {
                "id": section.id,
                "report": report.id,
                "report_title": report.title,
                "title": section.title,
                "level": section.level,
                "parent": section.parent,
                "breadcrumb": [s.title for s in report.trail(section.id)],
                "sections": [{"id": s.id, "title": s.title} for s in inside],
                "passages": [
                    {"id": p.id, "start": p.start, "end": p.end, "text": p.text}
                    for p in section.passages
                ],
                "text": report.text[section.start : section.end],
            }
        )
        return 0
    place = f"level {section.level}" + (f", in {section.parent}" if section.parent else "")
    say(f"{terminal_safe(report.title, one_line=True)} — {section.id} ({place})")
    say(f"{terminal_safe(report.breadcrumb(section.id), one_line=True)}\n")
    say(report.text[section.start : section.end])
    if inside:
        say(f"\n{many(len(inside), 'section')} inside:")
        for sub in inside:
            say(f"  {sub.id}  {terminal_safe(sub.title, one_line=True)}")
    return 0


def _remove(workspace: Workspace, args: argparse.Namespace) -> int:
    entry = workspace.remove(args.report_id).value
    say(f"Removed {entry.id} ({terminal_safe(entry.title, one_line=True)}).")
    return 0


def _library(workspace: Workspace, args: argparse.Namespace) -> int:
    used = workspace.recover_library(args.backup).value
    say(
        f"Recovered the library: {many(len(workspace.reports()), 'report')} from the backup {used}."
    )
    return 0


HANDLERS = {
    "add": _add,
    "reports": _reports,
    "show": _show,
    "remove": _remove,
    "library": _library,
}

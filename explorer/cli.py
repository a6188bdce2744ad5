"""The command line: every capability as a verb. Thin: parse, call the core, print.

Errors caused by input print one line, ``explorer: <what went wrong>``, and exit with 2.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from explorer import __version__, cli_graph, cli_notes
from explorer.cli_output import say, say_json, terminal_safe, terminal_snippet, warn
from explorer.core.errors import ExplorerError
from explorer.core.links import is_link, parse_open_link
from explorer.core.search import SearchResult
from explorer.core.workspace import AddSummary, Workspace

EXIT_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage mistakes are one line like every other input error."""

    def error(self, message: str) -> NoReturn:
        raise ExplorerError(f"{message} (see `explorer --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="explorer",
        description="Search reports and walk their concept graph, offline.",
    )
    parser.add_argument("--version", action="version", version=f"explorer {__version__}")
    parser.add_argument(
        "--data-dir",
        help="the data folder (default: $EXPLORER_DATA_DIR or the per-user data folder)",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=_Parser)

    add = verbs.add_parser("add", help="add report files or folders (.md, .markdown, .txt)")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add.add_argument(
        "--max-mb",
        type=_megabytes,
        default=50.0,
        help="refuse files larger than this (default 50)",
    )

    reports = verbs.add_parser("reports", help="list the reports in the library")
    reports.add_argument("--json", action="store_true", help="print JSON")

    show = verbs.add_parser("show", help="print one section's text, e.g. my-report#2")
    show.add_argument("section_id", metavar="SECTION_ID")

    search = verbs.add_parser("search", help="ranked search over every passage")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=10, help="how many hits (default 10)")
    search.add_argument("--report", metavar="ID", help="only this report")
    search.add_argument("--json", action="store_true", help="print JSON")

    remove = verbs.add_parser("remove", help="remove a report from the library")
    remove.add_argument("report_id", metavar="REPORT_ID")

    library = verbs.add_parser("library", help="the library file: recover it from a backup")
    library_verbs = library.add_subparsers(dest="library_verb", metavar="ACTION", required=True)
    recover = library_verbs.add_parser("recover", help="make a backup the library file again")
    recover.add_argument("--backup", type=Path, metavar="FILE", help="default: newest good one")
    cli_graph.add_verbs(verbs)
    cli_notes.add_verbs(verbs)

    open_ = verbs.add_parser("open", help="open the desktop app, adding these reports first")
    open_.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    open_.add_argument("--theme", choices=("system", "light", "dark"), default="system")

    snap = verbs.add_parser("snapshot", help="render the app window to a PNG, offscreen")
    snap.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")
    snap.add_argument("--size", default="1400x860", metavar="WxH", help="default 1400x860")
    snap.add_argument("--query", metavar="Q", help="type this into the search box")
    snap.add_argument("--focus", metavar="CONCEPT", help="focus this concept in the graph")
    snap.add_argument("--theme", choices=("light", "dark"), default="light")
    return parser


def _megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of megabytes") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of megabytes")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``explorer`` command."""
    try:
        args = build_parser().parse_args(argv)
        return _run(args)
    except ExplorerError as exc:
        warn(str(exc))
        return EXIT_INPUT
    except BrokenPipeError:  # `explorer graph | head`: the reader left; that is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        warn("interrupted.")
        return 130
    except OSError as exc:  # the system said no: one line, like any other input error
        where = f" ({exc.filename})" if exc.filename else ""
        warn(f"{exc.strerror or exc}{where}.")
        return EXIT_INPUT


def _data_dir(args: argparse.Namespace) -> Path | None:
    if args.data_dir is None:
        return None
    if not args.data_dir.strip():
        raise ExplorerError("--data-dir is empty; give the data folder's path.")
    return Path(args.data_dir)


def _run(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    if args.verb in (None, "open"):
        from explorer.ui.app import run_app

        paths = list(getattr(args, "paths", []))
        for path in paths:
            if is_link(str(path)):
                parse_open_link(str(path))  # a bad link is one line here, not in the window
        return run_app(data_dir, paths, getattr(args, "theme", "system"))
    if args.verb == "snapshot":
        return _snapshot(args, data_dir)
    max_bytes = int(getattr(args, "max_mb", 50.0) * 1_000_000)
    workspace = Workspace(data_dir, max_bytes=max_bytes)
    for message in workspace.warnings:
        warn(message)
    workspace.warnings.clear()  # said once; what comes up later is said by the verb
    handler = {
        "add": _add,
        "reports": _reports,
        "show": _show,
        "search": _search,
        "remove": _remove,
        "library": _library,
        "graph": cli_graph.run_graph,
        "concept": cli_graph.run_concept,
        "path": cli_graph.run_path,
        "notes": cli_notes.run,
    }[args.verb]
    code = handler(workspace, args)
    for message in workspace.warnings:  # what came up while the verb ran
        warn(message)
    return code


def _snapshot(args: argparse.Namespace, data_dir: Path | None) -> int:
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})", args.size)
    if not match:
        raise ExplorerError(f"--size takes WIDTHxHEIGHT, such as 1400x860, not {args.size!r}.")
    if args.output.suffix.lower() != ".png":
        raise ExplorerError(f"{args.output}: the snapshot is a PNG; name the file *.png.")
    from explorer.ui.app import snapshot

    size = (int(match.group(1)), int(match.group(2)))
    snapshot(data_dir, args.output, size, args.query, args.focus, args.theme)
    say(f"Wrote {args.output} ({size[0]}×{size[1]}).")
    return 0


def _add(workspace: Workspace, args: argparse.Namespace) -> int:
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, what: str) -> None:
        if tty:
            name = terminal_safe(Path(what).name[:60], one_line=True)
            print(f"\r[{done}/{total}] {name:<60}", end="", file=sys.stderr)
        elif total >= 20 and (done == total or done % 50 == 0):
            print(f"[{done}/{total}] {terminal_safe(what, one_line=True)}", file=sys.stderr)

    summary = workspace.add(args.paths, progress=progress)
    if tty:
        print(file=sys.stderr)
    for _path, message in summary.failed:
        warn(message)
    say(_summary_line(summary))
    return EXIT_INPUT if summary.failed else 0


def _summary_line(summary: AddSummary) -> str:
    passages = sum(e.passages for e in summary.added + summary.updated)
    return (
        f"Added {len(summary.added)} report(s), updated {len(summary.updated)} "
        f"({passages:,} passages); {len(summary.unchanged)} unchanged, "
        f"{len(summary.failed)} failed."
    )


def _reports(workspace: Workspace, args: argparse.Namespace) -> int:
    rows = [
        {
            "id": e.id,
            "title": e.title,
            "path": e.path,
            "date": e.date,
            "sections": e.sections,
            "passages": e.passages,
            "missing": workspace.is_missing(e),
        }
        for e in workspace.reports()
    ]
    if args.json:
        say_json(rows)
        return 0
    if not rows:
        say("The library is empty. Add reports with: explorer add PATH")
    for row in rows:
        date = row["date"] or "no date"
        gone = "  [missing: its text and its file are gone]" if row["missing"] else ""
        say(
            f"{row['id']}  {terminal_safe(str(row['title']), one_line=True)}  ({date}; "
            f"{row['sections']} sections, {row['passages']} passages){gone}\n"
            f"    {terminal_safe(str(row['path']), one_line=True)}"
        )
    return 0


def _show(workspace: Workspace, args: argparse.Namespace) -> int:
    report, section = workspace.section(args.section_id)
    say(f"{terminal_safe(report.title, one_line=True)} — {section.id}\n")
    say(report.text[section.start : section.end])
    return 0


def _search(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise ExplorerError("--limit must be at least 1.")
    result = workspace.search(args.query, limit=args.limit, report=args.report)
    if args.json:
        say_json(result.model_dump(mode="json"))
    else:
        _print_result(result)
    return 0


def _remove(workspace: Workspace, args: argparse.Namespace) -> int:
    entry = workspace.remove(args.report_id)
    say(f"Removed {entry.id} ({terminal_safe(entry.title, one_line=True)}).")
    return 0


def _library(workspace: Workspace, args: argparse.Namespace) -> int:
    used = workspace.recover_library(args.backup)
    say(f"Recovered the library: {len(workspace.reports())} report(s) from the backup {used}.")
    return 0


def _print_result(result: SearchResult) -> None:
    bold = sys.stdout.isatty()
    say(f"{result.total} result(s) for {terminal_safe(repr(result.query), one_line=True)}")
    for hit in result.hits:
        section = terminal_safe(hit.section, one_line=True)
        say(f"{hit.rank:>3}. {section}  [{hit.report}, {hit.passage_id}, {hit.score:.2f}]")
        print(f"     {terminal_snippet(hit.snippet, bold)}")
    if result.suggestion:
        say(f"Did you mean: {result.suggestion}?")
    if not result.hits:
        say(
            "Nothing matched. Try fewer words, OR between words, a prefix like quant*, "
            "or a fuzzy term like helthcare~."
        )

"""The command line: every capability as a verb. Thin: parse, call the core, print.

Errors caused by input print one line, ``explorer: <what went wrong>``, and exit with 2.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from explorer import __version__, cli_graph, cli_notes
from explorer.core.errors import ExplorerError
from explorer.core.models import SearchResult
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
        type=Path,
        help="the data folder (default: $EXPLORER_DATA_DIR or the per-user data folder)",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="COMMAND", parser_class=_Parser)

    add = verbs.add_parser("add", help="add report files or folders (.md, .markdown, .txt)")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add.add_argument(
        "--max-mb", type=float, default=50.0, help="refuse files larger than this (default 50)"
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``explorer`` command."""
    try:
        args = build_parser().parse_args(argv)
        return _run(args)
    except ExplorerError as exc:
        print(f"explorer: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # `explorer graph | head`: the reader left; that is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("explorer: interrupted.", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"explorer: {exc.strerror or exc}{where}.", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.verb in (None, "open"):
        from explorer.ui.app import run_app

        paths = list(getattr(args, "paths", []))
        return run_app(args.data_dir, paths, getattr(args, "theme", "system"))
    if args.verb == "snapshot":
        return _snapshot(args)
    max_bytes = int(getattr(args, "max_mb", 50.0) * 1_000_000)
    workspace = Workspace(args.data_dir, max_bytes=max_bytes)
    for warning in workspace.warnings:
        print(f"explorer: {warning}", file=sys.stderr)
    handler = {
        "add": _add,
        "reports": _reports,
        "show": _show,
        "search": _search,
        "remove": _remove,
        "graph": cli_graph.run_graph,
        "concept": cli_graph.run_concept,
        "path": cli_graph.run_path,
        "notes": cli_notes.run,
    }[args.verb]
    return handler(workspace, args)


def _snapshot(args: argparse.Namespace) -> int:
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})", args.size)
    if not match:
        raise ExplorerError(f"--size takes WIDTHxHEIGHT, such as 1400x860, not {args.size!r}.")
    if args.output.suffix.lower() != ".png":
        raise ExplorerError(f"{args.output}: the snapshot is a PNG; name the file *.png.")
    from explorer.ui.app import snapshot

    size = (int(match.group(1)), int(match.group(2)))
    snapshot(args.data_dir, args.output, size, args.query, args.focus, args.theme)
    print(f"Wrote {args.output} ({size[0]}×{size[1]}).")
    return 0


def _add(workspace: Workspace, args: argparse.Namespace) -> int:
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, what: str) -> None:
        if tty:
            print(f"\r[{done}/{total}] {Path(what).name[:60]:<60}", end="", file=sys.stderr)
        elif total >= 20 and (done == total or done % 50 == 0):
            print(f"[{done}/{total}] {what}", file=sys.stderr)

    summary = workspace.add(args.paths, progress=progress)
    if tty:
        print(file=sys.stderr)
    for _path, message in summary.failed:
        print(f"explorer: {message}", file=sys.stderr)
    print(_summary_line(summary))
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
        }
        for e in workspace.reports()
    ]
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print("The library is empty. Add reports with: explorer add PATH")
    for row in rows:
        date = row["date"] or "no date"
        print(
            f"{row['id']}  {row['title']}  ({date}; {row['sections']} sections, "
            f"{row['passages']} passages)\n    {row['path']}"
        )
    return 0


def _show(workspace: Workspace, args: argparse.Namespace) -> int:
    report, section = workspace.section(args.section_id)
    print(f"{report.title} — {section.id}\n")
    print(report.text[section.start : section.end])
    return 0


def _search(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise ExplorerError("--limit must be at least 1.")
    result = workspace.search(args.query, limit=args.limit, report=args.report)
    if args.json:
        _print_json(result.model_dump(mode="json"))
    else:
        _print_result(result)
    return 0


def _remove(workspace: Workspace, args: argparse.Namespace) -> int:
    entry = workspace.remove(args.report_id)
    print(f"Removed {entry.id} ({entry.title}).")
    return 0


def _print_result(result: SearchResult) -> None:
    bold = sys.stdout.isatty()
    print(f"{result.total} result(s) for {result.query!r}")
    for hit in result.hits:
        print(f"{hit.rank:>3}. {hit.section}  [{hit.report}, {hit.passage_id}, {hit.score:.2f}]")
        print(f"     {terminal_snippet(hit.snippet, bold)}")
    if result.suggestion:
        print(f"Did you mean: {result.suggestion}?")
    if not result.hits:
        print(
            "Nothing matched. Try fewer words, OR between words, a prefix like quant*, "
            "or a fuzzy term like helthcare~."
        )


def terminal_snippet(snippet: str, bold: bool) -> str:
    """Marks shown as bold (or «»); report text is untrusted, so its control bytes are dropped."""
    start, end = ("\x1b[1m", "\x1b[0m") if bold else ("«", "»")
    parts = re.split(r"(</?mark>)", snippet)
    out = []
    for part in parts:
        if part in ("<mark>", "</mark>"):
            out.append(start if part == "<mark>" else end)
        else:
            out.append(_CONTROL.sub(" ", html.unescape(part)))
    return " ".join("".join(out).split(" ")).strip()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))

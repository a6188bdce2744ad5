"""The window verbs: open the desktop app, or render it to a PNG."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from explorer.cli.output import say
from explorer.core.errors import ExplorerError
from explorer.core.exports import export_target
from explorer.core.kinds import report_suffix_list
from explorer.core.links import is_link, parse_open_link

MAX_SIDE = 8000


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    open_ = verbs.add_parser(
        "open", help=f"open the desktop app, adding these reports first ({report_suffix_list()})"
    )
    open_.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    open_.add_argument("--theme", choices=("system", "light", "dark"), default="system")
    snap = verbs.add_parser("snapshot", help="render the app window to a PNG, offscreen")
    snap.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")
    snap.add_argument("--size", default="1400x860", metavar="WxH", help="default 1400x860")
    snap.add_argument("--query", metavar="Q", help="type this into the search box")
    snap.add_argument("--focus", metavar="CONCEPT", help="focus this concept in the graph")
    snap.add_argument("--theme", choices=("light", "dark"), default="light")
    snap.add_argument("--view", choices=("main", "trends"), default="main", help="default: main")
    snap.add_argument(
        "--tab",
        choices=("search", "notes", "library", "tours"),
        help="show this tab of the left pane",
    )
    snap.add_argument("--concept", metavar="NAME", help="with --view trends: chart this concept")
    snap.add_argument("--show", metavar="SECTION_ID", help="read this section, with its outline")
    snap.add_argument(
        "--colour", choices=("kind", "community", "year", "status"), help="colour the graph by"
    )


def open_window(args: argparse.Namespace, data_dir: Path | None) -> int:
    from explorer.ui.app import run_app

    paths = list(getattr(args, "paths", []))
    for path in paths:
        if is_link(str(path)):
            parse_open_link(str(path))  # a bad link is one line here, not in the window
    return run_app(data_dir, paths, getattr(args, "theme", "system"))


def snapshot(args: argparse.Namespace, data_dir: Path | None) -> int:
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})", args.size)
    if not match:
        raise ExplorerError(f"--size takes WIDTHxHEIGHT, such as 1400x860, not {args.size!r}.")
    if args.output.suffix.lower() != ".png":
        raise ExplorerError(f"{args.output}: the snapshot is a PNG; name the file *.png.")
    from explorer.core.workspace import default_data_dir

    export_target(args.output, data_dir or default_data_dir())  # refused before it is drawn
    from explorer.ui.app import snapshot

    size = (int(match.group(1)), int(match.group(2)))
    if max(size) > MAX_SIDE:
        raise ExplorerError(
            f"--size {args.size} is too big to draw; give at most {MAX_SIDE} pixels a side."
        )
    written = snapshot(
        data_dir,
        args.output,
        size,
        args.query,
        args.focus,
        args.theme,
        args.view,
        args.concept,
        args.colour,
        tab=args.tab,
        show=args.show,
    )
    width, height = written
    note = "" if written == size else f", the smallest the window can be; {args.size} was asked"
    say(f"Wrote {args.output} ({width}×{height}{note}).")
    return 0

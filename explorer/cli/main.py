"""The command line: every capability as a verb. Thin: parse, call the core, print.

Errors caused by input print one line, ``explorer: <what went wrong>``, and exit with 2.
One module per verb group; this one parses and dispatches.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from explorer import __version__
from explorer.cli import concepts, graph, library, notes, search, tours, trends, window
from explorer.cli.output import EXIT_INPUT, warn
from explorer.core.errors import ExplorerError
from explorer.core.workspace import Workspace

Handler = Callable[[Workspace, argparse.Namespace], int]
HANDLERS: dict[str, Handler] = {
    **library.HANDLERS,
    **search.HANDLERS,
    **graph.HANDLERS,
    **notes.HANDLERS,
    **trends.HANDLERS,
    **tours.HANDLERS,
    **concepts.HANDLERS,
}


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
    for group in (library, search, graph, concepts, trends, notes, tours, window):
        group.add_verbs(verbs)
    return parser


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
        return window.open_window(args, data_dir)
    if args.verb == "snapshot":
        return window.snapshot(args, data_dir)
    max_bytes = int(getattr(args, "max_mb", 50.0) * 1_000_000)
    workspace = Workspace(data_dir, max_bytes=max_bytes)
    for message in workspace.warnings:
        warn(message)
    workspace.warnings.clear()  # said once; what comes up later is said by the verb
    code = HANDLERS[args.verb](workspace, args)
    for message in workspace.warnings:  # what came up while the verb ran
        warn(message)
    return code

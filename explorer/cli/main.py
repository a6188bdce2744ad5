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
from typing import TYPE_CHECKING, NoReturn

from explorer import __version__
from explorer.cli import window
from explorer.cli.output import EXIT_INPUT, warn
from explorer.core.errors import ExplorerError

if TYPE_CHECKING:
    from explorer.core.workspace import Workspace

Handler = Callable[["Workspace", argparse.Namespace], int]
WINDOW_VERBS = ("open",)
"""Verbs that open the window: given one (or none), only the window's verbs are imported
and parsed, so that the window shows before the core is imported (see explorer.ui.app)."""


def handlers() -> dict[str, Handler]:
    """Each verb that works on a Workspace, with its handler."""
    from explorer.cli import concepts, graph, library, notes, search, tours, trends

    return {
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


def build_parser(window_only: bool = False) -> argparse.ArgumentParser:
    """The command line's parser (with ``window_only``, of the verbs that open the window)."""
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
    if window_only:
        window.add_verbs(verbs)
        return parser
    from explorer.cli import concepts, graph, library, notes, search, tours, trends

    for group in (library, search, graph, concepts, trends, notes, tours, window):
        group.add_verbs(verbs)
    return parser


def opens_window(argv: Sequence[str]) -> bool:
    """Whether this command line opens the window: no verb or a window verb, after the
    data folder, and no ask for help or the version."""
    rest = list(argv)
    if rest[:1] == ["--data-dir"]:
        rest = rest[2:]
    elif rest[:1] and rest[0].startswith("--data-dir="):
        rest = rest[1:]
    asks = {"-h", "--help", "--version"}
    return (not rest or rest[0] in WINDOW_VERBS) and not asks & set(rest)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``explorer`` command."""
    try:
        given = sys.argv[1:] if argv is None else list(argv)
        args = build_parser(window_only=opens_window(given)).parse_args(given)
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
    from explorer.core.workspace import Workspace

    max_bytes = int(getattr(args, "max_mb", 50.0) * 1_000_000)
    workspace = Workspace(data_dir, max_bytes=max_bytes)
    for message in workspace.warnings:
        warn(message)
    workspace.warnings.clear()  # said once; what comes up later is said by the verb
    code = handlers()[args.verb](workspace, args)
    for message in workspace.warnings:  # what came up while the verb ran
        warn(message)
    return code

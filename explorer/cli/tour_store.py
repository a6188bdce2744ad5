"""The tour store's verbs, for the ``tour`` group: ``tour recover [--backup FILE | --empty]``.

The group's own module adds these with ``add_store_verbs(sub)`` and runs them through
``STORE_VERBS`` (keyed by the action's name); until it exists, ``add_verbs`` makes a
``tour`` group that holds only these."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from explorer.cli.recovery import add_recover_verb, recover_file
from explorer.core.workspace import Workspace


def add_store_verbs(sub: argparse._SubParsersAction[Any]) -> None:
    add_recover_verb(sub, "tours")


def _recover(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.tours import TourStore

    return recover_file(TourStore(ws.folder), args)


STORE_VERBS: dict[str, Callable[[Workspace, argparse.Namespace], int]] = {"recover": _recover}


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    tour = verbs.add_parser("tour", help="saved tours: recover after damage")
    sub = tour.add_subparsers(dest="tour_verb", metavar="ACTION", required=True)
    add_store_verbs(sub)


def run(ws: Workspace, args: argparse.Namespace) -> int:
    return STORE_VERBS[args.tour_verb](ws, args)


HANDLERS = {"tour": run}

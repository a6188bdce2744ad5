"""The recover verb of a user file (the notes, the tours): after damage, put back a backup
or start afresh."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from explorer.cli.output import say
from explorer.core.userfile import FileDamaged, UserFile
from explorer.core.wording import many


def add_recover_verb(sub: argparse._SubParsersAction[Any], what: str) -> None:
    """``recover [--backup FILE | --empty]`` for the ``what`` file ("notes", "tours")."""
    recover = sub.add_parser("recover", help=f"after a damaged {what} file: restore a backup")
    choice = recover.add_mutually_exclusive_group()
    choice.add_argument("--backup", type=Path, metavar="FILE", help="default: newest good one")
    choice.add_argument("--empty", action="store_true", help=f"start with no {what} instead")


def recover_file(store: UserFile[Any], args: argparse.Namespace) -> int:
    """Recover as ``args`` say, and tell what came back and where the old state is kept."""
    words = store.words
    healthy = True
    try:
        store.load()
    except FileDamaged:
        healthy = False
    used = store.recover(backup=args.backup, empty=args.empty).value
    source = f"the backup {used}" if used else f"an empty {words.name} file"
    say(f"Recovered {many(store.count(), words.item)} from {source}.")
    if healthy:
        say(f"The {words.name} you had are kept as a backup in {store.shelf.folder}.")
    return 0

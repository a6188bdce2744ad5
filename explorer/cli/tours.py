"""The tour verbs: list and show tours, export one as pictures, a PDF or a web page, and
present one full screen."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from explorer.cli.output import say, say_json
from explorer.cli.recovery import add_recover_verb, recover_file
from explorer.core.errors import ExplorerError
from explorer.core.wording import many
from explorer.core.workspace import Workspace

SIZE = re.compile(r"(\d{2,5})x(\d{2,5})")
MAX_SIDE = 8000


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    tour = verbs.add_parser("tour", help="tours through the concept graph: list, show, export")
    sub = tour.add_subparsers(dest="tour_verb", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="the library's default tour and the saved ones")
    listing.add_argument("--json", action="store_true", help="print JSON")
    show = sub.add_parser("show", help="a tour's stops")
    show.add_argument("name", metavar="NAME", help="a tour's name or id ('default')")
    show.add_argument("--json", action="store_true", help="print JSON")
    export = sub.add_parser("export", help="one PNG per stop; a slide PDF, a web page")
    export.add_argument("name", metavar="NAME", help="a tour's name or id ('default')")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    export.add_argument("--size", default="1920x1080", metavar="WxH", help="default 1920x1080")
    export.add_argument("--pdf", type=Path, metavar="FILE", help="also a slide PDF")
    export.add_argument("--html", type=Path, metavar="FILE", help="also one offline web page")
    restore = sub.add_parser("restore", help="bring a deleted tour back from the trash")
    restore.add_argument("name", metavar="NAME", help="the tour's name or id")
    add_recover_verb(sub, "tours")
    present = verbs.add_parser("present", help="present a tour full screen (Esc leaves)")
    present.add_argument("name", nargs="?", default="default", metavar="NAME")
    present.add_argument("--screen", type=int, metavar="N", help="present on screen N (1, 2 …)")


def run(ws: Workspace, args: argparse.Namespace) -> int:
    handler = {
        "list": _list,
        "show": _show,
        "export": _export,
        "restore": _restore,
        "recover": _recover,
    }[args.tour_verb]
    return handler(ws, args)


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    tours = [ws.default_tour(), *ws.tours().tours()]
    if args.json:
        say_json(
            [
                {
                    "id": t.id,
                    "name": t.name,
                    "stops": len(t.stops),
                    "saved": t.id != "default",
                    "updated": t.updated.isoformat() if t.id != "default" else None,
                }
                for t in tours
            ]
        )
        return 0
    for t in tours:
        saved = (
            "the library's own, not saved" if t.id == "default" else f"saved {t.updated:%Y-%m-%d}"
        )
        say(f"{t.id}  {t.name}  ({many(len(t.stops), 'stop')}; {saved})")
    return 0


def _show(ws: Workspace, args: argparse.Namespace) -> int:
    tour = ws.tour(args.name)
    if args.json:
        say_json(tour.model_dump(mode="json"))
        return 0
    say(f"{tour.name} ({many(len(tour.stops), 'stop')})")
    for number, stop in enumerate(tour.stops, start=1):
        where = stop.focus or ("the library map" if stop.view == "map" else "the whole graph")
        when = f" at {stop.period}" if stop.period else ""
        say(f"{number:>3}. {stop.title}  [{stop.view}{when}: {where}]")
        if stop.caption:
            say(f"     {stop.caption}")
    return 0


def _restore(ws: Workspace, args: argparse.Namespace) -> int:
    tour = ws.tours().restore(args.name).value
    say(f"Restored “{tour.name}” ({many(len(tour.stops), 'stop')}).")
    return 0


def _recover(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.tours import TourStore

    return recover_file(TourStore(ws.folder), args)


def _size(text: str) -> tuple[int, int]:
    match = SIZE.fullmatch(text)
    if not match or not all(64 <= int(g) <= MAX_SIDE for g in match.groups()):
        raise ExplorerError(
            f"--size takes WIDTHxHEIGHT between 64 and {MAX_SIDE} pixels, such as 1920x1080, "
            f"not {text!r}."
        )
    return int(match.group(1)), int(match.group(2))


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.exports import (
        export_folder,
        export_target,
        write_export,
        write_export_folder,
    )

    size = _size(args.size)
    for option, path, suffixes in (
        ("--pdf", args.pdf, (".pdf",)),
        ("--html", args.html, (".html", ".htm")),
    ):
        if path is not None and path.suffix.lower() not in suffixes:
            raise ExplorerError(
                f"{option} writes a {suffixes[0]} file; name it *{suffixes[0]}, not {path}."
            )
    tour = ws.tour(args.name)
    export_folder(args.output, ws.folder)  # every place is refused before anything is drawn
    for path in (args.pdf, args.html):
        if path is not None:
            export_target(path, ws.folder)
    from explorer.ui.draw import TourFiles, render_export

    files = render_export(
        TourFiles(ws, tour, size, pdf=args.pdf is not None, page=args.html is not None)
    )
    pictures = [(f.name, f.data) for f in files if f.format.folder]
    write_export_folder(pictures, args.output, ws.folder)
    written = []
    for rendered in files[len(pictures) :]:
        path = args.pdf if rendered.format.name == "pdf" else args.html
        write_export(rendered.data, path, ws.folder)
        written.append(path)
    width, height = size
    say(
        f"Wrote {many(len(pictures), 'picture')} of “{tour.name}” to {args.output} "
        f"({width}×{height})."
    )
    for path in written:
        say(f"Wrote {path}.")
    return 0


def present(ws: Workspace, args: argparse.Namespace) -> int:
    tour = ws.tour(args.name)
    from explorer.ui.app import make_app, require_display
    from explorer.ui.present.run import present as run_presenter

    require_display("Export the tour as pictures instead: explorer tour export NAME -o FOLDER.")
    make_app("light")
    return run_presenter(ws, tour, args.screen)


HANDLERS = {"tour": run, "present": present}

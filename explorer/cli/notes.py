"""The notes verbs: add, list, remove, restore, export, import, recover."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from explorer.cli.output import say, say_json
from explorer.cli.recovery import add_recover_verb, recover_file
from explorer.core.exports import format_names
from explorer.core.wording import many
from explorer.core.workspace import Workspace


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    notes = verbs.add_parser("notes", help="notes and highlights: add, list, export …")
    sub = notes.add_subparsers(dest="notes_verb", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a note (an empty --text makes a highlight)")
    add.add_argument(
        "--target",
        required=True,
        metavar="ID",
        help="a section or passage id (report#2, report#2.1), concept:<name>, "
        "report:<id>, or concept:<a>--concept:<b> for a link",
    )
    add.add_argument("--quote", metavar="TEXT", help="the exact words of the section to quote")
    add.add_argument("--text", required=True, help="the note, in Markdown")
    add.add_argument("--tag", action="append", default=[], metavar="T", help="repeatable")
    add.add_argument("--json", action="store_true", help="print the note as JSON")
    listing = sub.add_parser("list", help="list notes")
    listing.add_argument("--tag", metavar="T", help="only notes with this tag")
    listing.add_argument("--trash", action="store_true", help="list the trash instead")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = sub.add_parser("remove", help="move a note to the trash")
    remove.add_argument("note_id", metavar="ID")
    restore = sub.add_parser("restore", help="bring a note back from the trash")
    restore.add_argument("note_id", metavar="ID")
    export = sub.add_parser("export", help="export notes to Markdown, HTML, JSON or PDF")
    export.add_argument("--format", choices=format_names("notes"), required=True)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    imp = sub.add_parser("import", help="import notes from an exported JSON file")
    imp.add_argument("file", type=Path, metavar="FILE")
    add_recover_verb(sub, "notes")


def run(ws: Workspace, args: argparse.Namespace) -> int:
    handler = {
        "add": _add,
        "list": _list,
        "remove": _remove,
        "restore": _restore,
        "export": _export,
        "import": _import,
        "recover": _recover,
    }[args.notes_verb]
    return handler(ws, args)


def _add(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.annotate import resolve_target

    target = resolve_target(ws, args.target, args.quote)
    note = ws.notes().add(target, body=args.text, tags=args.tag).value
    if args.json:
        say_json(note.model_dump(mode="json"))
    else:
        kind = "highlight" if note.is_highlight else "note"
        say(f"Saved {kind} {note.id} on {note.target_id}.")
    return 0


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    store = ws.notes()
    notes = [t.note for t in store.trash()] if args.trash else store.notes()
    if args.tag:
        notes = [n for n in notes if args.tag.lstrip("#") in n.tags]
    if args.json:
        say_json([n.model_dump(mode="json") for n in notes])
        return 0
    if not notes:
        say(
            "The trash is empty."
            if args.trash
            else "No notes yet. Add one with: explorer notes add --target REPORT#N --text '…'"
        )
    from explorer.core.notes import PassageTarget  # the notes wing loads for a notes verb

    for note in notes:
        tags = " ".join(f"#{t}" for t in note.tags)
        flag = (
            " [orphaned]" if isinstance(note.target, PassageTarget) and note.target.orphaned else ""
        )
        say(f"{note.id}  {note.target_id}{flag}  {tags}".rstrip())
        if isinstance(note.target, PassageTarget):
            say(f"    “{_one_line(note.target.quote.exact, 100)}”")
        if note.body:
            say(f"    {_one_line(note.body, 100)}")
    return 0


def _remove(ws: Workspace, args: argparse.Namespace) -> int:
    note = ws.notes().remove(args.note_id).value
    say(f"Moved note {note.id} to the trash; `explorer notes restore {note.id}` brings it back.")
    return 0


def _restore(ws: Workspace, args: argparse.Namespace) -> int:
    note = ws.notes().restore(args.note_id).value
    say(f"Restored note {note.id} on {note.target_id}.")
    return 0


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.annotate import workspace_titles
    from explorer.core.exports import export_format, export_target, write_export
    from explorer.core.notes import export_html, export_text

    fmt = export_format("notes", args.format)
    out: Path = args.output
    export_target(out, ws.folder)  # a refusal comes before anything is made
    notes = ws.notes().notes()
    titles = workspace_titles(ws)
    if fmt.drawn:  # the PDF: Qt lays out the HTML page
        from explorer.ui.draw import NotesPdf, render_export

        data = render_export(NotesPdf(export_html(notes, titles)))[0].data
    else:
        data = export_text(notes, titles, fmt.name).encode("utf-8")
    write_export(data, out, ws.folder)
    say(f"Exported {many(len(notes), 'note')} to {out} ({args.format}).")
    return 0


def _import(ws: Workspace, args: argparse.Namespace) -> int:
    added, replaced = ws.notes().import_file(args.file).value
    say(f"Imported {many(added + replaced, 'note')}: {added} new, {replaced} replaced.")
    return 0


def _recover(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.notes import NoteStore

    return recover_file(NoteStore(ws.folder), args)


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


HANDLERS = {"notes": run}

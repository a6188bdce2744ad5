"""The vocabulary verbs: list the concepts, hide, unhide, merge, rename and add them, undo
and redo, import and export a thesaurus, and recover a damaged edits file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.cli.output import say, say_json
from explorer.cli.recovery import add_recover_verb, recover_file
from explorer.core.kinds import CONCEPT_KIND_NAMES
from explorer.core.wording import many
from explorer.core.workspace import Workspace

if TYPE_CHECKING:
    from explorer.core.graph import AnyEdit, ConceptEdits, ConceptRow


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    concepts = verbs.add_parser(
        "concepts", help="your vocabulary: hide, merge, rename and add concepts; undo, redo"
    )
    sub = concepts.add_subparsers(dest="concepts_verb", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="the concepts as your edits make them")
    listing.add_argument("--kind", choices=CONCEPT_KIND_NAMES, help="only concepts of this kind")
    listing.add_argument("--edits", action="store_true", help="your edits instead, in order")
    listing.add_argument(
        "--proposals", action="store_true", help="merges to consider, each as its command"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    hide = sub.add_parser("hide", help="leave concepts out of every view and output")
    hide.add_argument("names", nargs="+", metavar="NAME", help="label, alias or id")
    unhide = sub.add_parser("unhide", help="show hidden concepts again")
    unhide.add_argument("names", nargs="+", metavar="NAME")
    merge = sub.add_parser("merge", help="make concepts one (the --into concept stays)")
    merge.add_argument("names", nargs="+", metavar="NAME")
    merge.add_argument("--into", required=True, metavar="NAME")
    rename = sub.add_parser(
        "rename", help="give a concept a new label (the old one still finds it)"
    )
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("label", metavar="NEW")
    add = sub.add_parser("add", help="a concept of yours, found by name in every report")
    add.add_argument("label", metavar="NAME")
    add.add_argument("--kind", required=True, choices=CONCEPT_KIND_NAMES)
    add.add_argument("--alias", action="append", default=[], metavar="A", help="repeatable")
    sub.add_parser("undo", help="take back the last edit")
    sub.add_parser("redo", help="make the last edit undone again")
    imports = sub.add_parser(
        "import", help="a VOSviewer thesaurus or CiteSpace alias lines (primary#secondary)"
    )
    imports.add_argument("file", type=Path, metavar="FILE")
    export = sub.add_parser("export", help="your edits as a VOSviewer thesaurus")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    add_recover_verb(sub, "concept edits")


def run(ws: Workspace, args: argparse.Namespace) -> int:
    handler = {
        "list": _list,
        "hide": _hide,
        "unhide": _unhide,
        "merge": _merge,
        "rename": _rename,
        "add": _add,
        "undo": _undo,
        "redo": _redo,
        "import": _import,
        "export": _export,
        "recover": _recover,
    }[args.concepts_verb]
    return handler(ws, args)


# ---- reading ---------------------------------------------------------------------------------


def _list(ws: Workspace, args: argparse.Namespace) -> int:
    edits = ws.concept_edits()
    if args.json:
        say_json(_listing_json(edits, args))
        return 0
    if args.proposals:
        return _print_proposals(edits)
    if args.edits:
        return _print_edits(edits)
    for row in edits.concepts(args.kind):
        say(f"{row.label}  ({row.kind}, {many(row.mentions, 'mention')}{_tags(row)})  [{row.id}]")
    hidden = edits.hidden()
    if hidden:
        names = ", ".join(f"“{r.label}”" for r in hidden)
        say(f"\nHidden: {names} (`explorer concepts unhide NAME` shows one again)")
    return 0


def _tags(row: ConceptRow) -> str:
    return f"; {', '.join(row.edited)} by you" if row.edited else ""


def _print_edits(edits: ConceptEdits) -> int:
    from explorer.core.graph import describe

    made, undone = edits.store.edits(), edits.store.undone()
    if not made:
        say("You have made no concept edits.")
    for number, edit in enumerate(made, start=1):
        say(f"{number:>3}. {edit.made:%Y-%m-%d %H:%M}  {describe(edit)}")
    if undone:
        say(f"\n{many(len(undone), 'edit')} undone; `explorer concepts redo` makes the last again.")
    return 0


def _print_proposals(edits: ConceptEdits) -> int:
    found = edits.proposals()
    if not found:
        say("No merges to propose: no two concepts look like one name written two ways.")
    for proposal in found:
        say(edits.command(proposal))
    return 0


def _listing_json(edits: ConceptEdits, args: argparse.Namespace) -> dict[str, Any]:
    from explorer.core.graph import describe

    data: dict[str, Any] = {
        "concepts": [
            {
                "id": r.id,
                "label": r.label,
                "kind": r.kind,
                "mentions": r.mentions,
                "aliases": list(r.aliases),
                "edited": list(r.edited),
            }
            for r in edits.concepts(args.kind)
        ],
        "hidden": [{"id": r.id, "label": r.label} for r in edits.hidden()],
        "edits": [{**e.model_dump(mode="json"), "said": describe(e)} for e in edits.store.edits()],
        "undone": len(edits.store.undone()),
    }
    if args.proposals:
        data["proposals"] = [
            {
                "sources": list(p.sources),
                "into": p.into,
                "reason": p.reason,
                "command": edits.command(p),
            }
            for p in edits.proposals()
        ]
    return data


# ---- changing --------------------------------------------------------------------------------


def _hide(ws: Workspace, args: argparse.Namespace) -> int:
    done = ws.concept_edits().hide(args.names)
    say(f"{_said(done.value)}; `explorer concepts undo` takes it back.")
    return 0


def _unhide(ws: Workspace, args: argparse.Namespace) -> int:
    done = ws.concept_edits().unhide(args.names)
    say(f"{_said(done.value)}.")
    return 0


def _merge(ws: Workspace, args: argparse.Namespace) -> int:
    edits = ws.concept_edits()
    done = edits.merge(args.names, args.into)
    mentions = ws.graph().node(done.value.into.id).get("count", 0)
    say(f"{_said(done.value)}: {many(int(mentions), 'mention')} now.")
    return 0


def _rename(ws: Workspace, args: argparse.Namespace) -> int:
    done = ws.concept_edits().rename(args.name, args.label)
    say(f"{_said(done.value)}; “{done.value.concept.label}” still finds it.")
    return 0


def _add(ws: Workspace, args: argparse.Namespace) -> int:
    done = ws.concept_edits().add(args.label, args.kind, args.alias)
    graph = ws.graph()
    node = done.value.concept
    sections = graph.sections_of(node.id)
    mentions = int(graph.node(node.id).get("count", 0))
    if not sections:
        say(f"{_said(done.value)}; no report mentions it yet.")
        return 0
    say(
        f"{_said(done.value)}: {many(mentions, 'mention')} in "
        f"{many(len(sections), 'section')} [{node.id}]."
    )
    return 0


def _undo(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.graph import describe

    done = ws.concept_edits().undo()
    say(f"Undid: {describe(done.value)} (`explorer concepts redo` makes it again).")
    return 0


def _redo(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.graph import describe

    done = ws.concept_edits().redo()
    say(f"Redid: {describe(done.value)}.")
    return 0


def _said(edit: AnyEdit) -> str:
    from explorer.core.graph import describe

    text = describe(edit)
    return text[:1].upper() + text[1:]


# ---- other tools' files ----------------------------------------------------------------------


def _import(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.errors import ExplorerError
    from explorer.core.graph import describe

    imported = ws.concept_edits().import_file(args.file).value
    unknown = imported.unknown
    missing = (
        f"{many(len(unknown), 'name')} no concept of this library has: "
        + ", ".join(f"“{n}”" for n in unknown[:5])
        + ("…" if len(unknown) > 5 else "")
        if unknown
        else ""
    )
    if imported.edit is None:
        raise ExplorerError(
            f"{args.file} ({imported.format}) asks nothing of this library's concepts"
            + (f"; it has {missing}" if missing else "")
            + "; nothing was changed."
        )
    say(f"Imported {args.file} ({imported.format}):")
    for edit in imported.edit.edits:
        say(f"  {describe(edit)}")
    if missing:
        say(f"Left out {missing}.")
    say("`explorer concepts undo` takes the whole import back.")
    return 0


def _export(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.exports import export_target, write_export

    export_target(args.output, ws.folder)
    text, added = ws.concept_edits().export_thesaurus()
    write_export(text, args.output, ws.folder)
    rows = text.count("\n") - 1
    say(f"Wrote {many(rows, 'line')} to {args.output} (a VOSviewer thesaurus).")
    if added:
        say(
            f"{many(added, 'concept')} you added {'is' if added == 1 else 'are'} not in it: "
            "a thesaurus can only replace labels."
        )
    return 0


def _recover(ws: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.graph import EditsStore

    try:
        return recover_file(EditsStore(ws.folder), args)
    finally:
        ws.forget_concept_edits()


HANDLERS = {"concepts": run}

"""The graph verbs of the command line: graph, concept, path."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.cli.output import say, say_json, terminal_snippet
from explorer.core.exports import export_target, format_names, write_export
from explorer.core.workspace import Workspace

if TYPE_CHECKING:  # networkx loads only for the verbs that need it
    from explorer.core.explain import Evidence


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    graph = verbs.add_parser("graph", help="export the concept graph (json, graphml, gexf)")
    graph.add_argument(
        "--format", choices=format_names("graph"), default="json", help="default: json"
    )
    graph.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    graph.add_argument("--report", metavar="ID", help="only this report's part of the graph")

    concept = verbs.add_parser("concept", help="a concept: sections, neighbours, evidence")
    concept.add_argument("name", metavar="NAME", help="label, alias or id, e.g. LoRA")
    concept.add_argument("--json", action="store_true", help="print JSON")

    path = verbs.add_parser("path", help="how two concepts are linked, hop by hop")
    path.add_argument("source", metavar="A")
    path.add_argument("target", metavar="B")
    path.add_argument("--json", action="store_true", help="print JSON")


def run_graph(workspace: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.graph import export_graph

    if args.output is not None:
        export_target(args.output, workspace.folder)  # refused before the graph is built
    if args.report:
        workspace.entry(args.report)
        graph = workspace.graphs.report_graph(args.report)
    else:
        graph = workspace.graph().graph
    data = export_graph(graph, args.format)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.write(b"\n")
        return 0
    write_export(data, args.output, workspace.folder)
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    say(f"Wrote {nodes:,} nodes and {edges:,} links to {args.output} ({args.format}).")
    return 0


def run_concept(workspace: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.explain import concept_card

    card = concept_card(workspace, args.name)
    if args.json:
        say_json(card.model_dump(mode="json"))
        return 0
    say(f"{card.label}  ({card.kind}, {card.mentions} mentions)  [{card.id}]")
    if card.description:
        say(f"  {card.description}")
    if card.aliases:
        say(f"  Also written: {', '.join(card.aliases)}")
    say("\nSections:")
    for ref in card.sections:
        say(f"  {ref.section}  [{ref.section_id}, {ref.mentions}×]")
    if card.neighbours:
        say("\nLinked concepts:")
        say("  " + ", ".join(f"{n.label} ({n.weight})" for n in card.neighbours))
    say("\nEvidence:")
    _print_evidence(card.evidence)
    return 0


def run_path(workspace: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.explain import path_answer

    answer = path_answer(workspace, args.source, args.target)
    if args.json:
        say_json(answer.model_dump(mode="json"))
        return 0
    if not answer.hops:
        say("Both names are the same concept.")
    for n, hop in enumerate(answer.hops, start=1):
        say(f"{n}. {hop.source_label} —{hop.kind}→ {hop.target_label}  (weight {hop.weight})")
        _print_evidence(hop.evidence, indent="     ")
    return 0


def _print_evidence(evidence: list[Evidence], indent: str = "  ") -> None:
    from explorer.core.reports import on_page

    bold = sys.stdout.isatty()
    for item in evidence:
        say(f"{indent}[{item.passage_id}{on_page(item.page)}] {item.section}")
        print(f"{indent}  {terminal_snippet(item.snippet, bold)}")  # already safe


HANDLERS = {"graph": run_graph, "concept": run_concept, "path": run_path}

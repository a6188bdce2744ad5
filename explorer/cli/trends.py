"""The time verbs of the command line: trends, diff, date."""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.cli.output import say, say_json, terminal_safe
from explorer.core.errors import ExplorerError
from explorer.core.exports import export_target, write_export
from explorer.core.kinds import CONCEPT_KIND_NAMES
from explorer.core.trends import FEW_REPORTS, GRANULARITIES, STATUSES
from explorer.core.wording import many
from explorer.core.workspace import Workspace

if TYPE_CHECKING:
    from explorer.core.trends import Series, Side, Timeline

BY_CHOICES = GRANULARITIES
CHANGES = ("added", "removed", "strengthened", "weakened")
STATUS_CHOICES = STATUSES


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    trends = verbs.add_parser(
        "trends", help="what rises, bursts and fades over time; or the reports behind a point"
    )
    trends.add_argument("concept", nargs="?", metavar="CONCEPT", help="one concept's points")
    trends.add_argument("--period", metavar="P", help="with CONCEPT: the period, e.g. 2025")
    trends.add_argument("--by", choices=BY_CHOICES, help="periods (default: from the span)")
    trends.add_argument("--kind", choices=CONCEPT_KIND_NAMES, help="only concepts of this kind")
    trends.add_argument("--status", choices=STATUS_CHOICES, help="only concepts with this status")
    trends.add_argument("--top", type=int, default=20, metavar="N", help="default: 20")
    trends.add_argument("--smooth", type=int, default=0, metavar="K", help="K-period average")
    trends.add_argument("--links", action="store_true", help="links between concepts instead")
    trends.add_argument("--json", action="store_true", help="print JSON")
    trends.add_argument("--csv", type=Path, metavar="FILE", help="write the series as a table")

    diff = verbs.add_parser("diff", help="what changed between two periods or two reports")
    diff.add_argument("a", metavar="A", help="a period (2024, 2024-Q3, 2024-07) or a report id")
    diff.add_argument("b", metavar="B")
    diff.add_argument("--by", choices=BY_CHOICES, help="periods (default: from A's form)")
    diff.add_argument("--top", type=int, default=15, metavar="N", help="per change, default 15")
    diff.add_argument("--json", action="store_true", help="print JSON")

    date = verbs.add_parser(
        "date", help="set a report's date (YYYY, YYYY-MM or YYYY-MM-DD; a year from 1900 to 2999)"
    )
    date.add_argument("report", metavar="REPORT_ID")
    date.add_argument("date", metavar="DATE")


def run_trends(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.top < 1 or args.smooth < 0:
        raise ExplorerError("--top must be 1 or more and --smooth 0 or more.")
    line = workspace.timeline(args.by, args.smooth)
    if args.concept:
        return _point(workspace, line, args)
    if args.period:
        raise ExplorerError("--period needs a CONCEPT, e.g. explorer trends LoRA --period 2024.")
    if args.csv:
        export_target(args.csv, workspace.folder)  # refused before the links are counted
    items = list(line.concepts)
    if args.links:
        from explorer.core.trends import link_series

        graph = workspace.graph().graph
        items = link_series(graph, line, workspace.dates())
        items.sort(key=lambda c: (-c.total, c.id))
    chosen = [
        c
        for c in items
        if (args.kind is None or args.kind in _kinds(workspace, c))
        and (args.status is None or c.status == args.status)
    ]
    if args.csv:
        _write_csv(line, chosen, args.csv, workspace.folder)
        say(f"Wrote {len(chosen):,} concepts × {len(line.periods)} periods to {args.csv}.")
        return 0
    left_out = len(chosen) - args.top
    chosen = chosen[: args.top]
    if args.json:
        data = _timeline_json(line, chosen)
        if args.links:
            data["links"] = data.pop("concepts")
        say_json(data)
        return 0
    _print_timeline(line, chosen)
    if left_out > 0:
        rows = many(left_out, "more link" if args.links else "more concept")
        say(f"\n… and {rows}, not shown: --top {args.top + left_out:,} shows them all.")
    return 0


def _kinds(workspace: Workspace, item: Series) -> set[str]:
    """A concept's kind; a link's two concepts' kinds."""
    if item.kind != "link":
        return {item.kind}
    graph = workspace.graph().graph
    return {str(graph.nodes[end].get("kind")) for end in item.id.split("|")}


def _timeline_json(line: Timeline, chosen: list[Series]) -> dict[str, Any]:
    return {
        "by": line.by,
        "periods": [
            {
                "id": p.id,
                "start": p.start,
                "end": p.end,
                "reports": len(p.reports),
                "few_reports": p.few,
            }
            for p in line.periods
        ],
        "undated": list(line.undated),
        "concepts": [
            {
                "id": c.id,
                "label": c.label,
                "kind": c.kind,
                "reports": c.reports,
                "share": {k: round(v, 4) for k, v in c.share.items()},
                "first": c.first,
                "last": c.last,
                "peak": c.peak,
                "mean_year": c.mean_year,
                "status": c.status,
                "bursts": [{"start": b.start, "end": b.end, "weight": b.weight} for b in c.bursts],
            }
            for c in chosen
        ],
    }


def _print_timeline(line: Timeline, chosen: list[Series]) -> None:
    periods = " · ".join(f"{p.id} ({len(p.reports)})" for p in line.periods)
    say(f"Periods by {line.by}, with their reports: {periods}")
    if line.undated:
        say(
            f"Undated ({len(line.undated)}): {', '.join(line.undated[:8])}"
            + (" …" if len(line.undated) > 8 else "")
            + "  — set one with: explorer date REPORT_ID YYYY-MM-DD"
        )
    if not line.periods:
        say("No report has a date yet, so there is no timeline.")
        return
    say("Share = reports mentioning the concept ÷ reports in the period.")
    if any(p.few for p in line.periods):
        say(f"  · = a period of under {FEW_REPORTS} reports: too few for a share.")
    say("")
    for c in chosen:
        spark = " ".join("  ·" if p.few else f"{c.share[p.id] * 100:3.0f}" for p in line.periods)
        bursts = ", ".join(f"{b.start}–{b.end}" if b.start != b.end else b.start for b in c.bursts)
        say(
            f"{terminal_safe(c.label, one_line=True)}  ({c.kind}; {c.status}; first {c.first}, "
            f"peak {c.peak}, mean year {c.mean_year})  [{c.id}]"
        )
        say(f"    % of reports: {spark}" + (f"   bursts: {bursts}" if bursts else ""))


def _write_csv(line: Timeline, chosen: list[Series], path: Path, data_folder: Path) -> None:
    out = io.StringIO()
    table = csv.writer(out)
    ids = [p.id for p in line.periods]
    table.writerow(
        ["concept", "label", "kind", "status", "first", "peak", "mean_year"]
        + [f"reports {p}" for p in ids]
        + [f"share {p}" for p in ids]
    )
    table.writerow(
        ["(reports in period)", "", "", "", "", "", ""]
        + [str(len(p.reports)) for p in line.periods]
        + ["" for _ in ids]
    )
    for c in chosen:
        table.writerow(
            [
                c.id,
                c.label,
                c.kind,
                c.status,
                c.first or "",
                c.peak or "",
                "" if c.mean_year is None else c.mean_year,
            ]
            + [c.reports[p] for p in ids]
            + [round(c.share[p], 4) for p in ids]
        )
    write_export(out.getvalue(), path, data_folder)


def _point(workspace: Workspace, line: Timeline, args: argparse.Namespace) -> int:
    from explorer.core.explain import passage_line
    from explorer.core.reports import on_page
    from explorer.core.trends import point_evidence

    concept = workspace.graph().find_concept(args.concept)
    item = line.concept(concept) if any(c.id == concept for c in line.concepts) else None
    if item is None:
        raise ExplorerError(f"{args.concept!r} is not mentioned in any dated report.")
    periods = [args.period] if args.period else [p.id for p in line.periods if item.reports[p.id]]
    rows = []
    for period in periods:
        try:
            found = point_evidence(workspace.graph().graph, line, concept, period)
        except KeyError as exc:
            raise ExplorerError(str(exc.args[0])) from None
        size = len(line.period(period).reports)
        rows.append((period, size, found))
    if args.json:
        say_json(
            {
                "concept": concept,
                "label": item.label,
                "points": [
                    {"period": p, "reports_in_period": n, "reports": found} for p, n, found in rows
                ],
            }
        )
        return 0
    say(f"{terminal_safe(item.label, one_line=True)}  [{concept}]")
    for period, size, found in rows:
        say(f"\n{period}: {len(found)} of {size} reports")
        for report_id, passages in found.items():
            title = workspace.entry(report_id).title
            say(f"  {terminal_safe(title, one_line=True)}  [{report_id}]")
            for passage in passages[:3]:
                words = passage_line(workspace, passage, nodes=[concept])
                words = terminal_safe(words, one_line=True)
                page = on_page(workspace.passage(passage)[2].page)
                say(f"    {passage}{page}: {words}")
    return 0


def run_diff(workspace: Workspace, args: argparse.Namespace) -> int:
    from explorer.core.trends import diff

    a, b = _side(workspace, args.a, args.by), _side(workspace, args.b, args.by)
    changes = diff(workspace.graph().graph, a, b)
    if args.json:
        say_json(
            {
                "a": {"id": a.id, "reports": list(a.reports)},
                "b": {"id": b.id, "reports": list(b.reports)},
                "changes": [
                    {
                        "id": c.id,
                        "label": c.label,
                        "kind": c.kind,
                        "change": c.change,
                        "share_a": c.share_a,
                        "share_b": c.share_b,
                        "evidence": c.evidence,
                    }
                    for c in changes
                ],
            }
        )
        return 0
    say(f"{a.id} ({len(a.reports)} reports) → {b.id} ({len(b.reports)} reports)")
    periods = [s for s in (a, b) if workspace.library.get(s.id) is None]
    thin = [s for s in periods if len(s.reports) < FEW_REPORTS]
    if thin:
        names = " and ".join(f"{s.id} ({len(s.reports)})" for s in thin)
        say(f"Few reports in {names}: shares there say little.")
    for change in CHANGES:
        found = [c for c in changes if c.change == change]
        if not found:
            continue
        say(f"\n{change.capitalize()} ({len(found)}):")
        for c in found[: args.top]:
            first = next(iter(c.evidence.values()), [])
            where = f"  e.g. {first[0]}" if first else ""
            say(
                f"  {terminal_safe(c.label, one_line=True)} ({c.kind})  "
                f"{c.share_a * 100:.0f}% → {c.share_b * 100:.0f}%{where}"
            )
        if len(found) > args.top:
            say(f"  … and {len(found) - args.top:,} more, not shown.")
    if any(sum(c.change == k for c in changes) > args.top for k in CHANGES):
        most = max(sum(c.change == k for c in changes) for k in CHANGES)
        say(f"\n--top {most:,} lists every change; --json gives them all, with their evidence.")
    return 0


def _side(workspace: Workspace, name: str, by: str | None) -> Side:
    from explorer.core.trends import Side, granularity_of

    if workspace.library.get(name) is not None:
        return Side(name, (name,))
    chosen = by or granularity_of(name)
    if chosen is None:
        raise ExplorerError(
            f"{name!r} is neither a report id nor a period such as 2024, 2024-Q3 or 2024-07."
        )
    line = workspace.timeline(chosen)
    try:
        return Side(name, line.period(name).reports)
    except KeyError as exc:
        raise ExplorerError(str(exc.args[0])) from None


def run_date(workspace: Workspace, args: argparse.Namespace) -> int:
    entry = workspace.set_date(args.report, args.date).value
    say(f"{entry.id} is now dated {entry.user_date}.")
    return 0


HANDLERS = {"trends": run_trends, "diff": run_diff, "date": run_date}

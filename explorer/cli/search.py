"""The search verb: ranked passages, as text or JSON."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from explorer.cli.output import say, say_json, terminal_safe, terminal_snippet
from explorer.core.errors import ExplorerError
from explorer.core.search import SearchHit, SearchResult, copies_words
from explorer.core.wording import many
from explorer.core.workspace import Workspace


def add_verbs(verbs: argparse._SubParsersAction[Any]) -> None:
    search = verbs.add_parser("search", help="ranked search over every passage")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=10, help="how many hits (default 10)")
    search.add_argument("--report", metavar="ID", help="only this report")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument(
        "--every-copy",
        action="store_true",
        help="list each copy of a passage as a hit of its own (by default a passage that "
        "stands word for word in several places is one hit, the others in its also_in)",
    )
    search.add_argument(
        "--as-typed",
        action="store_true",
        help="search the words as typed (by default a query that finds nothing shows the "
        "results of its did-you-mean, if it finds some)",
    )


def _search(workspace: Workspace, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise ExplorerError("--limit must be at least 1.")
    result = workspace.search(
        args.query,
        limit=args.limit,
        report=args.report,
        fold=not args.every_copy,
        correct=not args.as_typed,
    )
    if args.json:
        say_json(
            result.model_dump(
                mode="json",
                exclude={
                    "exact": True,
                    "reports": True,
                    "more": True,
                    "hits": {"__all__": {"marked"}},
                },
            )
        )
    else:
        _print_result(result)
    return 0


def _print_result(result: SearchResult) -> None:
    from explorer.core.reports import on_page

    bold = sys.stdout.isatty()
    query = terminal_safe(repr(result.query), one_line=True)
    if result.corrected:
        corrected = terminal_safe(repr(result.corrected), one_line=True)
        say(f"Showing results for {corrected}: nothing matched {query} (--as-typed searches it).")
        say(f"{_found(result)} for {corrected}")
    else:
        say(f"{_found(result)} for {query}")
    for hit in result.hits:
        section = terminal_safe(hit.section, one_line=True)
        page = on_page(hit.page)
        say(f"{hit.rank:>3}. {section}  [{hit.report}{page}, {hit.passage_id}, {hit.score:.2f}]")
        print(f"     {terminal_snippet(hit.snippet, bold)}")
        if hit.also_in:
            say(f"     {_also_in(hit)}")
    if result.suggestion:
        say(f"Did you mean: {result.suggestion}?")
    if not result.hits:
        say(
            "Nothing matched. Try fewer words, OR between words, a prefix like quant*, "
            "or a fuzzy term like helthcare~."
        )


LISTED_COPIES = 5
"""The other places of a passage named on its hit's line; the rest are counted."""


def _found(result: SearchResult) -> str:
    """ "12 results", or "12 results (and 3 copies of them)" when copies were folded in."""
    return many(result.total - result.copies, "result") + copies_words(result)


def _also_in(hit: SearchHit) -> str:
    """ "also in 2 reports: b#3.1, c#3.1 (p. 4)" """
    places = [
        c.passage + (f" (p. {terminal_safe(c.page, one_line=True)})" if c.page else "")
        for c in hit.also_in[:LISTED_COPIES]
    ]
    rest = len(hit.also_in) - LISTED_COPIES
    listed = ", ".join(places) + (f" and {rest:,} more" if rest > 0 else "")
    return f"{hit.also_in_words()}: {listed}"


HANDLERS = {"search": _search}

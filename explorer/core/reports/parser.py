"""The one markdown-it parser of reports: CommonMark with tables, whose inline rules that
eat markup note where they started and ended, so that every shown character keeps its
offset (see ``structure`` and ``inline``)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it import rules_inline as inline_rules
from markdown_it.rules_inline import StateInline


@functools.cache
def markdown() -> MarkdownIt:
    """CommonMark with tables; the markup-eating inline rules note where they matched."""
    md = MarkdownIt("commonmark").enable("table")
    md.disable("text_join")  # keep escapes and entities apart from the verbatim text
    # Every link is parsed as a link, so its words show without its target; which ones
    # may be opened is decided by safe_href, not by markdown-it's blocklist.
    setattr(md, "validateLink", _any_link)  # noqa: B010 (a method replaced on this instance)
    # Targets are kept as written (QUrl reads them; safe_href refuses white space), and
    # an autolink's words are its source, character for character.
    setattr(md, "normalizeLink", _as_written)  # noqa: B010
    setattr(md, "normalizeLinkText", _as_written)  # noqa: B010
    tracked: dict[str, tuple[str, Callable[[StateInline, bool], bool]]] = {
        "newline": ("\n", inline_rules.newline),
        "escape": ("\\", inline_rules.escape),
        "backticks": ("`", inline_rules.backtick),
        "link": ("[", inline_rules.link),
        "image": ("!", inline_rules.image),
        "autolink": ("<", inline_rules.autolink),
        "html_inline": ("<", inline_rules.html_inline),
        "entity": ("&", inline_rules.entity),
    }
    for name, (trigger, rule) in tracked.items():
        md.inline.ruler.at(name, _noting(trigger, rule))
    return md


def _any_link(url: str) -> bool:
    return True


def _as_written(url: str) -> str:
    return url


def _noting(
    trigger: str, rule: Callable[[StateInline, bool], bool]
) -> Callable[[StateInline, bool], bool]:
    """The rule, noting on the first token it makes where it started and on the last where
    it ended (offsets in the inline source). Like the rule itself, it looks no further when
    the character at hand is not its ``trigger``."""

    def run(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != trigger:
            return False
        if silent:
            return rule(state, silent)
        start, before = state.pos, len(state.tokens)
        matched = rule(state, silent)
        tokens = state.tokens
        # pending text is flushed as a text token first; none of these rules makes text first
        first = before + 1 if len(tokens) > before and tokens[before].type == "text" else before
        if matched and len(tokens) > first:
            tokens[first].meta["start"] = start
            tokens[-1].meta["end"] = state.pos
        return matched

    return run

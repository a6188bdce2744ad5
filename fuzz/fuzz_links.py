"""Fuzzing explorer:// links: any text, as `explorer open LINK` or a click in the window
hands it to ``parse_open_link``.

Half the inputs are the fuzzer's own text (lone surrogates included: a command line may
carry undecodable bytes as them); the other half are explorer://open links built from the
parameters a link has, with any values. The answer is where the link points, naming a
report, section, concept or link, or an ExplorerError in one sentence
(tests/core/test_fuzz.py).
"""

from __future__ import annotations

from fuzzkit import Draw, TestOneInput, expect, instrumented, one_sentence

KEYS = ("report", "section", "start", "end", "concept", "source", "target", "quote", "x")
VALUES = (
    "%00",
    "%ZZ",
    "%C2%B2",
    "..%2F..%2Fetc",
    "ai-llm-advancements-2024",
    "ai-llm-advancements-2024#2",
    "concept:lora",
    "12",
    "0",
    "-1",
    "1" * 13,
    "²",
    "٣",
    "",
)
PREFIXES = (
    "explorer://open?",
    "explorer://open/?",
    "explorer:open?",
    "explorer:///open?",
    "EXPLORER://open?",
    "explorer://open#",
    "explorer://other?",
    "",
)


def harness() -> TestOneInput:
    with instrumented():
        from explorer.core.errors import ExplorerError
        from explorer.core.links import parse_open_link

    def test_one_input(data: bytes) -> None:
        draw = Draw(data)
        link = built_link(draw) if draw.flag() else draw.text(500, surrogates=True)
        try:
            parsed = parse_open_link(link)
        except ExplorerError as exc:
            one_sentence(str(exc))
        else:
            expect(
                bool(parsed.report or parsed.section or parsed.concept or parsed.source),
                f"a link that names nothing was taken: {parsed}",
            )

    return test_one_input


def built_link(draw: Draw) -> str:
    """An explorer://open link (or a near miss) with up to six parameters and some junk."""
    pairs = []
    for _ in range(draw.number(0, 6)):
        key = draw.pick(KEYS) if draw.number(0, 7) else draw.text(8)
        value = draw.pick(VALUES) if draw.flag() else draw.text(20)
        pairs.append(f"{key}={value}")
    separator = draw.pick(("&", ";", "&&"))
    return draw.pick(PREFIXES) + separator.join(pairs) + draw.text(20)

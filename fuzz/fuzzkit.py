"""What the fuzz harnesses share.

Four things: instrumenting the app's code for coverage while a harness imports it, the rule
every refusal must keep (one sentence for the user, never a traceback), ways of turning
the fuzzer's bytes into inputs that get past the first check of a parser (words and markup
mixed from a list, or a good file with a few bytes or JSON values changed), and reading a
report file as ``explorer add`` does, with the checks on what comes back (``added_file``).

Nothing of the app is imported at the top of this module: a module imported before
``instrumented()`` is entered would not be instrumented.
"""

from __future__ import annotations

import atexit
import importlib
import json
import multiprocessing
import os
import pkgutil
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import atheris

TestOneInput = Callable[[bytes], None]
"""What atheris calls with each input; it raises when the app broke its promise."""

T = TypeVar("T")

MAX_MESSAGE = 2000
"""A refusal longer than this is not one sentence (as in tests/core/test_fuzz.py)."""
MEMORY_PER_BYTE = 50
"""What reading a user file may take in memory, at most, for each byte of it (issue 22)."""
MEMORY_SLACK = 64 * 1024 * 1024
"""Memory any one input may take beyond that: the interpreter's own growth, caches."""
LONG_LISTS = (2_000, 60_000, 250_000)
"""The lengths ``changed_json`` now and then gives a list: past the 200,000 items a user
file may hold, and below it, where each item is validated."""
LONG_JSON = 4_000_000
"""The most JSON characters such a long list is made of."""


@contextmanager
def instrumented(*also: str) -> Iterator[None]:
    """Instrument explorer, and the packages named, for coverage as they are imported.

    The wings' faces import their modules on first use, so every module of explorer.core is
    imported here, inside the block: one first imported later would not be instrumented."""
    with atheris.instrument_imports(include=["explorer", *also]):
        import explorer.core

        for module in pkgutil.walk_packages(explorer.core.__path__, "explorer.core."):
            importlib.import_module(module.name)
        yield


def scratch_folder() -> Path:
    """A new folder in the temporary folder, removed when the fuzzer exits."""
    folder = Path(tempfile.mkdtemp(prefix="explorer-fuzz-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def expect(condition: bool, what: str) -> None:
    """Raise (so that atheris reports a crash) when a promise is broken; unlike ``assert``,
    this also holds under ``python -O``."""
    if not condition:
        raise AssertionError(what)


def shown(value: object, most: int = 300) -> str:
    """A value's repr, cut short enough for a crash report."""
    text = repr(value)
    return text if len(text) <= most else text[: most - 1] + "…"


def peak_memory() -> int:
    """The most memory this process has held, in bytes (Linux counts ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def within_memory(raw: bytes, before: int) -> None:
    """Reading ``raw`` took no more than MEMORY_PER_BYTE times its size (plus the slack)
    above ``before``, the peak before it. The peak only rises, so an input that needs far
    more memory than any before it is caught the first time."""
    grown = peak_memory() - before
    allowed = MEMORY_PER_BYTE * len(raw) + MEMORY_SLACK
    expect(grown <= allowed, f"{len(raw):,} bytes took {grown / 1e6:.0f} MB: {shown(raw[:300])}")


def one_sentence(message: str) -> None:
    """A refusal is some words for the user: not empty, no traceback, not a page."""
    expect(
        bool(message) and "Traceback" not in message and len(message) < MAX_MESSAGE,
        f"a refusal that is not one sentence: {shown(message)}",
    )


class Draw:
    """The fuzzer's bytes, consumed as typed values (atheris' FuzzedDataProvider, typed).

    When the bytes run out every draw still answers: 0, False, empty."""

    def __init__(self, data: bytes) -> None:
        self._fdp = atheris.FuzzedDataProvider(data)

    def number(self, lowest: int, highest: int) -> int:
        return int(self._fdp.ConsumeIntInRange(lowest, highest))

    def big_number(self, size: int = 16) -> int:
        """Any integer that fits in ``size`` bytes, negative ones too."""
        return int(self._fdp.ConsumeInt(size))

    def real(self) -> float:
        """Any float: NaN, infinities and the extremes come up too."""
        return float(self._fdp.ConsumeFloat())

    def flag(self) -> bool:
        return bool(self._fdp.ConsumeBool())

    def text(self, most: int, surrogates: bool = False) -> str:
        """Up to ``most`` characters of any code point (lone surrogates only if asked)."""
        count = self.number(0, most)
        if surrogates:
            return str(self._fdp.ConsumeUnicode(count))
        return str(self._fdp.ConsumeUnicodeNoSurrogates(count))

    def raw(self, most: int) -> bytes:
        return bytes(self._fdp.ConsumeBytes(self.number(0, most)))

    def rest(self) -> bytes:
        """Every byte not consumed yet."""
        return bytes(self._fdp.ConsumeBytes(self._fdp.remaining_bytes()))

    def pick(self, choices: Sequence[T]) -> T:
        return choices[self.number(0, len(choices) - 1)]


def mixed_text(draw: Draw, tokens: Sequence[str], most: int = 40, word: int = 12) -> str:
    """Up to ``most`` pieces, each a token from the list or a few characters of anything:
    markup the parser knows, with the fuzzer's words between."""
    pieces = []
    for _ in range(draw.number(0, most)):
        pieces.append(draw.pick(tokens) if draw.flag() else draw.text(word))
    return "".join(pieces)


def changed_bytes(seed: bytes, draw: Draw, most: int = 8) -> bytes:
    """The seed with one to ``most`` bytes overwritten, where and as the fuzzer says."""
    raw = bytearray(seed)
    for _ in range(draw.number(1, most)):
        raw[draw.number(0, len(raw) - 1)] = draw.number(0, 255)
    return bytes(raw)


ODD_STRINGS = (
    "",
    " ",
    "\t\n",
    "x" * 5000,
    "2024-02-30T00:00:00Z",
    "0001-01-01T00:00:00-23:59",
    "9999-12-31T23:59:59+23:59",
    "2024-05-01",
    "concept:lora",
    "section:ai-llm-advancements-2024#2",
    "ai-llm-advancements-2024#2.1",
    "passage",
    "concept",
    "edge",
    "report",
    "local",
    "TextQuoteSelector",
    "TextPositionSelector",
    "urn:trend-explorer:note:note0001",
    "sha256:0",
)
"""Strings a user file's fields are checked against: dates, ids, kinds, the edges of sizes."""


def json_value(draw: Draw, depth: int = 2) -> Any:
    """Any JSON value, chosen by the fuzzer: the kinds and edges a validator must refuse."""
    kind = draw.number(0, 11)
    if kind == 0:
        return None
    if kind == 1:
        return draw.flag()
    if kind == 2:
        return draw.number(-2, 1001)
    if kind == 3:
        return draw.big_number()
    if kind == 4:
        return draw.real()
    if kind == 5:
        return draw.pick(ODD_STRINGS)
    if kind == 6 and depth > 0:
        return [json_value(draw, depth - 1) for _ in range(draw.number(0, 3))]
    if kind == 7 and depth > 0:
        return {draw.text(8): json_value(draw, depth - 1) for _ in range(draw.number(0, 3))}
    return draw.text(40)


Place = tuple[Any, Any]
"""A value inside a JSON document: its container (a dict or list) and its key or index."""


def _places(doc: Any) -> list[Place]:
    """Every value inside a document, depth first."""
    found: list[Place] = []
    keys: Iterator[Any] = iter(())
    if isinstance(doc, dict):
        keys = iter(list(doc))
    elif isinstance(doc, list):
        keys = iter(range(len(doc)))
    for key in keys:
        found.append((doc, key))
        found.extend(_places(doc[key]))
    return found


def changed_json(doc: Any, draw: Draw, most: int = 4) -> Any:
    """A copy of a JSON document with one to ``most`` values replaced, removed or added:
    a file that still parses as JSON, so the fuzzer works on what validates it."""
    doc = json.loads(json.dumps(doc))
    long = False  # once at most: a long list inside a long list is more than a real file
    for _ in range(draw.number(1, most)):
        places = _places(doc)
        if not places or draw.number(0, 15) == 0:
            return json_value(draw)  # now and then the whole document
        container, key = draw.pick(places)
        if not long and draw.number(0, 15) == 0:  # now and then a list far too long
            long = True
            value = container[key]
            most = LONG_JSON // len(json.dumps(value))  # a few megabytes, however big the value
            container[key] = [value] * min(draw.pick(LONG_LISTS), most)
            continue
        action = draw.number(0, 3)
        if action == 0:
            del container[key]
        elif action == 1 and isinstance(container, dict):
            container[draw.pick([*ODD_STRINGS, draw.text(12)])] = json_value(draw)
        elif action == 1:
            container.insert(key, json.loads(json.dumps(container[key])))  # a twin
        else:
            container[key] = json_value(draw)
    return doc


def as_json_bytes(doc: Any, draw: Draw) -> bytes:
    """A document written as JSON: compact or indented, ASCII or UTF-8, now and then with a
    byte-order mark (which user files may carry)."""
    text = json.dumps(doc, ensure_ascii=draw.flag(), indent=draw.pick([None, 1]))
    bom = b"\xef\xbb\xbf" if draw.number(0, 7) == 0 else b""
    return bom + text.encode("utf-8", "surrogatepass")


def children() -> list[int]:
    """The processes this one started that are still there, zombies (not yet reaped) too:
    read from /proc, where each process names its parent (Linux; none elsewhere)."""
    me = os.getpid()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:  # it ended while we looked
            continue
        fields = stat.rsplit(")", 1)[-1].split()  # after the name, which may hold spaces
        if len(fields) > 1 and fields[1] == str(me):
            found.append(int(entry.name))
    from multiprocessing import resource_tracker  # started once by the first spawn; it stays

    tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    return [pid for pid in found if pid != tracker]


def check_report(report: Any) -> None:
    """A report's offsets give back its text (tests/core/test_ingest.py, assert_offsets)."""
    from explorer.core.reports.ingest import MAX_PASSAGE

    expect(report.passage_count > 0, "a report without passages was not refused")
    for section in report.sections:
        expect(
            bool(report.text[section.start : section.end].strip()),
            f"section {section.id} spans no text",
        )
        for passage in section.passages:
            where = f"passage {passage.id}"
            expect(isinstance(passage.text, str), f"{where}: text is not a str")
            expect(
                report.text[passage.start : passage.end] == passage.text,
                f"{where}: text[{passage.start}:{passage.end}] is not its text "
                f"{shown(passage.text)}",
            )
            expect(passage.text.strip() == passage.text, f"{where}: not trimmed")
            expect(passage.id.startswith(section.id + "."), f"{where}: not in {section.id}")
            expect(len(passage.text) <= MAX_PASSAGE, f"{where}: {len(passage.text)} chars")


def added_file(folder: Path, name: str, data: bytes, seconds: float | None = None) -> Any:
    """Read a report file as ``explorer add`` does (``parse_file``: a reader's Markdown, then
    ``parse_text``): the report, or None when it was refused in one sentence. Any other
    exception goes on to atheris. No process the reader started may be left behind, and the
    file may take at most ``seconds`` when given. The answer: the report, or the refusal."""
    from explorer.core.errors import RefusedFile
    from explorer.core.reports import parse_file

    path = folder / name
    path.write_bytes(data)
    started = time.monotonic()
    report: Any
    try:
        report = parse_file(path)
    except RefusedFile as exc:
        one_sentence(str(exc))
        report = str(exc)
    finally:
        path.unlink()
    took = time.monotonic() - started
    expect(seconds is None or took <= seconds, f"{len(data):,} bytes took {took:.0f} s")
    left = multiprocessing.active_children()
    expect(not left, f"the reader left a child process running: {left}")
    expect(not children(), f"the reader left child processes behind: {children()}")
    if not isinstance(report, str):
        check_report(report)
    return report

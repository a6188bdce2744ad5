"""Did-you-mean: the words reports really use, kept unstemmed beside the index.

The index stores stems ("quantiz"), which make poor suggestions, and whoosh's own spelling
field doubles indexing time; so each report's distinct words are kept in a small file keyed
by its content hash, and suggestions search their union with a Levenshtein automaton.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh.spelling import ListCorrector

from explorer.core.reports import Report
from explorer.core.storage import atomic_write_text

_WORD = re.compile(r"[^\W\d_]{3,30}")
_HEADER = "#words "
"""The first line of a word list: what content it was made from."""


def report_words(report: Report) -> list[str]:
    """The distinct lower-case words of a report's passages and section titles."""
    words: set[str] = set()
    for section in report.sections:
        words.update(w.lower() for w in _WORD.findall(section.title))
        for passage in section.passages:
            words.update(w.lower() for w in _WORD.findall(passage.text))
    return sorted(words)


class _WordList(ListCorrector):  # type: ignore[misc]
    """whoosh's ListCorrector, with a skipper that stays inside the list (whoosh's reads past
    the end of an empty or short one: IndexError)."""

    class Skipper:
        def __init__(self, data: list[str]) -> None:
            self.data = data
            self.i = 0

        def __call__(self, word: str) -> str | None:
            """The first word of the list from ``word`` on; the automaton asks in order."""
            self.i = bisect_left(self.data, word, self.i)
            return self.data[self.i] if self.i < len(self.data) else None


class Vocabulary:
    """Per-report word lists in ``folder``, and suggestions over the library's union of them.

    A list is derived data: one that is missing, damaged or for other content is made
    again; one that cannot be written is kept in memory for this session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._key: tuple[str, ...] = ()
        self._corrector: ListCorrector | None = None
        self._unsaved: dict[str, list[str]] = {}
        self._loading = threading.Lock()  # a reader suggests while a writer remembers

    def _path(self, digest: str) -> Path:
        return self.folder / f"{digest}.txt"

    def remember(self, digest: str, report: Report) -> None:
        if self._words(digest) is None:
            self._write(digest, report_words(report))

    def _write(self, digest: str, words: list[str]) -> None:
        try:
            text = "\n".join([_HEADER + digest, *words])
            atomic_write_text(self._path(digest), text, durable=False)  # derived: see _words
        except OSError:
            self._unsaved[digest] = words

    def _words(self, digest: str) -> list[str] | None:
        """The stored list for this content, or None when it is missing or damaged."""
        if digest in self._unsaved:
            return self._unsaved[digest]
        try:
            lines = self._path(digest).read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            return None
        if lines[0] != _HEADER + digest:
            return None
        return lines[1:]

    def _load(
        self, digests: Iterable[str], rebuild: Callable[[str], Report | None]
    ) -> ListCorrector:
        key = tuple(sorted(set(digests)))
        with self._loading:
            return self._corrector_for(key, rebuild)

    def _corrector_for(
        self, key: tuple[str, ...], rebuild: Callable[[str], Report | None]
    ) -> ListCorrector:
        if self._corrector is None or key != self._key:
            words: set[str] = set()
            for digest in key:
                found = self._words(digest)
                if found is None:
                    report = rebuild(digest)
                    found = report_words(report) if report is not None else []
                    self._write(digest, found)
                words.update(found)
            words.discard("")
            self._corrector, self._key = _WordList(sorted(words)), key
        return self._corrector

    def suggest(
        self,
        word: str,
        digests: Iterable[str],
        rebuild: Callable[[str], Report | None],
        frequency: Callable[[str], int],
    ) -> str | None:
        """The closest known word (1 edit, or 2 for long words), the most frequent first."""
        word = word.lower()
        corrector = self._load(digests, rebuild)
        for maxdist in (1, 2) if len(word) >= 6 else (1,):
            found = [w for w in corrector.suggest(word, limit=50, maxdist=maxdist) if w != word]
            ranked = sorted(found, key=lambda w: (frequency(w), -abs(len(w) - len(word))))
            if ranked and frequency(ranked[-1]) > 0:
                return str(ranked[-1])
        return None

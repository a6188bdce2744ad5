"""Did-you-mean: the words reports really use, kept unstemmed beside the index.

The index stores stems ("quantiz"), which make poor suggestions, and whoosh's own spelling
field doubles indexing time; so each report's distinct words are kept in a small file keyed
by its content hash, and suggestions search their union with a Levenshtein automaton.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh.spelling import ListCorrector

from explorer.core.models import Report
from explorer.core.storage import atomic_write_text

_WORD = re.compile(r"[^\W\d_]{3,30}")


def report_words(report: Report) -> list[str]:
    """The distinct lower-case words of a report's passages and section titles."""
    words: set[str] = set()
    for section in report.sections:
        words.update(w.lower() for w in _WORD.findall(section.title))
        for passage in section.passages:
            words.update(w.lower() for w in _WORD.findall(passage.text))
    return sorted(words)


class Vocabulary:
    """Per-report word lists in ``folder``, and suggestions over the library's union of them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._key: tuple[str, ...] = ()
        self._corrector: ListCorrector | None = None

    def _path(self, digest: str) -> Path:
        return self.folder / f"{digest}.txt"

    def remember(self, digest: str, report: Report) -> None:
        if not self._path(digest).exists():
            atomic_write_text(self._path(digest), "\n".join(report_words(report)))

    def _load(self, digests: Iterable[str], rebuild: Callable[[str], Report]) -> ListCorrector:
        key = tuple(sorted(set(digests)))
        if self._corrector is None or key != self._key:
            words: set[str] = set()
            for digest in key:
                path = self._path(digest)
                if not path.exists():
                    self.remember(digest, rebuild(digest))
                words.update(path.read_text(encoding="utf-8").split("\n"))
            words.discard("")
            self._corrector, self._key = ListCorrector(sorted(words)), key
        return self._corrector

    def suggest(
        self,
        word: str,
        digests: Iterable[str],
        rebuild: Callable[[str], Report],
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

"""What an operation changed (the shape of Anki's OpChanges), returned by the operation itself.

Every Workspace operation that changes something returns a :class:`Done`: its result and a
:class:`Changes` record made by the core, never by a face. The window's task runner publishes
the record with its initiator; each view decides for itself what to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Generic, TypeVar

T = TypeVar("T")

_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Changes:
    """One operation's changes, told apart finely enough that a view refreshes only what it
    shows: a note's body edited is not a note moved, a report's date is not its text."""

    reports: frozenset[str] = _NONE
    """Reports whose text came, changed or went: search, the graph and the map follow."""
    dates: frozenset[str] = _NONE
    """Reports whose date alone changed: trends and the library's date column follow."""
    all_reports: bool = False
    """The list of reports was replaced as a whole (a library recovered from a backup)."""
    notes: frozenset[str] = _NONE
    """Notes made, trashed, restored or re-anchored: lists, badges and the reader follow."""
    note_bodies: frozenset[str] = _NONE
    """Notes whose text or tags alone changed: their row and preview follow, nothing else."""
    all_notes: bool = False
    """The notes were replaced as a whole (imported, recovered)."""
    tours: frozenset[str] = _NONE
    """Tours made, edited, trashed or restored."""
    all_tours: bool = False
    """The tours were replaced as a whole (recovered)."""
    concepts: frozenset[str] = _NONE
    """Concepts the user's vocabulary edits touched (hidden, shown again, merged, renamed,
    added; or an edit of them undone or redone): the graph, the map, trends and every
    concept list follow, though no report changed."""
    all_concepts: bool = False
    """The user's concept edits were replaced as a whole (recovered from a backup)."""
    index: bool = False
    """The search index was brought up to date (made anew, or caught up after an add that
    was stopped): what a search finds may have changed, though no report did."""

    @property
    def library_changed(self) -> bool:
        """The reports listed, or what is shown of one of them, changed."""
        return self.all_reports or bool(self.reports or self.dates)

    @property
    def text_changed(self) -> bool:
        """Report text came, changed or went: the index, the graph and the map are stale."""
        return self.all_reports or bool(self.reports)

    @property
    def notes_changed(self) -> bool:
        """Notes came, went or moved (not only their text)."""
        return self.all_notes or bool(self.notes)

    @property
    def tours_changed(self) -> bool:
        return self.all_tours or bool(self.tours)

    @property
    def vocabulary_changed(self) -> bool:
        """The user's concept edits changed: what the graph shows of concepts is stale."""
        return self.all_concepts or bool(self.concepts)

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: Changes) -> Changes:
        """Both operations' changes, as one record."""
        merged = {f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)}
        return Changes(**merged)


NOTHING = Changes()
"""An operation that changed nothing (an unchanged report added again)."""


@dataclass(frozen=True)
class Done(Generic[T]):
    """An operation's result and what it changed."""

    value: T
    changes: Changes = field(default=NOTHING)

"""What an operation changed, announced to every view (the shape of Anki's OpChanges).

Views decide for themselves what to refresh; the view that made a change (its ``origin``)
does not reload itself over what the user is doing there.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """One operation's changes: which stores, which ids, and who made them."""

    library: bool = False
    index: bool = False
    graph: bool = False
    notes: bool = False
    tours: bool = False
    ids: frozenset[str] = field(default_factory=frozenset)
    origin: object = None

    def made_by(self, who: object) -> bool:
        return self.origin is not None and self.origin is who

"""Back and forward over navigations (searches, focused concepts, opened sections)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where the user was: a search, a focused graph node, or an opened section."""

    kind: str  # "search", "focus" or "section"
    value: str


class History:
    """A browser-like history: visiting a new place drops the forward list."""

    def __init__(self, limit: int = 200) -> None:
        self._places: list[Place] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    def visit(self, place: Place) -> None:
        if place == self.current:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._index = len(self._places) - 1

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def back(self) -> Place | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self._places[self._index]

    def forward(self) -> Place | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self._places[self._index]

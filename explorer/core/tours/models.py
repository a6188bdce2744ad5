"""Tours: ordered stops through the concept graph, for presenting. A tour is user data.

A stop remembers what the screen showed: which view (the whole graph, the neighbourhood of
one node, the library map, or the graph as a trends period left it), the node focused or the
path drawn, the depth and the kinds shown, and the camera. It also carries what is said
there: a caption, the passage quoted as evidence, the notes linked, and speaker notes.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import ConfigDict, FailFast, Field, field_validator, model_validator

from explorer.core.filemodel import FileModel
from explorer.core.times import UtcTime

TOURS_SCHEMA = 1
VIEWS = ("graph", "local", "map", "trends")
View = Literal["graph", "local", "map", "trends"]
ID_PATTERN = r"^[A-Za-z0-9_-]{4,64}$"


class Camera(FileModel):
    """Where the view looks: its centre in graph coordinates (the layout spans -1…1) and its
    zoom (1 shows a width of 2, the whole layout; 2 shows half of that)."""

    model_config = ConfigDict(frozen=True)

    x: float = Field(ge=-100.0, le=100.0)
    y: float = Field(ge=-100.0, le=100.0)
    zoom: float = Field(gt=0.001, le=1000.0)

    @field_validator("x", "y", "zoom")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value


class Stop(FileModel):
    """One stop of a tour: a state of the graph and what is said there."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1, max_length=200)
    view: View = "graph"
    focus: str | None = Field(default=None, max_length=400)
    """A graph node id (``concept:lora``, ``section:report#2``); the local view needs one."""
    path: Annotated[tuple[str, ...], FailFast()] = Field(default=(), max_length=50)
    depth: int = Field(default=1, ge=1, le=3)
    kinds: Annotated[tuple[str, ...] | None, FailFast()] = None
    """The node kinds shown; None shows every kind."""
    period: str | None = Field(default=None, max_length=400)
    """For the trends view: the period the graph has reached (None: the last one): a year,
    quarter or month, or a report id (up to 80 characters and a suffix) when each report
    is a period."""
    camera: Camera | None = None
    """None: fit what the stop shows."""
    caption: str = Field(default="", max_length=2000)
    evidence: str | None = Field(default=None, max_length=400)
    """The passage quoted on screen, by id (``report#2.3``)."""
    notes: Annotated[tuple[str, ...], FailFast()] = Field(default=(), max_length=100)
    """Ids of the notes linked to this stop."""
    speaker_notes: str = Field(default="", max_length=20_000)

    @model_validator(mode="after")
    def _needs(self) -> Stop:
        if self.view == "local" and not self.focus:
            raise ValueError("a local view needs a focused node")
        return self


class Tour(FileModel):
    """A named, ordered list of stops."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1, max_length=120)
    created: UtcTime
    updated: UtcTime
    stops: Annotated[tuple[Stop, ...], FailFast()] = Field(default=(), max_length=500)

    @field_validator("name")
    @classmethod
    def _one_line(cls, name: str) -> str:
        cleaned = " ".join(name.split())
        if not cleaned:
            raise ValueError("a tour needs a name")
        return cleaned

    @model_validator(mode="after")
    def _unique_stops(self) -> Tour:
        ids = [s.id for s in self.stops]
        if len(set(ids)) != len(ids):
            raise ValueError("two stops of a tour share an id")
        return self


class TrashedTour(FileModel):
    """A deleted tour, kept until the user empties the trash."""

    model_config = ConfigDict(frozen=True)

    tour: Tour
    deleted: UtcTime


class ToursFile(FileModel):
    """The on-disk shape of tours/tours.json."""

    schema_version: Literal[1] = 1
    tours: Annotated[list[Tour], FailFast()] = Field(default_factory=list)
    trash: Annotated[list[TrashedTour], FailFast()] = Field(default_factory=list)
    # FailFast (here and on every list above): the first wrong item is the answer

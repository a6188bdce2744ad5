"""The tours wing: saved tours through the concept graph for presenting (user data, stored
like notes), the default tour a library offers, and the slide exports (HTML; the PDF is
drawn by the window's side).

Other wings and the faces use only the names below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core._faces import lazy_face

if TYPE_CHECKING:
    from explorer.core.tours.default import best_passage, default_tour
    from explorer.core.tours.html import tour_html
    from explorer.core.tours.models import (
        TOURS_SCHEMA,
        VIEWS,
        Camera,
        Stop,
        Tour,
        ToursFile,
        TrashedTour,
        View,
    )
    from explorer.core.tours.slides import Slide
    from explorer.core.tours.store import ToursDamaged, TourStore, parse_tours_file

__all__ = [
    "DEFAULT_ID",
    "TOURS_SCHEMA",
    "VIEWS",
    "Camera",
    "Slide",
    "Stop",
    "Tour",
    "TourStore",
    "ToursDamaged",
    "ToursFile",
    "TrashedTour",
    "View",
    "best_passage",
    "default_tour",
    "parse_tours_file",
    "tour_html",
]

DEFAULT_ID = "default"
"""The id of the tour a library offers of itself (it is saved under it once changed)."""

__getattr__ = lazy_face(
    __name__,
    {
        "TOURS_SCHEMA": "models",
        "VIEWS": "models",
        "Camera": "models",
        "Slide": "slides",
        "Stop": "models",
        "Tour": "models",
        "ToursFile": "models",
        "TrashedTour": "models",
        "View": "models",
        "default_tour": "default",
        "best_passage": "default",
        "tour_html": "html",
        "TourStore": "store",
        "ToursDamaged": "store",
        "parse_tours_file": "store",
    },
)

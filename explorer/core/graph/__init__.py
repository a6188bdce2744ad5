"""The graph wing: the concept vocabulary and matcher, keyphrase discovery, the graph's
build, metrics and layout, queries and evidence, its cache and its export formats.

Other wings and the faces use only the names below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core._faces import lazy_face

if TYPE_CHECKING:
    from explorer.core.graph.export import export_graph
    from explorer.core.graph.queries import ConceptGraph
    from explorer.core.graph.service import GraphService
    from explorer.core.graph.vocabulary import load_taxonomy

__all__ = ["ConceptGraph", "GraphService", "export_graph", "load_taxonomy"]

__getattr__ = lazy_face(
    __name__,
    {
        "ConceptGraph": "queries",
        "GraphService": "service",
        "export_graph": "export",
        "load_taxonomy": "vocabulary",
    },
)

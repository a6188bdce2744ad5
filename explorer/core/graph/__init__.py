"""The graph wing: the concept vocabulary and matcher, keyphrase discovery, the graph's
build, metrics and layout, queries and evidence, its cache and its export formats; the
user's concept edits (hide, merge, rename, add: user data, applied on top of the built
graph); the library map (a concept map of the whole library) and where labels go on screen.

Other wings and the faces use only the names below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core._faces import lazy_face

if TYPE_CHECKING:
    from explorer.core.graph.cards import (
        EVIDENCE_KEPT,
        Card,
        CardStore,
        Spans,
        card_of,
        cards_key,
        spans_within,
    )
    from explorer.core.graph.concept_map.first import FirstMap
    from explorer.core.graph.concept_map.model import ConceptMap, MapSettings
    from explorer.core.graph.concept_map.shown import (
        FIRST_TOP,
        first_settings,
        map_graph,
        wants_map,
    )
    from explorer.core.graph.curation.apply import apply_edits
    from explorer.core.graph.curation.editor import (
        ConceptEdits,
        ConceptRow,
        Imported,
        describe,
    )
    from explorer.core.graph.curation.models import (
        Add,
        AnyEdit,
        ConceptRef,
        EditsFile,
        Hide,
        Import,
        Merge,
        Rename,
        Unhide,
    )
    from explorer.core.graph.curation.proposals import Proposal
    from explorer.core.graph.curation.store import (
        EditsDamaged,
        EditsState,
        EditsStore,
        parse_edits_file,
    )
    from explorer.core.graph.export import export_graph
    from explorer.core.graph.placement import (
        LABEL_CAP,
        Placement,
        Rect,
        label_candidates,
        place_labels,
    )
    from explorer.core.graph.queries import ConceptGraph
    from explorer.core.graph.service import GraphService
    from explorer.core.graph.vocabulary import load_taxonomy

__all__ = [
    "EVIDENCE_KEPT",
    "FIRST_TOP",
    "LABEL_CAP",
    "Add",
    "AnyEdit",
    "Card",
    "CardStore",
    "ConceptEdits",
    "ConceptGraph",
    "ConceptMap",
    "ConceptRef",
    "ConceptRow",
    "EditsDamaged",
    "EditsFile",
    "EditsState",
    "EditsStore",
    "FirstMap",
    "GraphService",
    "Hide",
    "Import",
    "Imported",
    "MapSettings",
    "Merge",
    "Placement",
    "Proposal",
    "Rect",
    "Rename",
    "Spans",
    "Unhide",
    "apply_edits",
    "card_of",
    "cards_key",
    "describe",
    "export_graph",
    "first_settings",
    "label_candidates",
    "load_taxonomy",
    "map_graph",
    "parse_edits_file",
    "place_labels",
    "spans_within",
    "wants_map",
]

__getattr__ = lazy_face(
    __name__,
    {
        "ConceptGraph": "queries",
        "EVIDENCE_KEPT": "cards",
        "Card": "cards",
        "CardStore": "cards",
        "Spans": "cards",
        "card_of": "cards",
        "cards_key": "cards",
        "spans_within": "cards",
        "FIRST_TOP": "concept_map.shown",
        "ConceptMap": "concept_map.model",
        "LABEL_CAP": "placement",
        "MapSettings": "concept_map.model",
        "FirstMap": "concept_map.first",
        "Placement": "placement",
        "Rect": "placement",
        "label_candidates": "placement",
        "map_graph": "concept_map.shown",
        "place_labels": "placement",
        "first_settings": "concept_map.shown",
        "wants_map": "concept_map.shown",
        "GraphService": "service",
        "export_graph": "export",
        "load_taxonomy": "vocabulary",
        "apply_edits": "curation.apply",
        "ConceptEdits": "curation.editor",
        "ConceptRow": "curation.editor",
        "Imported": "curation.editor",
        "describe": "curation.editor",
        "Add": "curation.models",
        "AnyEdit": "curation.models",
        "ConceptRef": "curation.models",
        "EditsFile": "curation.models",
        "Hide": "curation.models",
        "Import": "curation.models",
        "Merge": "curation.models",
        "Rename": "curation.models",
        "Unhide": "curation.models",
        "Proposal": "curation.proposals",
        "EditsDamaged": "curation.store",
        "EditsState": "curation.store",
        "EditsStore": "curation.store",
        "parse_edits_file": "curation.store",
    },
)

"""What the user's concept edits come to, whatever their order (``Curation``): read by
``apply.py``, which applies it to the graph, and by ``find.py``, which reads text under it.
Nothing here needs the graph, so reading a concept's card beside the graph loads no graph
library."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from explorer.core.graph.curation.models import (
    Add,
    ConceptRef,
    Hide,
    Merge,
    Rename,
    SimpleEdit,
    Unhide,
)


@dataclass
class Curation:
    """What the edits come to, whatever their order: the concepts hidden, each merged
    concept's target, the labels given (and each renamed concept's first label), and the
    concepts added (the last add of an id wins)."""

    hidden: dict[str, ConceptRef] = field(default_factory=dict)
    merged: dict[str, tuple[ConceptRef, ConceptRef]] = field(default_factory=dict)
    """source id → (the source, its target) as the merge named them."""
    renamed: dict[str, str] = field(default_factory=dict)
    first_labels: dict[str, str] = field(default_factory=dict)
    added: dict[str, Add] = field(default_factory=dict)

    def target(self, concept: str) -> str:
        """Where a concept's mentions end up after every merge (itself when not merged, or
        when merges name each other in a ring, which only a hand-made file can do)."""
        seen = {concept}
        current = concept
        while current in self.merged:
            current = self.merged[current][1].id
            if current in seen:
                return concept
            seen.add(current)
        return current

    def merge_groups(self) -> dict[str, list[str]]:
        """Each target → the concepts merged into it, in the order they were merged."""
        groups: dict[str, list[str]] = defaultdict(list)
        for source in self.merged:
            target = self.target(source)
            if target != source:
                groups[target].append(source)
        return dict(groups)

    def target_ref(self, target: str) -> ConceptRef | None:
        """The target as the last merge into it named it."""
        refs = [into for _, into in self.merged.values() if into.id == target]
        return refs[-1] if refs else None


def fold(edits: Iterable[SimpleEdit]) -> Curation:
    """What the edits come to (see Curation)."""
    state = Curation()
    for edit in edits:
        if isinstance(edit, Hide):
            state.hidden.update((c.id, c) for c in edit.concepts)
        elif isinstance(edit, Unhide):
            for concept in edit.concepts:
                state.hidden.pop(concept.id, None)
        elif isinstance(edit, Merge):
            for source in edit.sources:
                if source.id != edit.into.id:
                    state.merged.pop(source.id, None)  # merged again: last in order
                    state.merged[source.id] = (source, edit.into)
            state.merged.pop(edit.into.id, None)
        elif isinstance(edit, Rename):
            state.first_labels.setdefault(edit.concept.id, edit.concept.label)
            state.renamed[edit.concept.id] = edit.label
        elif isinstance(edit, Add):
            node = edit.concept.id
            state.added.pop(node, None)
            state.added[node] = edit
            state.hidden.pop(node, None)  # added after it was hidden: the user wants it
            state.merged.pop(node, None)
    return state

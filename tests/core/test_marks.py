"""The reader's marks, computed in the core: concepts, query terms, notes."""

from __future__ import annotations

from pathlib import Path

from explorer.core.annotate import resolve_target
from explorer.core.marks import section_marks
from explorer.core.workspace import Workspace

SEED = "ai-llm-advancements-2024"


def test_concepts_query_words_and_notes_are_marked(data_dir: Path) -> None:
    ws = Workspace(data_dir)
    section_id = f"{SEED}#8"
    _report, section = ws.section(section_id)
    passage = section.passages[0]
    assert section_marks(ws, section_id)[passage.id] == []  # no graph, no query, no notes
    note = ws.notes().add(resolve_target(ws, section_id, "federated learning"), body="local").value
    marks = section_marks(ws, section_id, "privacy", ws.graph())[passage.id]
    words = {(passage.text[s:e], kind) for s, e, kind in marks}
    assert ("federated learning", "federated-learning") in words
    assert ("privacy", "") in words and ("federated learning", f"note:{note.id}") in words
    assert all(passage.text[s:e].lower().startswith("privac") for s, e, k in marks if k == "")

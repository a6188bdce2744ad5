"""The notes wing: note models, the store (atomic, backed up, recoverable), anchoring
notes to text, and exports (Markdown, HTML, W3C Web Annotation).

Other wings and the faces use only the names below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core._faces import lazy_face

if TYPE_CHECKING:
    from explorer.core.notes.anchoring import target_for
    from explorer.core.notes.export import (
        export_html,
        export_markdown,
        export_text,
        from_web_annotation,
        safe_filename,
        to_json,
    )
    from explorer.core.notes.grouping import Titles, concept_slug, note_page
    from explorer.core.notes.models import (
        ConceptTarget,
        EdgeTarget,
        Note,
        PassageTarget,
        ReportTarget,
        Target,
    )
    from explorer.core.notes.store import NotesDamaged, NoteStore, notes_in_file

__all__ = [
    "ConceptTarget",
    "EdgeTarget",
    "Note",
    "NoteStore",
    "NotesDamaged",
    "PassageTarget",
    "ReportTarget",
    "Target",
    "Titles",
    "concept_slug",
    "export_html",
    "export_markdown",
    "export_text",
    "from_web_annotation",
    "note_page",
    "notes_in_file",
    "safe_filename",
    "target_for",
    "to_json",
]

__getattr__ = lazy_face(
    __name__,
    {
        "to_json": "export",
        "safe_filename": "export",
        "export_text": "export",
        "export_markdown": "export",
        "export_html": "export",
        "concept_slug": "grouping",
        "note_page": "grouping",
        "Titles": "grouping",
        "ConceptTarget": "models",
        "EdgeTarget": "models",
        "Note": "models",
        "NoteStore": "store",
        "NotesDamaged": "store",
        "PassageTarget": "models",
        "ReportTarget": "models",
        "Target": "models",
        "from_web_annotation": "export",
        "notes_in_file": "store",
        "target_for": "anchoring",
    },
)

"""Notes as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), and back.

One ``AnnotationCollection`` with a single ``AnnotationPage``; one ``Annotation`` per note.
Passage targets carry a TextQuoteSelector and a TextPositionSelector, as Hypothesis does.
Everything the W3C model has no word for sits under our own ``te:`` keys, so that reading a
file we wrote gives back exactly the notes that went in. A passage target's ``te:page`` (the
label printed on the PDF page its words start on, else null) is derived from the report,
not kept with the note, and so is not read back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, unquote

from pydantic import ValidationError

from explorer.core.errors import ExplorerError
from explorer.core.notes.grouping import (
    IdTitles,
    Titles,
    concept_slug,
    note_page,
    target_label,
)
from explorer.core.notes.models import (
    ConceptTarget,
    EdgeTarget,
    Note,
    PassageTarget,
    Target,
)
from explorer.core.storage import parse_json
from explorer.core.userfile import first_error

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
TE_NAMESPACE = "urn:trend-explorer:ns#"
NOTE_URN = "urn:trend-explorer:note:"
SOURCE = "explorer://"
MARKDOWN = "text/markdown"


def to_web_annotation(notes: Sequence[Note], titles: Titles | None = None) -> dict[str, Any]:
    """An AnnotationCollection holding one Annotation per note (titles only label targets)."""
    names = titles or IdTitles()
    return {
        "@context": [ANNO_CONTEXT, {"te": TE_NAMESPACE}],
        "type": "AnnotationCollection",
        "label": "Trend Explorer notes",
        "te:schema": 1,
        "total": len(notes),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [_annotation(note, names) for note in notes],
        },
    }


def to_json(notes: Sequence[Note], titles: Titles | None = None) -> str:
    return json.dumps(to_web_annotation(notes, titles), ensure_ascii=False, indent=2) + "\n"


def _annotation(note: Note, titles: Titles) -> dict[str, Any]:
    body: list[dict[str, str]] = []
    if note.body:
        body.append({"type": "TextualBody", "value": note.body, "format": MARKDOWN})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in note.tags]
    item: dict[str, Any] = {
        "id": NOTE_URN + note.id,
        "type": "Annotation",
        "created": note.created.isoformat(),
        "modified": note.updated.isoformat(),
        "motivation": "highlighting" if note.is_highlight else "commenting",
    }
    if body:
        item["body"] = body
    item["target"] = {**_target(note.target), "te:label": target_label(note, titles)}
    if isinstance(note.target, PassageTarget):
        item["target"]["te:page"] = note_page(note, titles)  # a PDF's printed label, or null
    return item


def _target(target: Target) -> dict[str, Any]:
    if isinstance(target, PassageTarget):
        return _passage_target(target)
    if isinstance(target, ConceptTarget):
        slug = quote(concept_slug(target.concept), safe="")
        return {
            "source": f"{SOURCE}concept/{slug}",
            "te:type": "concept",
            "te:concept": target.concept,
        }
    if isinstance(target, EdgeTarget):
        ends = "/".join(quote(concept_slug(n), safe="") for n in (target.source, target.target))
        return {
            "source": f"{SOURCE}edge/{ends}",
            "te:type": "edge",
            "te:source": target.source,
            "te:target": target.target,
        }
    return {
        "source": f"{SOURCE}report/{quote(target.report, safe='')}",
        "te:type": "report",
        "te:report": target.report,
    }


def _passage_target(target: PassageTarget) -> dict[str, Any]:
    """A report's words, by quote and by position (W3C selectors), plus our exact ids."""
    return {
        "source": f"{SOURCE}report/{quote(target.report, safe='')}",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": target.quote.exact,
                "prefix": target.quote.prefix,
                "suffix": target.quote.suffix,
            },
            {
                "type": "TextPositionSelector",
                "start": target.position.start,
                "end": target.position.end,
            },
        ],
        "te:type": "passage",
        "te:report": target.report,
        "te:section": target.section,
        "te:passage": target.passage,
        "te:orphaned": target.orphaned,
    }


# ---- reading back --------------------------------------------------------------------------


class _Bad(Exception):
    """What is wrong with one annotation, finished into a sentence by the caller."""


def from_web_annotation(data: str | bytes) -> list[Note]:
    """The notes in a Web Annotation file written by :func:`to_json`.

    Raises ExplorerError naming what is wrong and which annotation (counting from 1)."""
    return from_annotations(_parse(data))


def from_annotations(doc: Any) -> list[Note]:
    """from_web_annotation for the JSON of the file, read with ``parse_json``."""
    items = _items(doc)
    notes = []
    for number, item in enumerate(items, start=1):
        try:
            notes.append(Note.model_validate(_note_fields(item)))
        except _Bad as exc:
            raise ExplorerError(f"Annotation {number} in the file {exc}.") from None
        except ValidationError as exc:
            why, where = first_error(exc)
            raise ExplorerError(
                f"Annotation {number} in the file is not a valid note: {why} at "
                f"{where or 'top level'}."
            ) from None
    return notes


def _parse(data: str | bytes) -> Any:
    try:  # in the shape a user file may have: no list too long, nothing nested too deeply
        return parse_json(data.encode("utf-8") if isinstance(data, str) else data)
    except ValueError as exc:
        raise ExplorerError(f"The annotation file is {exc}.") from None


def _items(doc: Any) -> list[Any]:
    """The annotations of a collection, a page, a bare list or a single annotation."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        kind = doc.get("type")
        if kind == "Annotation":
            return [doc]
        page = doc.get("first") if kind == "AnnotationCollection" else doc
        if isinstance(page, dict) and isinstance(page.get("items"), list):
            return list(page["items"])
    raise ExplorerError(
        "The file is not a Web Annotation collection: it has no list of annotations "
        "(expected first.items in an AnnotationCollection)."
    )


def _note_fields(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise _Bad("is not a JSON object")
    if item.get("type") != "Annotation":
        raise _Bad('does not have "type": "Annotation"')
    note_id = item.get("id")
    if not isinstance(note_id, str) or not note_id.startswith(NOTE_URN):
        raise _Bad(f'has no Trend Explorer id ("{NOTE_URN}…")')
    body, tags = _body(item.get("body", []))
    return {
        "id": note_id.removeprefix(NOTE_URN),
        "created": _when(item, "created"),
        "updated": _when(item, "modified"),
        "body": body,
        "tags": tags,
        "target": _target_fields(item.get("target")),
    }


def _when(item: dict[str, Any], key: str) -> dt.datetime:
    value = item.get(key)
    try:
        if isinstance(value, str):
            return dt.datetime.fromisoformat(value)
    except ValueError:
        pass
    raise _Bad(f'has no ISO 8601 date in "{key}" (found {str(value)[:40]!r})')


def _body(raw: Any) -> tuple[str, list[str]]:
    bodies = raw if isinstance(raw, list) else [raw]
    text, tags = "", []
    for body in bodies:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            raise _Bad("has a body that is not a TextualBody with a text value")
        if body.get("purpose") == "tagging":
            tags.append(body["value"])
        elif not text:
            text = body["value"]
        else:
            raise _Bad("has more than one note text in its body")
    return text, tags


def _target_fields(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Bad('has no "target" object')
    kind = raw.get("te:type")
    if kind == "passage":
        quote_sel, position = _selectors(raw.get("selector"))
        return {
            "type": "passage",
            "report": raw.get("te:report") or _report_of(raw),
            "section": raw.get("te:section"),
            "passage": raw.get("te:passage"),
            "quote": _pick(quote_sel, "exact", "prefix", "suffix"),
            "position": _pick(position, "start", "end"),
            "orphaned": raw.get("te:orphaned", False),
        }
    if kind == "concept":
        return {"type": "concept", "concept": raw.get("te:concept")}
    if kind == "edge":
        return {"type": "edge", "source": raw.get("te:source"), "target": raw.get("te:target")}
    if kind == "report":
        return {"type": "report", "report": raw.get("te:report") or _report_of(raw)}
    raise _Bad('has a target without "te:type" (passage, concept, edge or report)')


def _pick(selector: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The selector's fields that the note model knows (absent ones take their defaults)."""
    return {key: selector[key] for key in keys if key in selector}


def _report_of(target: dict[str, Any]) -> str:
    """A report id from a target's ``explorer://report/<id>`` source."""
    source = target.get("source")
    prefix = f"{SOURCE}report/"
    if isinstance(source, str) and source.startswith(prefix):
        return unquote(source.removeprefix(prefix))
    raise _Bad(f'has a report target whose source is not "{prefix}…"')


def _selectors(raw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    chosen: dict[str, dict[str, Any]] = {}
    for selector in raw if isinstance(raw, list) else [raw]:
        if isinstance(selector, dict) and isinstance(selector.get("type"), str):
            chosen.setdefault(selector["type"], selector)
    try:
        return chosen["TextQuoteSelector"], chosen["TextPositionSelector"]
    except KeyError as missing:
        raise _Bad(f"has a passage target without a {missing.args[0]}") from None

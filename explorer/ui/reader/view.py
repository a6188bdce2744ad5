"""The reader: one section's text, escaped, with query terms and concept mentions marked.

Report text is untrusted: every character of it goes through html.escape; the only markup
is the app's own (heading, paragraphs, highlight spans, links to concepts). Markdown's own
markers (** ` # > and link URLs) are left out of what is shown, not interpreted.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QPalette
from PySide6.QtWidgets import QTextBrowser

from explorer.core.ids import concept_node, is_concept
from explorer.core.marks import Mark
from explorer.core.reports import Report, Section, hidden_markup, visible, visible_offsets

Span = Mark


def section_html(
    report: Report,
    section: Section,
    spans: dict[str, list[Span]],
    focus_passage: str | None,
    colours: dict[str, str],
) -> tuple[str, list[list[int]]]:
    """The section as HTML (title, report, then each passage as a paragraph), and for each
    passage the report offset of every character it shows (-1 for the app's own marks)."""
    parts = [
        f"<h2>{html.escape(section.title)}</h2>",
        f'<p style="color:{colours["muted"]}">{html.escape(report.title)}'
        f" · {html.escape(section.id)}</p>",
    ]
    maps = []
    for passage in section.passages:
        body, shown = _marked(passage.text, spans.get(passage.id, []), colours)
        maps.append([passage.start + i if i >= 0 else -1 for i in shown])
        style = f' style="background:{colours["focus"]}"' if passage.id == focus_passage else ""
        parts.append(f'<p{style}><a name="{html.escape(passage.id)}"></a>{body}</p>')
    return "\n".join(parts), maps


def _marked(text: str, spans: Iterable[Span], colours: dict[str, str]) -> tuple[str, list[int]]:
    """The passage as HTML: every character escaped, Markdown markup left out, spans marked;
    and the passage offset of each character shown (-1 for a note marker)."""
    hidden = hidden_markup(text)
    offsets: list[int] = []

    def shown(a: int, b: int) -> str:
        offsets.extend(visible_offsets(a, b, hidden))
        return html.escape(visible(text, a, b, hidden)).replace("\n", "<br>")

    out: list[str] = []
    cursor = 0
    # where spans overlap, the first wins: earlier, then longer, then a note before a concept
    order = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]), not s[2].startswith("note:")))
    for start, end, concept in order:
        if start < cursor or end > len(text):
            continue
        out.append(shown(cursor, start))
        words = shown(start, end)
        if concept.startswith("note:"):
            href = html.escape(concept, quote=True)
            out.append(
                f'<a href="{href}" style="background:{colours["note"]};color:inherit;'
                f'text-decoration:none">{words}</a><a href="{href}" '
                f'style="text-decoration:none">&#x270E;</a>'
            )
            offsets.append(-1)
        elif concept:
            href = html.escape(concept_node(concept), quote=True)
            out.append(
                f'<a href="{href}" style="color:{colours["link"]};text-decoration:none;'
                f'border-bottom:1px dotted">{words}</a>'
            )
        else:
            out.append(f'<span style="background:{colours["mark"]}">{words}</span>')
        cursor = end
    out.append(shown(cursor, len(text)))
    body = "".join(out)
    if text.startswith(("```", "~~~", "    ", "\t")):  # code, as written, in a fixed font
        body = f'<span style="font-family:monospace;white-space:pre-wrap">{body}</span>'
    return body, offsets


class Reader(QTextBrowser):
    """Shows a section; clicking a marked concept emits ``concept_clicked(node id)``."""

    concept_clicked = Signal(str)
    note_clicked = Signal(str)
    section_shown = Signal(str)
    """The id of the section now shown."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)
        flags = self.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByKeyboard
        self.setTextInteractionFlags(flags)  # Shift+arrows select, as in any text view
        self.section_id: str | None = None
        self._maps: list[list[int]] = []
        self.show_empty_state()

    def colours(self) -> dict[str, str]:
        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        return {
            "mark": "#7a6a00" if dark else "#fff2a8",
            "focus": "#2a3440" if dark else "#eef4ff",
            "link": "#8cc4ff" if dark else "#0b5cad",
            "muted": "#9aa0a6" if dark else "#5f6368",
            "note": "#5c4a1a" if dark else "#ffe0b2",
        }

    def show_section(
        self,
        report: Report,
        section: Section,
        spans: dict[str, list[Span]],
        focus_passage: str | None = None,
    ) -> None:
        self.section_id = section.id
        page, self._maps = section_html(report, section, spans, focus_passage, self.colours())
        self.setHtml(page)
        if focus_passage:
            self.scrollToAnchor(focus_passage)
        else:
            self.verticalScrollBar().setValue(0)
        self.section_shown.emit(section.id)

    def show_empty_state(self) -> None:
        self.section_id = None
        self._maps = []
        muted = self.colours()["muted"]
        self.setHtml(
            f'<p style="color:{muted}">Search for a word, or click a node in the graph, '
            "to read the passage behind it here. Underlined words are concepts: click one "
            "to see it in the graph.</p>"
        )

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        """Never load anything a report refers to: no files, no network."""
        return None

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if is_concept(text):
            self.concept_clicked.emit(text)
        elif text.startswith("note:"):
            self.note_clicked.emit(text.split(":", 1)[1])

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as report offsets (start, end), found through the map of what each
        shown character is in the source; None when nothing of a passage is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        first = self._source_offset(cursor.selectionStart(), forward=True)
        last = self._source_offset(cursor.selectionEnd() - 1, forward=False)
        if first is None or last is None or last < first:
            return None
        return first, last + 1

    def _source_offset(self, position: int, forward: bool) -> int | None:
        """The report offset of the character at a document position (the nearest shown
        character of a passage, looking forward or back past the app's own marks)."""
        document = self.document()
        passages = [document.findBlockByNumber(2 + i) for i in range(len(self._maps))]
        step = 1 if forward else -1
        while 0 <= position < document.characterCount():
            block = document.findBlock(position)
            number = block.blockNumber() - 2
            if 0 <= number < len(self._maps) and passages[number] == block:
                shown = self._maps[number]
                inside = position - block.position()
                if len(shown) == block.length() - 1 and 0 <= inside < len(shown):
                    if shown[inside] >= 0:
                        return shown[inside]
                elif len(shown) != block.length() - 1:
                    return None  # the page is not laid out as mapped: do not guess
            position += step
        return None

    def selected_words(self) -> str:
        """The selected text, paragraph breaks as new lines."""
        return self.textCursor().selectedText().replace("\u2029", "\n").replace("\u270e", "")

    def add_context_actions(self, actions: list[QAction]) -> None:
        """Actions offered on right click, above the usual Copy and Select All."""
        self._context_actions = actions

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        first = menu.actions()[0] if menu.actions() else None
        for action in getattr(self, "_context_actions", []):
            menu.insertAction(first, action)  # type: ignore[arg-type]
        if first is not None:
            menu.insertSeparator(first)
        menu.exec(event.globalPos())

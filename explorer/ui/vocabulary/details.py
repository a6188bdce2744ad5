"""The focused concept's details, above the graph: its name, kind, mentions and other names,
with the vocabulary's buttons for it (Rename…, Merge Into…, Hide)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from explorer.core.kinds import NODE_KINDS, OTHER_KIND_COLOUR
from explorer.core.wording import many

KIND_LABELS = {k.name: k.label for k in NODE_KINDS}
KIND_COLOURS = {k.name: k.light for k in NODE_KINDS}
SHOWN_ALIASES = 8


class ConceptDetails(QWidget):
    """One concept's line, hidden while no concept is focused. ``rename_asked(node)``,
    ``merge_asked(node)`` and ``hide_asked(node)`` are requests for the concept shown."""

    rename_asked = Signal(str)
    merge_asked = Signal(str)
    hide_asked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.node: str | None = None
        self.swatch = QLabel()
        self.swatch.setFixedSize(10, 10)
        self.name = QLabel(textFormat=Qt.TextFormat.PlainText)
        bold = self.name.font()
        bold.setBold(True)
        self.name.setFont(bold)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.rename = QPushButton("Rename…")
        self.rename.setToolTip("Give the concept another name; the old one still finds it")
        self.merge = QPushButton("Merge Into…")
        self.merge.setToolTip("Make this concept part of another one, chosen by name")
        self.hide_button = QPushButton("Hide")
        self.hide_button.setToolTip("Leave the concept out of every view (Edit ▸ Hidden Concepts…)")
        for widget, name, spoken in (
            (self, "conceptDetails", "Focused concept"),
            (self.rename, "conceptRename", "Rename concept"),
            (self.merge, "conceptMerge", "Merge concept into another"),
            (self.hide_button, "conceptHide", "Hide concept"),
        ):
            widget.setObjectName(name)
            widget.setAccessibleName(spoken)
        top = QHBoxLayout()
        top.addWidget(self.swatch)
        top.addWidget(self.name, 1)
        for button in (self.rename, self.merge, self.hide_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        self.rename.clicked.connect(lambda: self._ask(self.rename_asked))
        self.merge.clicked.connect(lambda: self._ask(self.merge_asked))
        self.hide_button.clicked.connect(lambda: self._ask(self.hide_asked))
        self.setVisible(False)

    def show_concept(self, node: str | None, data: Mapping[str, Any] | None = None) -> None:
        """Show this concept (its graph node's data), or hide the line for None."""
        self.node = node
        if node is None or data is None:
            self.setVisible(False)
            return
        kind = str(data.get("kind", ""))
        colour = QColor(KIND_COLOURS.get(kind, OTHER_KIND_COLOUR)).name()
        self.swatch.setStyleSheet(f"background: {colour}; border-radius: 5px;")
        label = str(data.get("label", node))
        self.name.setText(label)
        aliases = _other_names(label, data.get("aliases", ()))
        facts = [KIND_LABELS.get(kind, kind).lower(), many(int(data.get("count", 0)), "mention")]
        if aliases:
            more = (
                f" and {len(aliases) - SHOWN_ALIASES} more" if len(aliases) > SHOWN_ALIASES else ""
            )
            facts.append("also " + ", ".join(aliases[:SHOWN_ALIASES]) + more)
        self.facts.setText(" · ".join(facts))
        names = "<br>".join(html.escape(n) for n in [label, node, *aliases])
        self.facts.setToolTip(f"<p>{names}</p>")  # report text, shown as text
        self.setVisible(True)

    def _ask(self, signal: Any) -> None:
        if self.node is not None:
            signal.emit(self.node)


def _other_names(label: str, aliases: Iterable[Any]) -> list[str]:
    """The other names a concept goes by, each written one way: "fine tuning" and
    "finetuning" are "Fine-tuning" written otherwise, and are not said."""

    def key(name: str) -> str:
        return "".join(c for c in name.casefold() if c.isalnum())

    seen, names = {key(label)}, []
    for name in map(str, aliases):
        if key(name) not in seen:
            seen.add(key(name))
            names.append(name)
    return names

"""The words on a presented stop: its title, caption and evidence quote with its source.

Every text is a report's or the user's words, so each label shows plain text, never markup.
Sizes follow the screen's height, so a caption reads the same at 1280×720 and at 4K.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

INK = "#111111"
MUTED = "#3c3c3c"
BAND = "#f2f2f2"
TITLE_LINES = 2
QUOTE_LINES = 3
CAPTION_LINES = 2
# pixels per 1,080 of screen height
TITLE_PX, TEXT_PX, QUOTE_PX, SOURCE_PX = 44, 28, 25, 19


def plain_label(parent: QWidget, colour: str, italic: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # report text: never parsed as markup
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour}; background: transparent;")
    font = label.font()
    font.setItalic(italic)
    label.setFont(font)
    return label


def fitted(text: str, font: QFont, width: float, lines: int) -> str:
    """`text` cut with "…" so that it wraps to at most `lines` lines of `width` pixels
    (a word-wrapped line holds a little less than its width: a tenth is kept in hand)."""
    flat = " ".join(text.split())
    metrics = QFontMetricsF(font)
    room = width if lines == 1 else width * lines * 0.9
    return metrics.elidedText(flat, Qt.TextElideMode.ElideRight, room)


class Caption(QFrame):
    """A band under the graph: the stop's title, its caption, and its evidence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenterCaption")
        self.setAccessibleName("Caption")
        self.setStyleSheet(f"#presenterCaption {{ background: {BAND}; }}")
        self.title = plain_label(self, INK)
        self.text = plain_label(self, INK)
        self.quote = plain_label(self, INK, italic=True)
        self.source = plain_label(self, MUTED)
        layout = QVBoxLayout(self)
        for label in (self.title, self.text, self.quote, self.source):
            layout.addWidget(label)
        self._words = ("", "", "", "")
        self._scaled_for = 0

    def show_words(self, title: str, caption: str, quote: str, source: str) -> None:
        self._words = (title, caption, quote, source)
        self._fill()

    def words(self) -> tuple[str, str, str, str]:
        """What the caption shows: title, caption, quote (in quotation marks) and source."""
        return self.title.text(), self.text.text(), self.quote.text(), self.source.text()

    def scale_to(self, width: int, height: int) -> None:
        """Size the text for a screen `height` pixels high and `width` wide."""
        self._scaled_for = width
        unit = height / 1080
        for label, px, bold in (
            (self.title, TITLE_PX, True),
            (self.text, TEXT_PX, False),
            (self.quote, QUOTE_PX, False),
            (self.source, SOURCE_PX, False),
        ):
            font = label.font()
            font.setPixelSize(max(10, round(px * unit)))
            font.setBold(bold)
            label.setFont(font)
        margin = round(28 * unit)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin * 2, margin, margin * 2, margin)
            layout.setSpacing(round(8 * unit))
        self._fill()

    def _fill(self) -> None:
        title, caption, quote, source = self._words
        width = max(100, self._scaled_for - 4 * self._margin())
        self.title.setText(fitted(title, self.title.font(), width, TITLE_LINES))
        self.text.setText(fitted(caption, self.text.font(), width, CAPTION_LINES))
        self.text.setVisible(bool(caption))
        shown = fitted(f"“{quote}”", self.quote.font(), width, QUOTE_LINES) if quote else ""
        self.quote.setText(shown)
        self.quote.setVisible(bool(quote))
        self.source.setText(fitted(source, self.source.font(), width, 1))
        self.source.setVisible(bool(source))

    def _margin(self) -> int:
        layout = self.layout()
        return layout.contentsMargins().left() if layout is not None else 0

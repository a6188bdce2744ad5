"""Under the table, the chosen report in full (the table elides): its title, date, size, the
reports it is a near copy of, and the file it came from, with buttons for what can be done
with it (calibre's book details)."""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from explorer.core.wording import many
from explorer.ui.library.model import NEAR_COPY_SIGN, LibraryRow


class ReportDetails(QWidget):
    """The chosen report's title, facts, near copies (links that choose them) and file path
    (selectable), and action buttons."""

    def __init__(self, actions: list[tuple[QAction, str]]) -> None:
        super().__init__()
        self.title = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.facts = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.facts.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.copies = QLabel(textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.copies.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.copies.setAccessibleName("Near copies of the chosen report")
        self.copies.setToolTip("Reports that share most of their passages with this one")
        self.path = QLineEdit(readOnly=True)
        self.path.setAccessibleName("The report's file")
        self.path.setFrame(False)
        self.path.setStyleSheet("background: transparent")
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for action, label in actions:
            button = QPushButton(label)
            button.setToolTip(action.text().replace("…", ""))
            button.clicked.connect(lambda _checked=False, a=action: a.trigger())
            action.enabledChanged.connect(button.setEnabled)
            button.setEnabled(action.isEnabled())
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        for widget in (self.title, self.facts, self.copies, self.path):
            layout.addWidget(widget)
        layout.addLayout(row)
        self.show_row(None)

    def show_row(self, row: LibraryRow | None, titles: dict[str, str] | None = None) -> None:
        """Show this report, or a hint when none is chosen; ``titles`` name its near copies."""
        self.title.setVisible(row is not None)
        self._show_copies(row, titles or {})
        if row is None:
            self.facts.setText("Choose a report to see its file and what you can do with it.")
            self.path.clear()
            self.path.setVisible(False)
            return
        entry = row.entry
        self.title.setText(entry.title)
        size = f"{many(entry.sections, 'section')} · {many(entry.passages, 'passage')}"
        state = ""
        if row.missing:
            state = " · its text and its file are gone"
        elif not row.file_exists:
            state = " · its file is gone; the library keeps its text"
        self.facts.setText(f"{row.date_source} · {size}{state}")
        self.path.setText(entry.path)
        self.path.setCursorPosition(len(entry.path))  # the file name, not the folders, shows
        self.path.setVisible(True)

    def _show_copies(self, row: LibraryRow | None, titles: dict[str, str]) -> None:
        """One line per near copy, its title a link that chooses it (escaped: titles are
        report text)."""
        if row is None or not row.near_copies:
            self.copies.setText("")
            self.copies.setVisible(False)
            return
        from explorer.core.search import near_copy_words  # pydantic: not before the window shows

        shared = {t for t, n in Counter(titles.values()).items() if n > 1}

        def named(report: str) -> str:  # versions often share a title: their ids tell them
            title = titles.get(report, report)
            return f"{title} ({report})" if title in shared else title

        lines = [
            f'{NEAR_COPY_SIGN} copy of <a href="{html.escape(near.report)}">'
            f"{html.escape(named(near.report))}</a> ({html.escape(near_copy_words(near))})"
            for near in row.near_copies
        ]
        self.copies.setText("<br>".join(lines))
        self.copies.setVisible(bool(lines))

"""The presenter's own screen: this stop and the next, speaker notes, time and stop number.

It shows on the second screen while the tour runs full screen on the first; its keys go to
the presenter, so the clicker works whichever window has the keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPlainTextEdit, QWidget

from explorer.ui.present.keys import HELP
from explorer.ui.present.presenter import Presenter


def _label(parent: QWidget, px: int, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    font = label.font()
    font.setPixelSize(px)
    font.setBold(bold)
    label.setFont(font)
    return label


class PresenterConsole(QWidget):
    def __init__(self, presenter: Presenter) -> None:
        super().__init__()
        self.setObjectName("presenterConsole")
        self.setAccessibleName("Presenter console")
        self.setWindowTitle("Presenter console — Trend Explorer")
        self.presenter = presenter
        self.number = _label(self, 30, bold=True)
        self.elapsed = _label(self, 30, bold=True)
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.this = _label(self, 26, bold=True)
        self.caption = _label(self, 20)
        self.next = _label(self, 20)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("presenterNotes")
        self.notes.setAccessibleName("Speaker notes")
        self.notes.setReadOnly(True)
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        font = self.notes.font()
        font.setPixelSize(24)
        self.notes.setFont(font)
        keys = _label(self, 13)
        keys.setText(HELP)
        grid = QGridLayout(self)
        grid.addWidget(self.number, 0, 0)
        grid.addWidget(self.elapsed, 0, 1)
        grid.addWidget(self.this, 1, 0, 1, 2)
        grid.addWidget(self.caption, 2, 0, 1, 2)
        grid.addWidget(self.notes, 3, 0, 1, 2)
        grid.addWidget(self.next, 4, 0, 1, 2)
        grid.addWidget(keys, 5, 0, 1, 2)
        grid.setRowStretch(3, 1)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_time)
        self._tick.start()
        presenter.stop_changed.connect(self.show_stop)
        presenter.left.connect(self.close)
        if presenter.index >= 0:
            self.show_stop(presenter.index)

    def show_stop(self, index: int) -> None:
        scenes = self.presenter.prepared.scenes
        stop = scenes[index].stop
        self.number.setText(f"Stop {index + 1} of {len(scenes)}")
        self.this.setText(stop.title)
        self.caption.setText(stop.caption)
        linked = scenes[index].notes
        text = stop.speaker_notes or "(no speaker notes for this stop)"
        if linked:
            text += "\n\nLinked notes:\n" + "\n".join(f"• {line}" for line in linked)
        self.notes.setPlainText(text)
        following = scenes[index + 1].stop.title if index + 1 < len(scenes) else "the end"
        self.next.setText(f"Next: {following}")
        self._show_time()

    def _show_time(self) -> None:
        clock = self.presenter.clock
        seconds = clock.elapsed() // 1000 if clock.isValid() else 0
        self.elapsed.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.presenter.handle_key(event.key()):
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._tick.stop()
        super().closeEvent(event)

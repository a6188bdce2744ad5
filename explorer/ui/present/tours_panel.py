"""The Tours tab: choose a tour, see its stops, and change them. It shows what it is given
and asks for changes with signals; the tours controller makes them on the worker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from explorer.core.wording import unnumbered

if TYPE_CHECKING:
    from explorer.core.tours import Stop, Tour


STOP_ROLE = Qt.ItemDataRole.UserRole + 1
TOUR_ROLE = Qt.ItemDataRole.UserRole + 2


def stop_line(number: int, stop: Stop) -> str:
    where = {"map": "library map", "graph": "whole graph", "local": "neighbourhood"}
    view = f"{stop.period}" if stop.view == "trends" else where[stop.view]
    return f"{number}. {unnumbered(stop.title)}  ({view})"


class _ElidedComboBox(QComboBox):
    """A combo box whose chosen text, when longer than the box, ends in "…" (Qt cuts it)."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        room = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, room.width()
        )
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ToursPanel(QWidget):
    tour_chosen = Signal(str)
    """A tour id ("default" for the library's own)."""
    new_asked = Signal()
    rename_asked = Signal()
    duplicate_asked = Signal()
    delete_asked = Signal()
    add_asked = Signal()
    """Add the window's current view as a stop after the one selected."""
    move_asked = Signal(str, int)
    """A stop id and the place it goes to."""
    stop_duplicate_asked = Signal(str)
    stop_delete_asked = Signal(str)
    stop_edited = Signal(str, str, str, str)
    """A stop id, its title, caption and speaker notes as the user left them."""
    present_asked = Signal()
    stop_selected = Signal(str)
    """A stop id: the user selected this stop (the window shows it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tour: Tour | None = None
        self._filling = False
        self._shown: str | None = None  # the stop whose fields are shown
        self.tours = _ElidedComboBox()
        self.tours.setObjectName("tourList")
        self.tours.setAccessibleName("Tours")
        # A long name is elided, not let to widen the column; the whole name is its tooltip.
        self.tours.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.tours.setMinimumContentsLength(12)
        self.tours.activated.connect(lambda i: self.tour_chosen.emit(self.tours.itemData(i)))
        self.stops = QListWidget()
        self.stops.setObjectName("tourStops")
        self.stops.setAccessibleName("Stops of the tour")
        self.stops.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.stops.model().rowsMoved.connect(self._dragged)
        self.stops.currentRowChanged.connect(self._show_stop)
        self.stops.setTextElideMode(Qt.TextElideMode.ElideRight)  # the tooltip has it all
        self.stops.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stops.itemClicked.connect(self._chosen)
        self.title = QLineEdit()
        self.title.setObjectName("tourStopTitle")
        self.caption = QLineEdit()
        self.caption.setObjectName("tourStopCaption")
        self.speaker = QPlainTextEdit()
        self.speaker.setObjectName("tourStopNotes")
        self.speaker.setPlaceholderText("Speaker notes: only you see them, on your own screen")
        self.speaker.setMaximumHeight(110)
        for line in (self.title, self.caption):
            line.editingFinished.connect(self._edited)
        self._typing = QTimer(self)  # speaker notes are saved a moment after typing stops
        self._typing.setSingleShot(True)
        self._typing.setInterval(800)
        self._typing.timeout.connect(self._edited)
        self.speaker.textChanged.connect(lambda: self._filling or self._typing.start())
        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()  # the panel shares a narrow column: rows of short buttons
        for key, text, signal in (
            ("new", "New Tour…", self.new_asked),
            ("rename", "Rename…", self.rename_asked),
            ("duplicate", "Copy Tour", self.duplicate_asked),
            ("delete", "Delete Tour", self.delete_asked),
        ):
            top.addWidget(self._button(key, text, signal.emit))
        row = QHBoxLayout()
        row.addWidget(self._button("up", "Up", lambda: self._move(-1)))
        row.addWidget(self._button("down", "Down", lambda: self._move(1)))
        row.addWidget(self._button("copy", "Duplicate", self._duplicate_stop))
        row.addWidget(self._button("remove", "Delete", self._delete_stop))
        add = self._button("add", "Add Current View as a Stop", self.add_asked.emit)
        for key, tip in (
            ("up", "Move the selected stop up (Ctrl+Up)"),
            ("down", "Move the selected stop down (Ctrl+Down)"),
            ("copy", "Duplicate the selected stop"),
            ("remove", "Delete the selected stop"),
            ("duplicate", "Make a copy of this tour"),
            ("delete", "Move this tour to the trash"),
        ):
            self.buttons[key].setToolTip(tip)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Caption", self.caption)
        form.addRow("Speaker notes", self.speaker)
        present = self._button("present", "Present (F5)", self.present_asked.emit)
        present.setObjectName("tourPresent")
        present.setAccessibleName("Present the tour")
        self.buttons["add"].setObjectName("tourAddStop")
        self.buttons["add"].setAccessibleName("Add the current view as a stop")
        fields: tuple[tuple[QWidget, str], ...] = (
            (self.title, "Stop title"),
            (self.caption, "Stop caption"),
            (self.speaker, "Speaker notes"),
        )
        for widget, spoken in fields:
            widget.setAccessibleName(spoken)
        column = QVBoxLayout(self)
        column.addWidget(self.tours)
        column.addLayout(top)
        column.addWidget(self.stops, 1)
        column.addWidget(add)
        column.addLayout(row)
        column.addLayout(form)
        column.addWidget(present)
        self.stops.installEventFilter(self)  # Ctrl+Up / Ctrl+Down move the selected stop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.stops and isinstance(event, QKeyEvent):
            control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            by = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
            if control and by is not None:
                if event.type() == QEvent.Type.KeyPress:
                    self._move(by)
                return True
        return super().eventFilter(watched, event)

    def _button(self, key: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.buttons[key] = button
        return button

    # ---- what is shown ---------------------------------------------------------------

    def show_tours(self, tours: Sequence[Tour], current: Tour) -> None:
        """List `tours` (the library's default first) and show `current`'s stops."""
        self._filling = True
        self.tours.clear()
        for tour in tours:
            own = " (the library's own)" if tour.id == "default" else ""
            self.tours.addItem(f"{tour.name}{own}", tour.id)
            self.tours.setItemData(
                self.tours.count() - 1, f"{tour.name}{own}", Qt.ItemDataRole.ToolTipRole
            )
        self.tours.setCurrentIndex(max(0, self.tours.findData(current.id)))
        self.tours.setToolTip(self.tours.currentText())
        self._filling = False
        self.show_tour(current)

    def show_tour(self, tour: Tour, select: str | None = None) -> None:
        """Show a tour's stops. Selected: `select`, else a stop the tour did not have before
        (one just added or duplicated), else the stop selected before, else the one now in
        its place (after a delete)."""
        before = self._tour
        row = self.stops.currentRow()
        new = [s.id for s in tour.stops if before is not None and before.id == tour.id]
        new = [i for i in new if before is not None and i not in {s.id for s in before.stops}]
        chosen = select or (new[0] if len(new) == 1 else None) or self.selected_stop()
        self._tour = tour
        self._filling = True
        self.stops.clear()
        for number, stop in enumerate(tour.stops, start=1):
            item = QListWidgetItem(stop_line(number, stop))
            item.setData(STOP_ROLE, stop.id)
            item.setToolTip(stop_line(number, stop))
            self.stops.addItem(item)
        ids = [s.id for s in tour.stops]
        if chosen in ids:
            row = ids.index(chosen)
        self.stops.setCurrentRow(min(max(row, 0), len(ids) - 1))
        self._filling = False
        self._show_stop(self.stops.currentRow())
        for key in ("rename", "delete"):
            self.buttons[key].setEnabled(tour.id != "default")

    def tour(self) -> Tour | None:
        return self._tour

    def selected_stop(self) -> str | None:
        item = self.stops.currentItem()
        return None if item is None else str(item.data(STOP_ROLE))

    def _show_stop(self, row: int) -> None:
        if self._typing.isActive():  # notes typed for the stop that was selected
            self._typing.stop()
            self._edited(self._shown)
        self._shown = self.selected_stop()
        stop = self._tour.stops[row] if self._tour and 0 <= row < len(self._tour.stops) else None
        for field in (self.title, self.caption, self.speaker):
            field.setEnabled(stop is not None)
        for line, text in (
            (self.title, stop.title if stop else ""),
            (self.caption, stop.caption if stop else ""),
        ):
            line.setText(text)
            line.setCursorPosition(0)  # a long caption is read from its start
            line.setToolTip(text)
        self.speaker.setPlainText(stop.speaker_notes if stop else "")
        for key in ("up", "down", "copy", "remove"):
            self.buttons[key].setEnabled(stop is not None)
        keys = QApplication.mouseButtons() == Qt.MouseButton.NoButton  # a click: _chosen
        if stop is not None and not self._filling and self.stops.hasFocus() and keys:
            self.stop_selected.emit(stop.id)  # moved to with the arrow keys

    # ---- what the user asks ----------------------------------------------------------

    def _chosen(self, item: QListWidgetItem) -> None:
        """A stop clicked (or chosen with the keys: see _show_stop): the window shows it."""
        if not self._filling:
            self.stop_selected.emit(str(item.data(STOP_ROLE)))

    def _move(self, by: int) -> None:
        stop, row = self.selected_stop(), self.stops.currentRow()
        if stop is not None and 0 <= row + by < self.stops.count():
            self.move_asked.emit(stop, row + by)

    def _dragged(self, _parent: object, start: int, _end: int, _to: object, row: int) -> None:
        """A stop dragged to a new place: ask for the move (the list is then shown anew)."""
        if self._filling or self._tour is None or not 0 <= start < len(self._tour.stops):
            return
        self.move_asked.emit(self._tour.stops[start].id, row if row < start else row - 1)

    def _duplicate_stop(self) -> None:
        stop = self.selected_stop()
        if stop is not None:
            self.stop_duplicate_asked.emit(stop)

    def _delete_stop(self) -> None:
        stop = self.selected_stop()
        if stop is not None:
            self.stop_delete_asked.emit(stop)

    def _edited(self, stop: str | None = None) -> None:
        stop = stop or self._shown
        if self._filling or stop is None or self._tour is None:
            return
        if stop not in {s.id for s in self._tour.stops}:
            return
        old = next(s for s in self._tour.stops if s.id == stop)
        title = " ".join(self.title.text().split()) or old.title
        caption, notes = self.caption.text(), self.speaker.toPlainText()
        if (title, caption, notes) != (old.title, old.caption, old.speaker_notes):
            self.stop_edited.emit(stop, title, caption, notes)

    def flush(self) -> None:
        """Send what is typed in the stop's fields (before presenting, or quitting)."""
        self._typing.stop()
        self._edited()

"""The Trends view: a table of every concept's life over the periods, a chart of the chosen
ones, the passages behind a clicked point; or, with a single period, one card per section.

The view draws what it is given and asks for the rest: the window feeds it a `Timeline` or
cards, answers `point_selected` with `show_evidence`, and opens what `passage_activated` names.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QIODevice,
    QItemSelection,
    QItemSelectionModel,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.core.exports import write_export
from explorer.core.ids import section_number
from explorer.core.kinds import NODE_KINDS
from explorer.core.reports import on_page
from explorer.core.trends import MAX_CARDS, STATUSES, Card, Series, Timeline
from explorer.ui.trends.chart import MEASURES, EvidenceList, PointPassage, TrendChart
from explorer.ui.trends.table import (
    COLUMNS,
    SERIES_ROLE,
    ConceptFilter,
    ConceptTable,
    SeriesModel,
)

DATED_HINT = (
    "Add dated reports (front matter date:, a date in the file name, or `explorer date`) "
    "to see these as a timeline."
)
CARD_HEADINGS = {
    "technique": "Techniques",
    "industry": "Industries",
    "organization": "Organisations",
    "model": "Models",
}
CHARTED_AT_START = 3
NUMBERED = re.compile(r"\d+(\.\d+)*[.)]?\s")


class TrendsView(QWidget):
    """The Trends view. Signals are requests the window answers:

    - `point_selected(concept, period)`: a chart point was clicked; answer with show_evidence;
    - `passage_activated(passage_id)`: open this passage in the reader;
    - `concepts_selected(ids)`: the user chose the charted concepts in the table (calls to
      set_timeline and select_concepts do not emit it: the caller knows what it asked for);
    - `concepts_menu_asked(clicked, selected, where)`: a right-click on the table asks for the
      menu of the concept of the row clicked ("" for none) and of the rows selected, at this
      point of the screen.
    """

    point_selected = Signal(str, str)
    passage_activated = Signal(str)
    concepts_selected = Signal(list)
    concepts_menu_asked = Signal(str, list, QPoint)
    granularity_changed = Signal(str)
    """The periods the user chose: "year", "quarter", "month", "report", or "" for auto."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendsView")
        self.setAccessibleName("Trends")
        self._by_id: dict[str, Series] = {}
        self._charted: list[str] = []
        self._syncing = False  # set while the view, not the user, changes the table selection
        self.model = SeriesModel(self)
        self.proxy = ConceptFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = ConceptTable(self.proxy)
        self.chart = TrendChart()
        self.evidence = EvidenceList()
        self.splitter = QSplitter(Qt.Orientation.Vertical, childrenCollapsible=False)
        for part in (self.table, self.chart, self.evidence):
            self.splitter.addWidget(part)
        self.splitter.setSizes([340, 360, 170])  # proportions: the splitter scales them
        timeline = QWidget()
        layout = QVBoxLayout(timeline)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filter_row())
        layout.addWidget(self.splitter, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(timeline)
        self.stack.addWidget(self._cards_page())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu_asked)
        self.chart.point_clicked.connect(self.point_selected)
        self.evidence.passage_activated.connect(self.passage_activated)
        self.filter.textChanged.connect(self._filter_changed)
        self.status_combo.currentIndexChanged.connect(self._filter_changed)
        self.kind_combo.currentIndexChanged.connect(self._filter_changed)
        self.measure_combo.currentIndexChanged.connect(self._redraw)
        self.smoothed.toggled.connect(self._redraw)

    def _filter_row(self) -> QVBoxLayout:
        self.filter = QLineEdit(placeholderText="Filter concepts…", clearButtonEnabled=True)
        self.status_combo = QComboBox()
        self.status_combo.addItem("Any status", None)
        for status in STATUSES:
            self.status_combo.addItem(status, status)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Any kind", None)
        self.measure_combo = QComboBox()
        self.measure_combo.addItem("Share of reports", "share")
        self.measure_combo.addItem("Number of reports", "count")
        self.smoothed = QCheckBox("Smoothed")
        self.smoothed.setToolTip("A centred 3-period moving average; the raw points stay")
        self.periods_combo = QComboBox()
        self.periods_combo.setToolTip("Periods: chosen from the span of the dates, or yours")
        for label, by in (
            ("Periods: auto", None),
            ("Years", "year"),
            ("Quarters", "quarter"),
            ("Months", "month"),
            ("Each report", "report"),
        ):
            self.periods_combo.addItem(label, by)
        self.periods_combo.currentIndexChanged.connect(
            lambda _i: self.granularity_changed.emit(self.periods_combo.currentData() or "")
        )
        rows = QVBoxLayout()  # two rows, so that the pane can be narrow
        rows.setContentsMargins(6, 6, 6, 0)
        row, second = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(row)
        rows.addLayout(second)
        parts: list[tuple[QWidget, str]] = [
            (self.filter, "Filter concepts"),
            (self.status_combo, "Status"),
            (self.kind_combo, "Kind"),
            (self.measure_combo, "Measure"),
            (self.periods_combo, "Periods"),
            (self.smoothed, "Smoothed"),
        ]
        for widget, name in parts:
            widget.setAccessibleName(name)
            if isinstance(widget, QComboBox):  # narrow panes: the combos shrink, then elide
                widget.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                widget.setMinimumContentsLength(5)
            below = (self.measure_combo, self.periods_combo, self.smoothed)
            target = second if widget in below else row
            target.addWidget(widget, 3 if widget is self.filter else 1)
        second.addStretch(1)
        return rows

    def _cards_page(self) -> QWidget:
        self.cards_heading = QLabel(textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.cards_heading.setObjectName("trendCardsHeading")
        bold = self.cards_heading.font()
        bold.setBold(True)
        self.cards_heading.setFont(bold)
        self.cards_hint = QLabel(DATED_HINT, textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.cards_hint.setObjectName("trendCardsHint")
        self.cards_area = QScrollArea(widgetResizable=True)
        self.cards_area.setObjectName("trendCards")
        self.cards_area.setAccessibleName("Trend cards")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        for widget in (self.cards_heading, self.cards_hint, self.cards_area):
            layout.addWidget(widget)
        return page

    # -- what is shown -----------------------------------------------------------------------

    def set_timeline(self, line: Timeline) -> None:
        """Fill the table and show the timeline. Charted concepts still in it stay charted;
        otherwise the CHARTED_AT_START concepts with the most reports are."""
        kept = [c for c in self._charted if any(s.id == c for s in line.concepts)]
        self._by_id = {s.id: s for s in line.concepts}
        self._syncing = True
        self.model.set_series(line.concepts, line.periods)
        self._syncing = False
        self._fill_kinds(line.concepts)
        self.chart.set_periods(line.periods, len(line.undated))
        self.evidence.show_rows("", "", [])
        self.stack.setCurrentIndex(0)
        top = sorted(line.concepts, key=lambda s: (-s.total, s.id))[:CHARTED_AT_START]
        self.select_concepts(kept or [s.id for s in top])

    def _fill_kinds(self, concepts: Sequence[Series]) -> None:
        present = {s.kind for s in concepts}
        kinds = [k.name for k in NODE_KINDS if k.name in present]
        labels = {k.name: k.label for k in NODE_KINDS}
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem("Any kind", None)
        for kind in kinds + sorted(present - set(kinds)):
            self.kind_combo.addItem(labels.get(kind, kind or "(no kind)"), kind)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(current)))
        self.kind_combo.blockSignals(False)
        self._filter_changed()

    def select_concepts(self, ids: list[str]) -> None:
        """Chart these concepts (those in the timeline) and select their rows."""
        self._charted = [c for c in dict.fromkeys(ids) if c in self._by_id]
        self._sync_selection()
        self._redraw()

    def charted(self) -> list[str]:
        return list(self._charted)

    def set_measure(self, measure: str) -> None:
        """Chart "share" (of the period's reports, in percent) or "count" (of reports)."""
        if measure not in MEASURES:
            raise ValueError(f"The measure is 'share' or 'count', not {measure!r}.")
        self.measure_combo.setCurrentIndex(self.measure_combo.findData(measure))

    def measure(self) -> str:
        return str(self.measure_combo.currentData())

    def show_evidence(self, concept: str, period: str, rows: Sequence[PointPassage]) -> None:
        """List the passages behind one point."""
        found = self._by_id.get(concept)
        self.evidence.show_rows(found.label if found else concept, period, rows)

    def set_cards(self, cards: list[Card], report_title: str) -> None:
        """Single-period mode: one card per section of the one report, shown instead of the
        timeline (which the table and chart keep, for `show_timeline`)."""
        count = f"{len(cards)} section{'s' * (len(cards) != 1)}"
        if len(cards) >= MAX_CARDS:
            count = f"its first {len(cards)} sections"
        self.cards_heading.setText(f"{report_title}: {count} and what they name")
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 4, 0)
        for card in cards:
            layout.addWidget(card_frame(card, self.passage_activated.emit))
        layout.addStretch(1)
        self.cards_area.setWidget(holder)
        self.stack.setCurrentIndex(1)

    def show_timeline(self) -> None:
        """Show the table and chart, also where one period made the cards the view's face
        (a concept asked for by name is charted there: one point per concept)."""
        self.stack.setCurrentIndex(0)

    def card_frames(self) -> list[QFrame]:
        """The cards shown, top to bottom."""
        holder = self.cards_area.widget()
        return [] if holder is None else holder.findChildren(QFrame, "trendCard")

    def chart_bytes(self, suffix: str) -> bytes:
        """The chart (legend and caption included) drawn as a .png or .svg file's bytes; the
        drawing is the GUI thread's, the writing can be anyone's."""
        suffix = suffix.lower()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if suffix == ".png":
            self.chart.grab().save(buffer, "PNG")
        elif suffix == ".svg":
            size = self.chart.size().expandedTo(QSize(320, 240))
            from PySide6.QtSvg import QSvgGenerator  # only when saving an SVG

            generator = QSvgGenerator()
            generator.setOutputDevice(buffer)
            generator.setSize(size)
            generator.setViewBox(QRect(QPoint(0, 0), size))
            generator.setTitle("Trend Explorer chart")
            painter = QPainter(generator)
            try:
                self.chart.render(painter, QPoint(0, 0))
            finally:
                painter.end()
        else:
            raise ValueError(f"A chart is saved as .png or .svg, not as {suffix or 'no suffix'}.")
        return bytes(buffer.data().data())

    def export_chart(self, path: Path, data_folder: Path) -> None:
        """Save the chart as .png or .svg (for scripts; the window writes on its worker),
        through the guarded writer: never into the data folder."""
        write_export(self.chart_bytes(path.suffix), path, data_folder)

    # -- answering the user ------------------------------------------------------------------

    def _redraw(self) -> None:
        shown = [self._by_id[c] for c in self._charted]
        self.chart.show_series(shown, self.measure(), self.smoothed.isChecked())
        self.model.set_marks(self.chart.colours())

    def _filter_changed(self) -> None:
        self._syncing = True  # rows the filter hides leave the selection, not the chart
        self.proxy.set_filter(
            self.filter.text(), self.status_combo.currentData(), self.kind_combo.currentData()
        )
        self._syncing = False
        self._sync_selection()

    def _sync_selection(self) -> None:
        """Select the rows of the charted concepts that the filter shows."""
        chosen = QItemSelection()
        for concept in self._charted:
            row = self.model.row_of(concept)
            index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
            if index is not None and index.isValid():
                chosen.select(index, index.siblingAtColumn(len(COLUMNS) - 1))
        self._syncing = True
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.table.selectionModel().select(chosen, flags)
        self._syncing = False
        if not chosen.isEmpty():
            self.table.scrollTo(chosen.indexes()[0])

    def _selected(self) -> list[str]:
        """The concepts of the rows selected, top to bottom."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [item.id for i in rows if isinstance(item := i.data(SERIES_ROLE), Series)]

    def _menu_asked(self, pos: QPoint) -> None:
        """A right-click (or the Menu key) on a row: the menu of its concept, and of the rows
        selected (they chart concepts: a right-click does not choose them)."""
        item = self.table.indexAt(pos).data(SERIES_ROLE)
        clicked = item.id if isinstance(item, Series) else ""
        where = self.table.viewport().mapToGlobal(pos)
        self.concepts_menu_asked.emit(clicked, self._selected(), where)

    def _selection_changed(self) -> None:
        if self._syncing:
            return
        picked = self._selected()
        # Concepts already charted keep their place (and colour); new ones come after them.
        self._charted = [c for c in self._charted if c in picked]
        self._charted += [c for c in picked if c not in self._charted]
        self._redraw()
        self.concepts_selected.emit(list(self._charted))


def card_frame(card: Card, activate: Callable[[str], None]) -> QFrame:
    """One section's card; its title and sentence are links (Tab, then Enter) to the sentence."""
    frame = QFrame(frameShape=QFrame.Shape.StyledPanel)
    frame.setObjectName("trendCard")
    frame.setAccessibleName(f"Card: {card.title}")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 8, 10, 8)
    layout.setSpacing(4)
    opened = card.sentence_passage
    title = f"<b>{html.escape(card.title)}</b>"
    layout.addWidget(_link_label(title, opened, activate, "trendCardTitle"))
    for kind, names in card.names.items():
        heading = CARD_HEADINGS.get(kind, kind.capitalize())
        text = QLabel(f"{heading}: {', '.join(names)}", textFormat=Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout.addWidget(text)
    if card.sentence:
        quoted = html.escape(f"“{card.sentence}”{on_page(card.sentence_page)}")
        layout.addWidget(_link_label(quoted, opened, activate, "trendCardSentence"))
    if card.shared:
        shared = ", ".join(
            f"{_section_name(s.section_id, s.title)} ({', '.join(s.concepts)})" for s in card.shared
        )
        text = QLabel(f"Shares concepts with: {shared}", textFormat=Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        layout.addWidget(text)
    return frame


def _section_name(section_id: str, title: str) -> str:
    """ "§3 Ethical AI", or the title alone when it is numbered already ("3. Ethical AI")."""
    if NUMBERED.match(title):
        return title
    return f"§{section_number(section_id) or '?'} {title}"


def _link_label(escaped: str, passage: str, activate: Callable[[str], None], name: str) -> QLabel:
    """A label whose whole (already escaped) text links to `passage`, or plain without one."""
    if not passage:
        label = QLabel(escaped, textFormat=Qt.TextFormat.RichText, wordWrap=True)
    else:
        label = PassageLink(escaped)
        label.activated.connect(lambda: activate(passage))
    label.setObjectName(name)
    return label


class PassageLink(QLabel):
    """Rich text (escaped by the caller) that opens a passage: click it, or Tab to it and
    press Enter or Space (one Tab per link, unlike a QLabel's own keyboard links)."""

    activated = Signal()
    KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)

    def __init__(self, escaped: str) -> None:
        link = f'<a href="passage" style="text-decoration:none">{escaped}</a>'
        super().__init__(link, textFormat=Qt.TextFormat.RichText, wordWrap=True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setIndent(0)  # a border (the focus ring) would otherwise indent the text
        self.setToolTip("Open this passage in the reader (Enter)")
        self.setStyleSheet(
            "PassageLink { border: 1px solid transparent; border-radius: 3px; }"
            "PassageLink:focus { border-color: palette(highlight); }"
        )
        self.linkActivated.connect(lambda _link: self.activated.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in self.KEYS:
            self.activated.emit()
        else:
            super().keyPressEvent(event)

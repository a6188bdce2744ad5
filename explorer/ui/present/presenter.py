"""Presenting a tour: the graph full screen, a stop at a time, driven by a clicker.

The presenter draws prepared scenes (see scenes.py) in its own graph view, so the main
window is left exactly as it was. Keys are in keys.py; a left click on empty space goes on,
a click on a node focuses it without losing the place in the tour. `stop_shown(index)`
follows each stop once the camera has arrived; `left()` follows leaving.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from explorer.ui.graph.map_controller import Drawn
from explorer.ui.graph.view import GraphView
from explorer.ui.present.camera import CameraMove, camera_range
from explorer.ui.present.caption import INK, Caption, plain_label
from explorer.ui.present.keys import Act, act_for, digit_of
from explorer.ui.present.scenes import Prepared, Scene

LABEL_SCALE = 2.2  # label size on a 1,080-pixel-high screen, times the window's
MAP_TINY_PX = 14  # a map's labels smaller than this (its least linked concepts) are hidden
PLAY_STEP_MS = 1000  # one period a second while the years play
BLANKS = {"black": "#000000", "white": "#ffffff"}
NEW_IN_PERIOD, EARLIER = "#d62728", "#9aa5b1"


class Presenter(QWidget):
    stop_shown = Signal(int)
    """The camera has arrived at this stop (an index from 0)."""
    stop_changed = Signal(int)
    """A stop was asked for; its camera is on the way."""
    blank_changed = Signal(str)
    """"black", "white" or "" (the graph again)."""
    period_shown = Signal(int)
    left = Signal()

    def __init__(self, prepared: Prepared, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenter")
        self.setAccessibleName("Presenter")
        self.setWindowTitle(f"{prepared.tour.name} — Trend Explorer")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet("#presenter { background: white; }")
        self.prepared = prepared
        self.index = -1
        self.clock = QElapsedTimer()
        self.view = GraphView(self)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # every key is the presenter's
        self.view.node_clicked.connect(self._node_clicked)
        self.view.background_clicked.connect(self.next)
        self.camera = CameraMove(self.view)
        self.camera.arrived.connect(lambda: self.stop_shown.emit(self.index))
        self.caption = Caption(self)
        self.years = _Years(self)
        self.years.play.clicked.connect(self.toggle_play)
        self.years.slider.valueChanged.connect(self._show_period)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.years)
        layout.addWidget(self.caption)
        self.counter = plain_label(self, INK)
        self.counter.setWordWrap(False)
        self.counter.setObjectName("presenterCounter")
        self.counter.setAccessibleName("Stop number")
        self.prompt = plain_label(self, INK)
        self.prompt.setObjectName("presenterPrompt")
        self.prompt.setAccessibleName("Go to stop")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setStyleSheet(
            f"#presenterPrompt {{ color: {INK}; background: #ffffffee; border: 2px solid {INK}; }}"
        )
        self.prompt.hide()
        self.cover = QWidget(self)
        self.cover.setObjectName("presenterBlank")
        self.cover.setAccessibleName("Blank screen")
        self.cover.setAutoFillBackground(True)
        self.cover.hide()
        self._blank = ""
        self._typed: str | None = None  # a stop number being typed (after G, or a digit)
        self._drawn: Drawn | None = None
        self._player = QTimer(self)
        self._player.setInterval(PLAY_STEP_MS)
        self._player.timeout.connect(self._play_step)
        self._rescale()

    # ---- where the tour is -----------------------------------------------------------

    def scene(self) -> Scene:
        return self.prepared.scenes[self.index]

    def count(self) -> int:
        return len(self.prepared.scenes)

    def go(self, index: int, animate: bool = True) -> None:
        """Show stop `index` (clamped to the tour), the camera moving there eased."""
        if not self.prepared.scenes:
            return
        index = min(max(index, 0), self.count() - 1)
        self._player.stop()
        self.years.set_playing(False)
        first = self.index < 0
        self.index = index
        scene = self.scene()
        start = self.view.view_range()
        if scene.drawn is not self._drawn:
            self._drawn = scene.drawn
            self.view.set_graph(scene.drawn.graph, scene.drawn.arrays)
            self._rescale()
        view, stop = self.view, scene.stop
        view.set_visible_kinds(stop.kinds)
        local = stop.view == "local" and scene.focus is not None and scene.shown is not None
        view.set_local(scene.focus if local else None, scene.shown or ())
        view.set_shown_until(scene.shown if scene.period is not None else None)
        if scene.period is None:
            view.set_color_mode("community" if scene.drawn.settings else "kind")
            self._focus(scene.focus)
            view.highlight(())
        else:  # a period: what it brought stands out, its leading concept labelled
            self._colour_period(scene.period)
            view.show_focus(None)
            view.highlight(self._brought(scene.period))
        lead = [scene.focus] if scene.period is not None and scene.focus else []
        view.show_path(scene.path or lead)  # a path of one: a label that always shows
        view.label_always(scene.named)
        self.caption.show_words(stop.title, stop.caption, scene.quote, scene.source)
        self.counter.setText(f"{index + 1} / {self.count()}")
        self.counter.adjustSize()
        self.years.show_periods(self.prepared.periods, scene.period)
        layout = self.layout()
        if layout is not None:
            layout.activate()  # the caption's new height gives the graph its size
        self._place_overlays()
        width, height = view.viewport().width(), view.viewport().height()
        target = (
            camera_range(stop.camera, width / max(1, height)) if stop.camera else view.fit_range()
        )
        self.stop_changed.emit(index)
        self.camera.go(start, target, animate and not first)

    def next(self) -> None:
        if self._unblank():
            return
        if self.index < self.count() - 1:
            self.go(self.index + 1)

    def previous(self) -> None:
        if self._unblank():
            return
        if self.index > 0:
            self.go(self.index - 1)

    def _focus(self, node: str | None) -> None:
        if node is not None and self.view.has_node(node):
            self.view.show_focus(node)
        else:
            self.view.show_focus(None)

    def _node_clicked(self, node: str) -> None:
        """A node clicked is focused; the tour stays where it is (the next key goes on)."""
        if not self._unblank():
            self.view.show_focus(node)

    # ---- blanking --------------------------------------------------------------------

    def blank(self) -> str:
        return self._blank

    def set_blank(self, colour: str) -> None:
        """ "black" or "white" covers the screen; "" shows the graph again."""
        self._blank = colour
        if colour:
            palette = self.cover.palette()
            palette.setColor(self.cover.backgroundRole(), BLANKS[colour])
            self.cover.setPalette(palette)
            self.cover.setGeometry(self.rect())
            self.cover.raise_()
        self.cover.setVisible(bool(colour))
        self.blank_changed.emit(colour)

    def _unblank(self) -> bool:
        """Going on from a blank screen first shows the stop again, as slide shows do."""
        if self._blank:
            self.set_blank("")
            return True
        return False

    # ---- the years of a trends stop --------------------------------------------------

    def toggle_play(self) -> None:
        scene = self.scene() if self.index >= 0 else None
        if scene is None or scene.period is None:
            return
        if self._player.isActive():
            self._player.stop()
        else:
            if self.years.slider.value() >= len(self.prepared.periods) - 1:
                self.years.slider.setValue(0)
            self._player.start()
        self.years.set_playing(self._player.isActive())

    def playing(self) -> bool:
        return self._player.isActive()

    def _play_step(self) -> None:
        slider = self.years.slider
        if slider.value() >= slider.maximum():
            self._player.stop()
            self.years.set_playing(False)
            return
        slider.setValue(slider.value() + 1)

    def _show_period(self, period: int) -> None:
        if self.index < 0 or self.scene().period is None:
            return
        focus = self.scene().focus
        shown = self.prepared.reached[period] | ({focus} if focus else set())
        self.view.set_shown_until(shown)
        self._colour_period(period)
        self.view.highlight(self._brought(period))
        self.years.show_current(self.prepared.periods, period)
        self.period_shown.emit(period)

    def _brought(self, period: int) -> list[str]:
        """The concepts a period brought, the most linked first (their labels come first)."""
        return [n for n, i in self.prepared.first.items() if i == period]

    def _colour_period(self, period: int) -> None:
        """Concepts new in this period in red, the earlier ones grey."""
        name = self.prepared.periods[period]
        colours = {
            n: NEW_IN_PERIOD if i == period else EARLIER for n, i in self.prepared.first.items()
        }
        self.view.set_overlay(colours, [(f"new in {name}", NEW_IN_PERIOD), ("earlier", EARLIER)])

    # ---- keys ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event.key()):
            super().keyPressEvent(event)

    def handle_key(self, key: int) -> bool:
        """Do what `key` asks; False when it asks for nothing (the presenter console
        forwards its keys here, so both screens answer the clicker alike)."""
        digit, act = digit_of(key), act_for(key)
        if digit is not None:
            self._type((self._typed or "") + str(digit))
        elif act is Act.GO_TO:
            self._type("")
        elif act is Act.ENTER and self._typed:
            number = int(self._typed)
            self._type(None)
            self.go(number - 1)
        elif act is Act.LEAVE and self._typed is not None:
            self._type(None)
        elif act in (Act.NEXT, Act.ENTER):
            self._type(None)
            self.next()
        elif act is Act.PREVIOUS:
            self._type(None)
            self.previous()
        elif act in (Act.BLACK, Act.WHITE):
            colour = "black" if act is Act.BLACK else "white"
            self.set_blank("" if self._blank == colour else colour)
        elif act is Act.FIRST:
            self._unblank()
            self.go(0)
        elif act is Act.LAST:
            self._unblank()
            self.go(self.count() - 1)
        elif act is Act.PLAY:
            self.toggle_play()
        elif act is Act.LEAVE:
            self.close()
        else:
            return False
        return True

    def typed(self) -> str | None:
        """The stop number being typed ("" just after G), or None."""
        return self._typed

    def _type(self, typed: str | None) -> None:
        self._typed = typed
        if typed is None:
            self.prompt.hide()
            return
        self.prompt.setText(f"Go to stop: {typed}▏ of {self.count()} — Enter to go, Esc to stay")
        self.prompt.adjustSize()
        self._place_overlays()
        self.prompt.show()
        self.prompt.raise_()

    # ---- the screen ------------------------------------------------------------------

    def present_on(self, screen: QScreen | None) -> None:
        """Full screen on `screen` (the primary one when None), at the first stop."""
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.activateWindow()
        self.setFocus()
        self.clock.start()
        if self.index < 0:
            self.go(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        unit = max(self.height(), 200) / 1080
        self.caption.scale_to(self.width(), self.height())
        self.years.scale_to(unit)
        tiny = MAP_TINY_PX if self._drawn is not None and self._drawn.settings else 0
        self.view.set_presenting(LABEL_SCALE * unit, tiny)
        for label, px in ((self.counter, 22), (self.prompt, 34)):
            font = label.font()
            font.setPixelSize(round(px * unit))
            label.setFont(font)
            label.adjustSize()
        self._place_overlays()

    def _place_overlays(self) -> None:
        margin = round(16 * max(self.height(), 200) / 1080)
        self.counter.move(self.width() - self.counter.width() - margin, margin)
        self.counter.raise_()
        self.prompt.move(
            (self.width() - self.prompt.width()) // 2, (self.height() - self.prompt.height()) // 3
        )
        self.cover.setGeometry(self.rect())
        if self._blank:
            self.cover.raise_()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._player.stop()
        super().closeEvent(event)
        self.left.emit()


class _Years(QWidget):
    """A trends stop's years: play or pause them, or drag through them."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("presenterYears")
        self.play = QPushButton("▶ Play the years (T)", self)
        self.play.setObjectName("presenterPlay")
        self.play.setAccessibleName("Play the years")
        self.play.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("presenterTimeline")
        self.slider.setAccessibleName("Years")
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.where = QLabel(self)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout(self)
        row.addWidget(self.play)
        row.addWidget(self.slider, 1)
        row.addWidget(self.where)
        self.hide()

    def show_periods(self, periods: tuple[str, ...], current: int | None) -> None:
        self.setVisible(current is not None and bool(periods))
        if current is None or not periods:
            return
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(periods) - 1)
        self.slider.setValue(current)
        self.slider.blockSignals(False)
        self.show_current(periods, current)

    def show_current(self, periods: tuple[str, ...], current: int) -> None:
        self.where.setText(f"up to {periods[current]}")

    def set_playing(self, playing: bool) -> None:
        self.play.setText("❚❚ Pause (T)" if playing else "▶ Play the years (T)")

    def scale_to(self, unit: float) -> None:
        for widget, px in ((self.play, 22), (self.where, 28)):
            font = widget.font()
            font.setPixelSize(round(px * unit))
            widget.setFont(font)
        margin = round(12 * unit)
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(margin * 3, margin, margin * 3, 0)

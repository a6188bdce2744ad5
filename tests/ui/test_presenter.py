"""Presenting a tour, driven as a presenter drives it: F5, a clicker's keys, clicks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from explorer.core.notes import ConceptTarget
from explorer.core.tours import Camera, Stop, Tour
from explorer.ui.main_window import MainWindow
from explorer.ui.present.presenter import Presenter
from tests.ui.conftest import ask, do, settle
from tests.ui.test_trends_window import dated_shelf

K = Qt.Key
SEED = "ai-llm-advancements-2024"
NEXT_KEYS = (K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space, K.Key_N, K.Key_Return)
PREVIOUS_KEYS = (K.Key_PageUp, K.Key_Left, K.Key_Up, K.Key_Backspace, K.Key_P)


def presented(qtbot: QtBot, window: MainWindow, tour: Tour | None = None) -> Presenter:
    """Start presenting (F5 for the default tour) and wait for the first stop."""
    with qtbot.waitSignal(window.presenting.started, timeout=30_000) as started:
        if tour is None:
            window.activateWindow()
            QTest.keyClick(window, K.Key_F5)
        else:
            window.presenting.present(tour)
    presenter = started.args[0]
    assert isinstance(presenter, Presenter)
    return presenter


def press(qtbot: QtBot, presenter: Presenter, key: Qt.Key, to: int | None = None) -> None:
    """Press a key on the presenter; with `to`, wait for the camera to arrive at that stop."""
    if to is None:
        QTest.keyClick(presenter, key)
        return
    with qtbot.waitSignal(presenter.stop_shown, timeout=5000, check_params_cb=lambda i: i == to):
        QTest.keyClick(presenter, key)


@pytest.fixture(autouse=True)
def closed_after() -> Iterator[None]:
    """A test that fails half-way leaves no presenter open for the next one."""
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() in ("presenter", "presenterConsole"):
            widget.close()


@pytest.fixture
def presenter(qtbot: QtBot, window: MainWindow) -> Iterator[Presenter]:
    shown = presented(qtbot, window)
    yield shown
    if window.presenting.presenter is not None:
        shown.close()


def test_f5_presents_the_default_tour_full_screen_at_its_first_stop(
    qtbot: QtBot, window: MainWindow, presenter: Presenter
) -> None:
    assert presenter.objectName() == "presenter"
    assert presenter.isFullScreen()
    assert presenter.index == 0
    first = ask(qtbot, window, lambda ws: ws.default_tour()).stops[0]
    assert presenter.caption.words()[0] == first.title
    assert (
        presenter.counter.text()
        == f"1 / {len(ask(qtbot, window, lambda ws: ws.default_tour()).stops)}"
    )


def test_the_presenter_names_its_widgets(window: MainWindow, presenter: Presenter) -> None:
    names = ["presenter", "presenterCaption", "presenterCounter", "presenterBlank"]
    names += ["presenterTimeline", "presenterPlay"]  # the README's Automation table
    for name in names:
        widget = presenter if name == "presenter" else presenter.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), f"{name} has no accessible name"


def test_every_next_and_previous_key_moves_one_stop(qtbot: QtBot, presenter: Presenter) -> None:
    for step, key in enumerate(NEXT_KEYS, start=1):
        press(qtbot, presenter, key, to=step)
        assert presenter.index == step
    for back, key in enumerate(PREVIOUS_KEYS, start=1):
        press(qtbot, presenter, key, to=len(NEXT_KEYS) - back)
    assert presenter.index == len(NEXT_KEYS) - len(PREVIOUS_KEYS)


def test_home_end_and_going_to_a_typed_stop(qtbot: QtBot, presenter: Presenter) -> None:
    last = presenter.count() - 1
    press(qtbot, presenter, K.Key_End, to=last)
    press(qtbot, presenter, K.Key_Home, to=0)
    QTest.keyClicks(presenter, "12")  # a number, then Enter
    assert presenter.prompt.isVisible() and "12" in presenter.prompt.text()
    press(qtbot, presenter, K.Key_Return, to=11)
    assert not presenter.prompt.isVisible()
    press(qtbot, presenter, K.Key_G)  # G, a number, Enter
    QTest.keyClicks(presenter, "3")
    press(qtbot, presenter, K.Key_Enter, to=2)
    press(qtbot, presenter, K.Key_G)  # Esc leaves the prompt, not the tour
    press(qtbot, presenter, K.Key_Escape)
    assert presenter.isVisible() and presenter.typed() is None and presenter.index == 2
    QTest.keyClicks(presenter, "99")  # past the end: the last stop
    press(qtbot, presenter, K.Key_Return, to=last)
    press(qtbot, presenter, K.Key_PageDown)  # nothing after the last
    assert presenter.index == last


def test_each_stop_shows_its_focus_neighbourhood_and_fitted_camera(
    qtbot: QtBot, window: MainWindow, presenter: Presenter
) -> None:
    graph = ask(qtbot, window, lambda ws: ws.graph())
    for index, stop in enumerate(ask(qtbot, window, lambda ws: ws.default_tour()).stops):
        if index:
            press(qtbot, presenter, K.Key_PageDown, to=index)
        view = presenter.view
        assert view.shown_focus() == stop.focus
        near = graph.neighbourhood(stop.focus or "", stop.depth, stop.kinds)
        assert view.visible_nodes() == set(near)
        if stop.kinds is not None:  # a section's stop leaves the report out
            assert f"report:{SEED}" not in near
        assert_looks_at(view.view_range(), view.fit_range())
        assert presenter.caption.words()[0] == stop.title


def assert_looks_at(shown: tuple[float, ...], wanted: tuple[float, ...]) -> None:
    """The view is centred on the range wanted and shows all of it, tight on one side (the
    other side is wider when the screen's shape differs from the range's)."""
    x0, x1, y0, y1 = shown
    a0, a1, b0, b1 = wanted
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx(((a0 + a1) / 2, (b0 + b1) / 2))
    assert x1 - x0 >= a1 - a0 - 1e-9 and y1 - y0 >= b1 - b0 - 1e-9
    assert x1 - x0 == pytest.approx(a1 - a0) or y1 - y0 == pytest.approx(b1 - b0)


def _tour(stops: list[Stop]) -> Tour:
    now = dt.datetime.now(dt.UTC)
    return Tour(id="test-tour", name="Test tour", created=now, updated=now, stops=tuple(stops))


def test_a_stop_with_a_camera_is_looked_at_from_there(qtbot: QtBot, window: MainWindow) -> None:
    camera = Camera(x=0.2, y=-0.1, zoom=3.0)
    tour = _tour(
        [
            Stop(id="whole", title="The whole graph"),
            Stop(id="near", title="Close up", focus="concept:lora", camera=camera),
        ]
    )
    presenter = presented(qtbot, window, tour)
    graph = ask(qtbot, window, lambda ws: ws.graph())
    assert presenter.view.visible_nodes() == set(graph.graph.nodes)
    assert presenter.view.shown_focus() is None
    press(qtbot, presenter, K.Key_PageDown, to=1)
    x0, x1, y0, y1 = presenter.view.view_range()
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx((0.2, -0.1), abs=1e-3)
    assert 2 / (x1 - x0) == pytest.approx(3.0, rel=0.02)
    assert presenter.view.shown_focus() == "concept:lora"
    presenter.close()


def test_b_dot_and_w_blank_the_screen_and_a_next_key_brings_the_stop_back(
    qtbot: QtBot, presenter: Presenter
) -> None:
    with qtbot.waitSignal(presenter.blank_changed, check_params_cb=lambda c: c == "black"):
        press(qtbot, presenter, K.Key_B)
    assert presenter.cover.isVisible()
    assert presenter.cover.palette().color(presenter.cover.backgroundRole()).name() == "#000000"
    press(qtbot, presenter, K.Key_B)
    assert presenter.blank() == "" and not presenter.cover.isVisible()
    press(qtbot, presenter, K.Key_Period)
    assert presenter.blank() == "black"
    press(qtbot, presenter, K.Key_W)
    assert presenter.blank() == "white"
    assert presenter.cover.palette().color(presenter.cover.backgroundRole()).name() == "#ffffff"
    press(qtbot, presenter, K.Key_PageDown)  # the stop comes back; the tour stays put
    assert presenter.blank() == "" and presenter.index == 0
    press(qtbot, presenter, K.Key_PageDown, to=1)


def _click(qtbot: QtBot, presenter: Presenter, point: QPoint) -> None:
    viewport = presenter.view.viewport()
    QTest.mouseMove(viewport, point)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_a_click_on_empty_space_goes_on_and_a_click_on_a_node_focuses_it(
    qtbot: QtBot, window: MainWindow, presenter: Presenter
) -> None:
    with qtbot.waitSignal(presenter.stop_shown, check_params_cb=lambda i: i == 1):
        _click(qtbot, presenter, QPoint(3, presenter.view.viewport().height() - 3))
    stop = ask(qtbot, window, lambda ws: ws.default_tour()).stops[1]
    other = next(n for n in sorted(presenter.view.visible_nodes()) if n != stop.focus)
    with qtbot.waitSignal(presenter.view.node_clicked, check_params_cb=lambda n: n == other):
        _click(qtbot, presenter, presenter.view.node_position(other).toPoint())
    assert presenter.view.shown_focus() == other
    assert presenter.index == 1  # the place in the tour is kept
    press(qtbot, presenter, K.Key_PageDown, to=2)
    third = ask(qtbot, window, lambda ws: ws.default_tour()).stops[2]
    assert presenter.view.shown_focus() == third.focus


def presenting_windows() -> list[str]:
    names = ("presenter", "presenterConsole")
    return [
        w.objectName()
        for w in QApplication.topLevelWidgets()
        if w.objectName() in names and w.isVisible()
    ]


def _state(window: MainWindow) -> dict[str, Any]:
    view = window.graph_view
    return {
        "geometry": window.geometry(),
        "full screen": window.isFullScreen(),
        "focus": (window.navigator.focused(), view.shown_focus()),
        "nodes": view.visible_nodes(),
        "range": view.view_range(),
        "tabs": (window.left_tabs.currentIndex(), window.middle_tabs.currentIndex()),
        "query": window.search_panel.box.text(),
        "splitter": window.splitter.sizes(),
    }


def test_leaving_restores_the_window_exactly(
    qtbot: QtBot, window: MainWindow, presenter: Presenter
) -> None:
    presenter.close()
    qtbot.waitUntil(lambda: window.presenting.presenter is None)
    window.navigator.focus("concept:lora", run_search=False)
    settle(qtbot, window)
    before = _state(window)
    again = presented(qtbot, window)
    press(qtbot, again, K.Key_End, to=again.count() - 1)
    press(qtbot, again, K.Key_B)
    with qtbot.waitSignal(window.presenting.ended):
        press(qtbot, again, K.Key_Escape)
    assert not presenting_windows()
    assert _state(window) == before
    assert QApplication.activeWindow() is window


def test_the_console_shows_this_stop_the_next_and_the_speaker_notes(
    qtbot: QtBot, window: MainWindow
) -> None:
    lora = ConceptTarget(concept="concept:lora")
    note = do(qtbot, window, lambda ws: ws.notes().add(lora, "Memory: 3× less.\nMore."))
    tour = _tour(
        [
            Stop(id="one1", title="First", speaker_notes="Say hello.", notes=(note.id, "gone1")),
            Stop(id="two2", title="Second", focus="concept:lora", view="local"),
        ]
    )
    window.presenting.always_console = True
    presenter = presented(qtbot, window, tour)
    console = window.presenting.console
    assert console is not None and console.objectName() == "presenterConsole"
    assert console.notes.objectName() == "presenterNotes" and console.accessibleName()
    assert console.number.text() == "Stop 1 of 2"
    assert console.next.text() == "Next: Second"
    assert console.notes.toPlainText() == "Say hello.\n\nLinked notes:\n• Memory: 3× less."
    with qtbot.waitSignal(presenter.stop_shown, check_params_cb=lambda i: i == 1):
        QTest.keyClick(console, K.Key_PageDown)  # the clicker works on either screen
    assert console.number.text() == "Stop 2 of 2" and console.next.text() == "Next: the end"
    with qtbot.waitSignal(window.presenting.ended):
        QTest.keyClick(console, K.Key_Escape)
    assert not presenting_windows()


def test_present_on_lists_the_screens_and_presents_on_the_one_chosen(
    qtbot: QtBot, window: MainWindow
) -> None:
    menu = QMenu()
    window.presenting.fill_screens_menu(menu)
    texts = [a.text() for a in menu.actions()]
    screens = QApplication.screens()
    assert texts[0] == "Another Screen When There Is One" and menu.actions()[0].isChecked()
    assert len(texts) == 1 + len(screens)
    menu.actions()[1].trigger()  # the screen by its name
    assert window.presenting.screen_name == screens[0].name()
    presenter = presented(qtbot, window)
    assert presenter.screen() is screens[0]
    window.presenting.fill_screens_menu(menu)
    assert menu.actions()[1].isChecked() and not menu.actions()[0].isChecked()
    presenter.close()


def test_a_trends_stop_plays_the_years_and_pauses(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dated_shelf(qtbot, window, tmp_path)
    tour = ask(qtbot, window, lambda ws: ws.default_tour())
    assert [s.view for s in tour.stops] == ["map"] + ["trends"] * 5  # 2020–2024
    presenter = presented(qtbot, window, tour)
    press(qtbot, presenter, K.Key_PageDown, to=1)
    assert presenter.years.isVisible() and presenter.years.slider.value() == 0
    reached = presenter.view.visible_nodes()
    with qtbot.waitSignal(presenter.period_shown, timeout=5000, check_params_cb=lambda p: p == 1):
        press(qtbot, presenter, K.Key_T)
    assert presenter.playing() and "Pause" in presenter.years.play.text()
    assert presenter.view.visible_nodes() > reached  # 2021 brought LoRA
    press(qtbot, presenter, K.Key_T)
    assert not presenter.playing() and presenter.years.slider.value() == 1
    press(qtbot, presenter, K.Key_PageDown, to=2)
    assert presenter.years.slider.value() == 1  # the 2021 stop
    presenter.close()


def test_every_concept_a_caption_names_is_labelled(
    qtbot: QtBot, window: MainWindow, presenter: Presenter
) -> None:
    """The bundled report's stops: "Concepts here: Audio, Education, …" — each named concept
    carries its label on the slide, however crowded its corner of the graph."""
    from explorer.ui.present.scenes import named_in

    checked = 0
    for index in range(presenter.count()):
        if index:
            press(qtbot, presenter, K.Key_PageDown, to=index)
        scene = presenter.scene()
        named = set(named_in(scene.stop.caption, scene.drawn.graph, scene.shown))
        assert named == set(scene.named)
        qtbot.waitUntil(lambda: not presenter.view.labels_due(), timeout=3000)
        assert named <= set(presenter.view.shown_labels()), scene.stop.title
        checked += len(named)
    assert checked >= 30  # four concepts a section, three a key concept

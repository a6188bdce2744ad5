"""A tour as pictures: each stop rendered by the presenter at a given size, offscreen.

Rendering draws widgets, so it runs on the GUI thread (the command line's, or the window's
between events); writing the files is the caller's, on a worker where there is one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QRect, Qt, QTimer
from PySide6.QtGui import QPixmap

from explorer.core.errors import ExplorerError
from explorer.core.tours import Slide
from explorer.ui.present.presenter import Presenter
from explorer.ui.present.scenes import Prepared

SETTLE_MS = 2000  # the most a stop waits for its labels before it is taken as it is


def render_slides(
    prepared: Prepared,
    size: tuple[int, int],
    progress: Callable[[int, int], None] | None = None,
    figures: bool = False,
) -> list[Slide]:
    """One slide per stop: the presenter's picture of it at `size`, and its words; with
    `figures`, also the picture of its graph alone, above the caption band (for the PDF and
    the web page, which set the words themselves)."""
    presenter = Presenter(prepared)
    presenter.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    presenter.resize(*size)
    presenter.show()
    slides = []
    try:
        for index, scene in enumerate(prepared.scenes):
            presenter.go(index, animate=False)
            _settle(presenter)
            png = _png(presenter.grab())
            above = QRect(0, 0, presenter.width(), presenter.caption.geometry().top())
            figure = _png(presenter.grab(above)) if figures else b""
            stop = scene.stop
            words = (stop.title, stop.caption, scene.quote, scene.source)
            slides.append(Slide(index + 1, *words, png=png, figure=figure))
            if progress is not None:
                progress(index + 1, len(prepared.scenes))
    finally:
        presenter.close()
        presenter.deleteLater()
    return slides


def _settle(presenter: Presenter) -> None:
    """Wait (running events) until the labels of the stop are placed."""
    view = presenter.view
    if not view.labels_due():
        return
    loop = QEventLoop()
    view.labels_placed.connect(loop.quit)
    QTimer.singleShot(SETTLE_MS, loop.quit)
    loop.exec()
    view.labels_placed.disconnect(loop.quit)


def _png(picture: QPixmap) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not picture.save(buffer, "PNG"):
        raise ExplorerError("A stop of the tour could not be drawn as a picture.")
    return bytes(data.data())

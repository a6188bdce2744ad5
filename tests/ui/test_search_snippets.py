"""The results list reads as text (issue 23, item 6): a Milvus post's raw HTML
(`configure <a href='https://goproxy.cn/'>Goproxy</a>`, `<p style=…>Click <a href=…>here`)
shows in a hit as the words the reader shows, with the query's words marked."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from explorer.ui.main_window import MainWindow
from explorer.ui.search.rows import HIT_ROLE, snippet_html
from tests.conftest import corpus
from tests.ui.conftest import do

POSTS = (
    "blog__en__2021-11-19-run-milvus-2.0-on-windows.md",
    "blog__en__2022-03-10-manage-your-milvus-vector-database-with-one-click-simplicity.md",
)


def drawn_snippets(qtbot: QtBot, window: MainWindow, query: str) -> list[str]:
    """Type the query; the text of each hit's snippet as the list draws it."""
    box = window.search_panel.box
    box.clear()
    with qtbot.waitSignal(
        window.search_panel.results_shown,
        timeout=10_000,
        check_params_cb=lambda r: r is not None and r.query == query,
    ):
        qtbot.keyClicks(box, query)
    model = window.search_panel.model
    shown = []
    for row in range(model.rowCount()):
        hit = model.index(row).data(HIT_ROLE)
        if hit is None:  # "n more in this report"
            continue
        doc = QTextDocument()
        doc.setHtml(snippet_html(hit, "#fff2a8", "#202124"))
        shown.append(doc.toPlainText())
    return shown


def test_hits_show_the_words_of_raw_html(qtbot: QtBot, window: MainWindow) -> None:
    do(qtbot, window, lambda ws: ws.add([corpus("milvus-blog-en") / name for name in POSTS]))
    [goproxy] = drawn_snippets(qtbot, window, "goproxy")
    assert "You might need to configure Goproxy to install third-party modules" in goproxy
    assert "</div" not in goproxy
    clicks = drawn_snippets(qtbot, window, "click")
    assert any("Click here to check the original post" in s for s in clicks), clicks
    for snippet in clicks:
        assert not [m for m in ("<", "href", "style=", "](", "**") if m in snippet], snippet

"""The window takes Word files and web pages as it takes Markdown: File → Open and folders."""

from __future__ import annotations

from pathlib import Path

import docx
from pytestqt.qtbot import QtBot

from explorer.ui.dialogs import REPORT_FILTER
from explorer.ui.main_window import MainWindow
from tests.conftest import corpus
from tests.ui.conftest import FakeDialogs, ask


def test_file_open_adds_a_word_file(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    document = docx.Document()
    document.core_properties.title = "Otter survey"
    document.add_heading("Findings", level=1)
    document.add_paragraph("Sea otters use kelp forests as shelter.")
    document.add_heading("Methods", level=1)
    document.add_paragraph("Counted from boats.")
    document.save(str(tmp_path / "otters.docx"))
    dialogs.files = [tmp_path / "otters.docx"]
    window.actions_by_name["open"].trigger()
    qtbot.waitUntil(lambda: "section:otters#2" in window.graph_view.visible_nodes(), timeout=30_000)
    assert not dialogs.errors
    entries = ask(qtbot, window, lambda ws: [(e.title, e.format) for e in ws.reports()])
    assert entries == [("Otter survey", "docx")]


def test_a_folder_brings_its_web_pages(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs
) -> None:
    dialogs.folder = corpus("docs-mix")
    window.actions_by_name["open_folder"].trigger()
    qtbot.waitUntil(lambda: "report:zlib-how" in window.graph_view.visible_nodes(), timeout=60_000)
    formats = ask(qtbot, window, lambda ws: {e.id: e.format for e in ws.reports()})
    assert {k: v for k, v in formats.items() if v == "html"} == {
        "libffi-the-basics": "html",
        "users-and-groups": "html",
        "zlib-how": "html",
    }


def test_the_open_dialog_offers_the_formats() -> None:
    shown = REPORT_FILTER.split(";;")[0]
    assert all(f"*{s}" in shown for s in (".md", ".txt", ".html", ".htm", ".docx"))


def test_a_tour_quoting_a_pdf_names_the_page(qtbot: QtBot, window: MainWindow) -> None:
    """A stop quoting a passage of the libtasn1 manual says where it is printed ("p. 16")."""
    import datetime as dt

    from explorer.core.tours import Stop, Tour
    from explorer.core.workspace import Workspace
    from explorer.ui.present.scenes import prepare

    def source(ws: Workspace) -> tuple[str, str | None]:
        ws.add([corpus("docs-mix") / "libtasn1.pdf"])
        passage = next(
            p for s in ws.report("libtasn1").sections for p in s.passages if p.page == "16"
        )
        now = dt.datetime.now(dt.UTC)
        stop = Stop(id="s001", title="DER", evidence=passage.id)
        tour = Tour(id="pages", name="Pages", created=now, updated=now, stops=(stop,))
        return prepare(ws, tour).scenes[0].source, passage.page

    said, page = ask(qtbot, window, source)
    assert page == "16" and said.endswith(", p. 16")

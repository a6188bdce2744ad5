"""The window's exports go through the one guarded writer: the Qt-drawn files come from
explorer.ui.draw.render_export as bytes, and nothing is written into the data folder."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from explorer.core.annotate import workspace_titles
from explorer.core.exports import RefusedExport, write_export, write_export_folder
from explorer.core.notes import ConceptTarget, export_html
from explorer.core.workspace import Workspace
from explorer.ui.draw import NotesPdf, TourFiles, render_export
from explorer.ui.main_window import MainWindow
from explorer.ui.tasks import TaskRunner
from explorer.ui.trends.view import TrendsView
from tests.ui.conftest import FakeDialogs, do, settle
from tests.ui.pdf_pages import read_pages
from tests.ui.test_trends_view import make_timeline


@pytest.fixture
def chart(qtbot: QtBot) -> TrendsView:
    widget = TrendsView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_timeline(make_timeline())
    widget.select_concepts(["concept:lora"])
    return widget


def test_the_chart_export_gets_the_umask_mode_and_never_enters_the_data_folder(
    chart: TrendsView, tmp_path: Path, data_dir: Path, umask_022: None
) -> None:
    (data_dir / "notes").mkdir(parents=True)
    notes = data_dir / "notes" / "notes.json"
    notes.write_text('{"precious": true}', encoding="utf-8")
    for name in ("chart.png", "chart.svg"):
        chart.export_chart(tmp_path / name, data_dir)
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644
        sneaky = tmp_path / f"sneaky-{name}"
        sneaky.symlink_to(notes)
        for inside in (data_dir / "notes" / name, sneaky):
            with pytest.raises(RefusedExport, match="data folder"):
                chart.export_chart(inside, data_dir)
    assert notes.read_text(encoding="utf-8") == '{"precious": true}'
    assert sorted(p.name for p in notes.parent.iterdir()) == ["notes.json"]
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(RefusedExport, match="named pipe"):
        chart.export_chart(fifo, data_dir)


def test_a_notes_pdf_is_drawn_on_a_worker_and_written_by_the_guarded_writer(
    qapp: QApplication, qtbot: QtBot, data_dir: Path, tmp_path: Path, umask_022: None
) -> None:
    ws = Workspace(data_dir)
    ws.notes().add(ConceptTarget(concept="concept:lora"), body="Cheap adapters")
    html = export_html(ws.notes().notes(), workspace_titles(ws))
    runner = TaskRunner(ws)
    threads: list[int] = []
    answers: list[object] = []

    def export(_ws: Workspace, _task: object) -> Path:
        threads.append(threading.get_ident())
        [drawn] = render_export(NotesPdf(html))
        assert (drawn.format.subject, drawn.format.name) == ("notes", "pdf")
        return write_export(drawn.data, tmp_path / "notes.pdf", ws.folder)

    runner.export(export, answers.append, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=60_000)
    assert answers == [(tmp_path / "notes.pdf").resolve()]
    assert threads[0] != threading.main_thread().ident
    assert "Cheap adapters" in " ".join(
        p.text for p in read_pages((tmp_path / "notes.pdf").read_bytes())
    )
    assert stat.S_IMODE((tmp_path / "notes.pdf").stat().st_mode) == 0o644


def test_a_tour_is_drawn_as_pictures_a_pdf_and_a_page(
    qapp: QApplication, data_dir: Path, tmp_path: Path, umask_022: None
) -> None:
    ws = Workspace(data_dir)
    tour = ws.tours().create("Two stops", ws.default_tour().stops[:2]).value
    files = render_export(TourFiles(ws, tour, (320, 180), pdf=True, page=True))
    assert [(f.format.name, f.format.folder) for f in files] == [
        ("png", True),
        ("png", True),
        ("pdf", False),
        ("html", False),
    ]
    assert files[0].name.startswith("01 ") and files[0].name.endswith(".png")
    assert QImage.fromData(files[0].data).size().toTuple() == (320, 180)
    assert len(read_pages(files[2].data)) == 2
    written = write_export_folder(
        [(f.name, f.data) for f in files[:2]], tmp_path / "out", ws.folder
    )
    assert [stat.S_IMODE(p.stat().st_mode) for p in written] == [0o644, 0o644]
    with pytest.raises(RefusedExport, match="data folder"):
        write_export_folder([(f.name, f.data) for f in files[:2]], ws.folder / "notes", ws.folder)


# ---- the window: what the user picks in the save dialog ----------------------------------


def test_the_window_refuses_to_export_notes_into_the_data_folder(
    qtbot: QtBot,
    window: MainWindow,
    dialogs: FakeDialogs,
    tmp_path: Path,
    data_dir: Path,
    umask_022: None,
) -> None:
    lora = ConceptTarget(concept="concept:lora")
    do(qtbot, window, lambda ws: ws.notes().add(lora, body="precious"))
    notes_file = data_dir / "notes" / "notes.json"
    before = notes_file.read_bytes()
    for fmt in ("md", "json", "pdf"):
        dialogs.save_path = notes_file
        window.actions_by_name[f"export_{fmt}"].trigger()
        settle(qtbot, window)
        assert "data folder" in dialogs.errors[-1][1]
    assert notes_file.read_bytes() == before
    dialogs.save_path = tmp_path / "out.md"
    window.actions_by_name["export_md"].trigger()
    settle(qtbot, window)
    assert "precious" in (tmp_path / "out.md").read_text(encoding="utf-8")
    assert stat.S_IMODE((tmp_path / "out.md").stat().st_mode) == 0o644

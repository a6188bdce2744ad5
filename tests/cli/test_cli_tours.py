"""The tour verbs as a script runs them: list, show, export (pictures, PDF, web page),
present, and their refusals (one sentence, exit code 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from PySide6.QtGui import QImage

from explorer.core.workspace import Workspace
from tests.cli.test_cli import run
from tests.conftest import ROOT, subprocess_env
from tests.ui.pdf_pages import read_pages

STOPS = 15  # the bundled report's default tour: ten sections, then five key concepts


def test_tour_list_names_the_default_tour_and_the_saved_ones(data_dir: Path) -> None:
    listed = run("tour", "list", "--json", data_dir=data_dir)
    assert listed.returncode == 0, listed.stderr
    tours = json.loads(listed.stdout)
    assert [(t["id"], t["stops"], t["saved"]) for t in tours] == [("default", STOPS, False)]
    ws = Workspace(data_dir)
    ws.tours().create("Board meeting", ws.default_tour().stops[:3])
    listed = run("tour", "list", data_dir=data_dir)
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("default  Tour of Detailed Report on Advancements")
    assert "Board meeting  (3 stops; saved" in lines[1]
    shown = run("tour", "show", "board MEETING", data_dir=data_dir)  # a name, in any case
    assert shown.returncode == 0, shown.stderr
    assert "  1. 1. Advancements in Multimodal Models  [local: section:" in shown.stdout


def _not_blank(png: Path) -> bool:
    """More than one colour, and much of the picture not the background."""
    image = QImage(str(png))
    step = 16
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    return not image.isNull() and len(colours) > 20


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources += [v or "" for k, v in attrs if k == "src"]


def test_export_writes_a_picture_per_stop_a_pdf_page_per_stop_and_one_web_page(
    data_dir: Path, tmp_path: Path
) -> None:
    out, pdf, page = tmp_path / "slides", tmp_path / "tour.pdf", tmp_path / "tour.html"
    done = run(
        "tour", "export", "default", "-o", str(out), "--size", "960x540",
        "--pdf", str(pdf), "--html", str(page), data_dir=data_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    pictures = sorted(out.glob("*.png"))
    assert len(pictures) == STOPS
    assert pictures[0].name == "01 Advancements in Multimodal Models.png"
    for picture in pictures:
        assert QImage(str(picture)).size().toTuple() == (960, 540)
        assert _not_blank(picture), picture.name
    pages = read_pages(pdf.read_bytes())
    assert len(pages) == STOPS
    assert "2. Improved Efficiency and Scaling" in pages[1].text
    assert "low-rank adaptation (LoRA)" in " ".join(pages[1].text.split())  # its evidence
    images = _Images()
    images.feed(page.read_text(encoding="utf-8"))
    assert len(images.sources) == STOPS
    assert all(s.startswith("data:image/png;base64,") for s in images.sources)
    assert "Wrote 15 pictures of “Tour of Detailed Report" in done.stdout


def test_bad_requests_are_one_sentence_and_exit_code_2(data_dir: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    for args, said in (
        (("tour", "show", "no such tour"), "There is no tour 'no such tour'"),
        (("tour", "export", "default", "-o", str(tmp_path), "--size", "big"), "--size takes"),
        (("tour", "export", "default", "-o", str(tmp_path), "--size", "10x10"), "--size takes"),
        (("tour", "export", "default", "-o", str(tmp_path), "--pdf", "x.png"), "--pdf writes"),
        (("tour", "export", "default", "-o", str(a_file)), "is a file; give a folder"),
        (("tour", "restore", "nothing"), "There is no tour 'nothing' in the trash"),
        (("snapshot", "-o", str(tmp_path / "x.png"), "--size", "99999x99999"), "too big to draw"),
    ):
        done = run(*args, data_dir=data_dir)
        assert done.returncode == 2, (args, done.stderr)
        assert said in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_present_without_a_display_says_so(data_dir: Path) -> None:
    env = subprocess_env(data_dir)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "present"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 2
    assert "The window cannot be opened here: DISPLAY is not set" in done.stderr
    assert "explorer tour export" in done.stderr


def test_snapshot_says_the_size_it_wrote_and_no_qt_chatter(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny.png"
    done = run("snapshot", "-o", str(out), "--size", "10x10", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) != (10, 10)  # the window has a least size
    said = f"({image.width()}×{image.height()}"
    assert said in done.stdout, done.stdout
    assert "smallest" in done.stdout
    assert "propagateSizeHints" not in done.stderr

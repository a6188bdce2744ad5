"""Web pages and Word files on the command line: added, listed with their format, searched
by their main text only, shown by section."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from explorer.cli import main
from tests.conftest import ROOT, corpus, subprocess_env
from tests.core.locked_pdf import locked_pdf

PAGE = corpus("docs-mix") / "libffi-the-basics.html"


def test_a_web_page_is_added_listed_searched_and_shown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", str(PAGE)]) == 0
    assert "Added 1 report" in capsys.readouterr().out
    assert main(["reports"]) == 0
    listed = capsys.readouterr().out
    assert "libffi-the-basics  The Basics (libffi" in listed and "; html; " in listed
    assert main(["search", "variadic", "--json"]) == 0  # a word of the main text
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits and {h["report"] for h in hits} == {"libffi-the-basics"}
    assert main(["search", "accesskey OR Next OR Simple", "--json"]) == 0  # the navigation's
    assert json.loads(capsys.readouterr().out)["hits"] == []
    assert main(["show", "libffi-the-basics#1"]) == 0
    shown = capsys.readouterr().out
    assert "### 2.1 The Basics" in shown and "ffi_prep_cif (ffi_cif" in shown
    assert "Next:" not in shown and "Using-libffi" not in shown


def test_reports_json_names_a_word_files_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = docx.Document()
    document.core_properties.title = "Board memo"
    document.core_properties.created = dt.datetime(2023, 9, 1)
    document.add_heading("Decisions", level=1)
    document.add_paragraph("We fund the retrieval pilot.")
    document.add_heading("Risks", level=1)
    document.add_paragraph("Latency.")
    document.save(str(tmp_path / "memo.docx"))
    assert main(["add", str(tmp_path)]) == 0  # a folder: its .docx is found
    capsys.readouterr()
    assert main(["reports", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["title"], row["date"], row["format"]) == ("Board memo", "2023-09-01", "docx")
    assert [part["title"] for part in row["outline"]] == ["Decisions", "Risks"]


def test_help_names_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    usage = " ".join(capsys.readouterr().out.split())
    for verb in ("add report files or folders", "open the desktop app"):
        assert f"{verb}" in usage
        assert usage.split(verb, 1)[1].split(")", 1)[0].endswith(".html, .htm, .docx or .pdf")


def test_a_pdfs_search_hits_cite_their_printed_page(capsys: pytest.CaptureFixture[str]) -> None:
    """The libtasn1 manual: a hit carries the label printed on its page, in JSON and as
    "p. N" in the text output; a web page's hit has none."""
    manual = corpus("docs-mix") / "libtasn1.pdf"
    assert main(["add", str(manual), str(PAGE)]) == 0
    capsys.readouterr()
    assert main(["search", "asn1_create_element", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    pages = {h["page"] for h in hits if h["report"] == "libtasn1"}
    assert pages and None not in pages and all(p.strip() for p in pages)
    assert main(["search", "asn1_create_element"]) == 0
    assert f", p. {hits[0]['page']}, " in capsys.readouterr().out
    assert main(["search", "variadic", "--json"]) == 0
    assert {h["page"] for h in json.loads(capsys.readouterr().out)["hits"]} == {None}


def test_a_pdfs_evidence_cites_its_page(capsys: pytest.CaptureFixture[str]) -> None:
    manual = corpus("docs-mix") / "libtasn1.pdf"
    assert main(["add", str(manual)]) == 0
    capsys.readouterr()
    assert main(["concept", "DER encoding"]) == 0
    cited = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  [")]
    assert cited and all(", p. " in line for line in cited)


def test_adding_a_pdf_locked_with_a_password_says_so_in_one_line(tmp_path: Path) -> None:
    """`explorer add` in its own process, as a user runs it: the PDF reader's child process
    prints nothing either."""
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(locked_pdf("Quarterly revenue rose.", "Q3", "secret", "owner"))
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "add", str(locked)],
        cwd=ROOT,
        env=subprocess_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stderr == f"explorer: {locked}: is encrypted; add an unlocked copy.\n"
    assert "Added 0 reports" in done.stdout and "1 failed." in done.stdout

"""The Page view's pages (issue 24, item 4): a PDF report's page drawn by pdfium as wide as
asked, the passage's words found on it whatever the text's hyphens, ligatures and escapes,
and the pages drawn kept for paging back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explorer.core.errors import ExplorerError
from explorer.core.reports import find_pages
from explorer.core.reports.formats.pdf.printed import find_words
from explorer.core.workspace import Workspace
from tests.conftest import corpus

MANUAL = "libtasn1"


@pytest.fixture(scope="module")
def manual(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("data"))
    ws.add([corpus("docs-mix") / "libtasn1.pdf"])
    return ws


def test_words_are_found_by_their_letters_across_hyphens_ligatures_and_escapes() -> None:
    page = "Intro\r\nThe DER encod-\r\ning of the \ufb01eld [der] is long.\r\nNext line"
    start, end = find_words(page, "The DER encoding of the field \\[der\\] is long.")  # type: ignore[misc]
    assert page[start:end] == "The DER encod-\r\ning of the \ufb01eld [der] is long"
    assert find_words(page, "Nothing of the kind") is None
    assert find_words(page, "") is None


def test_long_words_are_found_by_their_first_and_last_letters() -> None:
    words = " ".join(f"word{i}" for i in range(40))
    page = "Header 12\n" + words.replace("word20", "w\u00f6rd20") + "\nFooter"
    found = find_words(page, words)  # one word differs in the middle: still found
    assert found is not None
    assert page[found[0] : found[1]].startswith("word0") and page[: found[1]].endswith("word39")


def test_the_page_a_passage_is_on_is_drawn_with_its_lines_marked(manual: Workspace) -> None:
    page = manual.printed_page(MANUAL, passage_id=f"{MANUAL}#16.5", width=1000)
    assert (page.number, page.count, page.label) == (19, 36, "16")
    assert page.passage == f"{MANUAL}#16.5"
    assert page.picture.width == 1000 and page.picture.height > 1000  # upright, A4-ish
    assert len(page.picture.pixels) == page.picture.stride * page.picture.height
    assert len(page.marks) >= 3
    for x, y, w, h in page.marks:
        assert 0 <= x < x + w <= 1000 and 0 <= y < y + h <= page.picture.height
    assert min(y for _, y, _, _ in page.marks) < page.picture.height // 4  # top of the page


def test_every_passage_of_the_manual_is_found_on_its_page(manual: Workspace) -> None:
    report = manual.report(MANUAL)
    passages = [p for s in report.sections for p in s.passages]
    unmarked = [p.id for p in passages if not manual.printed_page(MANUAL, p.id, width=300).marks]
    assert len(passages) > 500 and unmarked == []


def test_a_page_is_chosen_by_the_place_read_and_turned_by_number(manual: Workspace) -> None:
    report = manual.report(MANUAL)
    pages = find_pages(report.text)
    start = pages.start_of(20)
    assert start is not None
    at = manual.printed_page(MANUAL, offset=start + 5, width=400)
    assert (at.number, at.label) == (20, "17") and at.marks and at.opens == at.passage
    passage = report.passage(at.opens or "")
    assert passage is not None and pages.number_at(passage.start) == 20
    # the passage asked about is marked only on the page it is on
    turned = manual.printed_page(MANUAL, f"{MANUAL}#16.5", number=20, width=400)
    assert turned.number == 20 and turned.marks == () and turned.passage is None
    again = manual.printed_page(MANUAL, f"{MANUAL}#16.5", number=20, width=400)
    assert again.picture is turned.picture  # paging back draws nothing again
    with pytest.raises(ExplorerError, match="has no page 37; it has 36"):
        manual.printed_page(MANUAL, number=37)


def test_a_report_without_pages_or_a_pdf_gone_is_said_in_one_sentence(
    tmp_path: Path,
) -> None:
    ws = Workspace(tmp_path / "data")
    copy = tmp_path / "manual.pdf"
    shutil.copyfile(corpus("docs-mix") / "libtasn1.pdf", copy)
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nA page of my own, in Markdown.\n", encoding="utf-8")
    ws.add([copy, notes])
    with pytest.raises(ExplorerError, match=r"^Notes is not a PDF, so it has no printed pages"):
        ws.printed_page("notes")
    assert ws.printed_page("manual", number=2).label == "T-2"
    copy.unlink()
    with pytest.raises(ExplorerError) as gone:
        ws.printed_page("manual", number=2)
    assert str(gone.value) == (
        f"The PDF is no longer at {copy}, so its pages cannot be shown; "
        "its text is still here to read."
    )


def test_a_pdf_changed_since_it_was_added_is_not_opened(tmp_path: Path) -> None:
    """Only bytes first read whole in the reader's child are opened in this process."""
    ws = Workspace(tmp_path / "data")
    copy = tmp_path / "manual.pdf"
    shutil.copyfile(corpus("docs-mix") / "libtasn1.pdf", copy)
    ws.add([copy])
    assert ws.printed_page("manual", number=3).count == 36
    copy.write_bytes(copy.read_bytes() + b"\n% one line more\n")
    with pytest.raises(ExplorerError) as changed:
        ws.printed_page("manual", number=3)
    assert str(changed.value) == (
        f"The PDF at {copy} has changed since it was added, so its pages cannot be shown; "
        "add it again to read and see it as it is now."
    )
    ws.add([copy])  # read again: its pages show again
    assert ws.printed_page("manual", number=3).count == 36


def test_a_page_far_taller_than_wide_is_drawn_narrower_not_huge(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from explorer.core.reports.formats.pdf.printed import MOST_PIXELS, PrintedPages

    made = pdfium.PdfDocument.new()
    made.new_page(1, 842)  # a point wide: as wide as asked, it would be 842,000 pixels tall
    path = tmp_path / "sliver.pdf"
    made.save(str(path))
    page = PrintedPages().page(path, 1, 1000, "1", "")
    assert page.picture.width * page.picture.height <= MOST_PIXELS * 1.01
    assert page.picture.height > 1000  # still drawn, as tall as the room allows

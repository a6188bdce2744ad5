"""The fuzz harnesses of the report readers (fuzz/fuzz_html.py, fuzz_docx.py, fuzz_pdf.py,
fuzz_pdfpages.py) run: each on a few fixed inputs (one for each way it makes a file), and
the seed files they start from are read whole. A broken harness would otherwise be found
only by `make fuzz`, which CI does not run. atheris comes with the test extras on Linux (it
has wheels for no other system); elsewhere these tests are skipped."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("atheris")

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
INPUTS = [bytes([mode]) * 96 for mode in range(8)] + [b"", bytes(range(256)) * 4]
"""The first byte picks how a harness makes its file; each is tried once."""


@pytest.fixture(scope="module")
def harnesses() -> Iterator[dict[str, ModuleType]]:
    sys.path.insert(0, str(FUZZ))
    try:
        import fuzz_docx
        import fuzz_html
        import fuzz_pdf
        import fuzz_pdfpages
        import fuzz_printed

        yield {
            "html": fuzz_html,
            "docx": fuzz_docx,
            "pdf": fuzz_pdf,
            "pdfpages": fuzz_pdfpages,
            "printed": fuzz_printed,
        }
    finally:
        sys.path.remove(str(FUZZ))


@pytest.mark.parametrize("target", ["html", "docx", "pdf", "pdfpages", "printed"])
def test_each_harness_takes_its_inputs_without_a_failure(
    harnesses: dict[str, ModuleType], target: str
) -> None:
    test_one_input = harnesses[target].harness()
    for data in INPUTS:
        test_one_input(data)
    assert not multiprocessing.active_children()


def test_the_seed_files_are_read_whole(harnesses: dict[str, ModuleType], tmp_path: Path) -> None:
    import fuzzkit

    from explorer.core.reports import Report

    html, docx, pdf = harnesses["html"], harnesses["docx"], harnesses["pdf"]
    assert len(html.seeds()) == 4, "the docs-mix corpus's three pages, and the harness's own"
    for n, page in enumerate(html.seeds()):
        assert isinstance(fuzzkit.added_file(tmp_path, f"{n}.html", page), Report)
    full, headings_only = docx.seeds()
    assert isinstance(fuzzkit.added_file(tmp_path, "full.docx", full), Report)
    assert "only headings" in fuzzkit.added_file(tmp_path, "bare.docx", headings_only)
    manual = (pdf.CORPUS / "libtasn1.pdf").read_bytes()
    assert isinstance(fuzzkit.added_file(tmp_path, "manual.pdf", manual, 70), Report)

"""The bundle's smaller ICU data (packaging/icu_data.py), made from PySide6's own: it keeps
every item Qt reads, unchanged and findable, and Qt answers as it does with the full data."""

from __future__ import annotations

import sys
from pathlib import Path

import PySide6
import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "packaging"))

import icu_data
import smoke


@pytest.fixture(scope="module")
def pyside_icu() -> Path:
    """PySide6's ICU data library, the one the bundle starts from."""
    (library,) = (Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*")
    return library


@pytest.fixture(scope="module")
def full(pyside_icu: Path) -> icu_data.Package:
    return icu_data.read_library(pyside_icu)[1]


def test_the_package_is_written_back_as_it_was_read(full: icu_data.Package) -> None:
    again = icu_data.Package.parse(full.to_bytes())
    assert again == full
    assert len(full.items) > 3000  # the whole of ICU: every locale's data


def test_the_smaller_package_keeps_what_qt_reads_byte_for_byte(full: icu_data.Package) -> None:
    smaller = icu_data.Package.parse(full.without(icu_data.NEVER_READ).to_bytes())
    names = [name.partition("/")[2] for name in smaller.items]
    assert names == sorted(names)  # ICU finds an item by a binary search of the names
    for kept in ("coll/ucadata.icu", "coll/sv.res", "zone/ja.res", "zoneinfo64.res"):
        assert kept in names
    assert "cnvalias.icu" in names and any(n.endswith(".cnv") for n in names)
    for gone in ("brkitr/cjdict.dict", "translit/root.res", "lang/de.res", "unames.icu"):
        assert gone not in names
    assert all(smaller.items[name] == full.items[name] for name in smaller.items)
    assert len(smaller.to_bytes()) < 0.6 * len(full.to_bytes())


def test_qt_answers_as_with_the_full_data(pyside_icu: Path, tmp_path: Path) -> None:
    smaller = tmp_path / pyside_icu.name
    before, after = icu_data.trim(pyside_icu, smaller)
    assert after < before
    symbol, package = icu_data.read_library(smaller)
    assert symbol.startswith("icudt") and package == icu_data.read_library(pyside_icu)[1].without(
        icu_data.NEVER_READ
    )
    full_answers, _ = smoke.icu_answers(None)
    answers, loaded = smoke.icu_answers(smaller)
    assert loaded.split() == [str(smaller)]  # Qt read the smaller data, not PySide6's
    assert "Mitteleuropäische Normalzeit" in full_answers and "日本語" in full_answers
    assert answers == full_answers

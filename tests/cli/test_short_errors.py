"""Errors stay short (issue 22, item 7): what a user typed is echoed cut to a readable
length and escaped, on one line, whatever its size."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.cli import main

HUGE = "x" * 10_000


@pytest.mark.parametrize(
    "args",
    [
        ("remove", HUGE),
        ("show", HUGE + "#1"),
        ("search", "otters", "--report", HUGE),
        ("concept", HUGE),
        ("path", HUGE, "LoRA"),
        ("notes", "remove", "n-" + HUGE),
        ("tour", "show", HUGE),
        ("open", "explorer://open?start=1&x=" + HUGE),
    ],
)
def test_a_huge_argument_is_echoed_short_on_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, args: tuple[str, ...]
) -> None:
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert err.startswith("explorer: ") and len(err.splitlines()) == 1, err[:300]
    assert len(err) < 400, err[:400]
    assert "xxxxxxxxxx" in err  # what was typed is still recognisable

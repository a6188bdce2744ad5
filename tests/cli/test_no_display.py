"""A window command without a usable display ends with one `explorer:` line and exit code 2
(issue 22, item 6), before Qt can abort the process with its own five lines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.test_cli import run

NO_SUCH_DISPLAY = ":4711"


@pytest.mark.parametrize("verb", [("present",), ("open",)])
def test_a_display_that_cannot_be_opened_is_one_line(data_dir: Path, verb: tuple[str, ...]) -> None:
    assert not Path(f"/tmp/.X11-unix/X{NO_SUCH_DISPLAY[1:]}").exists()
    env_before = dict(os.environ)
    os.environ.pop("QT_QPA_PLATFORM", None)
    os.environ.pop("WAYLAND_DISPLAY", None)
    os.environ["DISPLAY"] = NO_SUCH_DISPLAY
    try:
        done = run(*verb, data_dir=data_dir, timeout=60)
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("explorer: "), done.stderr
    assert NO_SUCH_DISPLAY in lines[0]

"""The index is written by a spawned child: when that child dies, the add says so in one
sentence instead of waiting for it for ever."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_script_without_a_main_guard_is_told_instead_of_hanging(tmp_path: Path) -> None:
    """The spawned child imports the script again; its top-level add then cannot start a
    process of its own and the child dies (a pool would start another, for ever)."""
    from explorer.core.search.index import OUT_OF_PROCESS_ROWS

    report = tmp_path / "otters.md"
    pebbles = "".join(f"Otter {n} juggles pebbles.\n\n" for n in range(OUT_OF_PROCESS_ROWS))
    report.write_text(f"# Otters\n\n{pebbles}", encoding="utf-8")
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import sys\n"
        "from pathlib import Path\n"
        "from explorer.core.errors import ExplorerError\n"
        "from explorer.core.workspace import Workspace\n"
        f"ws = Workspace(Path({str(tmp_path / 'data')!r}))\n"
        "try:\n"
        f"    ws.add([Path({str(report)!r})])\n"
        "except ExplorerError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(2)\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=240, check=False
    )
    assert run.returncode == 2, run.stderr[-2000:]
    assert "the process writing it stopped" in run.stdout
    assert 'if __name__ == "__main__":' in run.stdout

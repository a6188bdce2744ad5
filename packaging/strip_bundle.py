"""Strip debug symbols from the bundle's libraries on Linux: libpython and Python's own
modules, Qt, ICU, the PySide6 modules, PyYAML's and pypdfium2's libraries. numpy's are left
alone: stripping breaks its OpenBLAS.

    python packaging/strip_bundle.py dist/trend-explorer
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PATTERNS = (
    "libpython3*.so*",
    "python3*/lib-dynload/*.so",
    "PySide6/Qt/lib/lib*.so*",
    "PySide6/*.abi3.so*",
    "yaml/*.so",
    "pypdfium2_raw/*.so",
)


def main(folder: Path) -> int:
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        print("Not stripped: no `strip` here, or not Linux.")
        return 0
    inside = folder / "_internal"
    files = sorted({p for pattern in PATTERNS for p in inside.glob(pattern) if p.is_file()})
    before = sum(p.stat().st_size for p in files)
    subprocess.run([strip, "--strip-unneeded", *map(str, files)], check=True)
    after = sum(p.stat().st_size for p in files)
    print(f"Stripped {len(files)} libraries: {before / 1e6:.0f} MB → {after / 1e6:.0f} MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

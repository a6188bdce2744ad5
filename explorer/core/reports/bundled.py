"""Files shipped with the app: the bundled report, the concept vocabulary, resources.

In a wheel they live in ``explorer/_bundled/``; in a source checkout, at the project root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]
_BUNDLED = _PACKAGE / "_bundled"
_SOURCE_ROOT = _PACKAGE.parent


def bundled_dir(name: str) -> Path:
    """The folder ``seeds``, ``data`` or ``resources``, wherever this install keeps it."""
    for base in (_BUNDLED, _SOURCE_ROOT):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled folder {name!r} is missing from this installation")


def seed_reports() -> list[Path]:
    """The reports a new, empty library starts with: the sample report."""
    return sorted(bundled_dir("seeds").glob("*.md"))


def seed_paths() -> frozenset[str]:
    """The bundled reports' paths as the library records them (resolved); none when this
    install has no seeds."""
    try:
        return frozenset(str(path.resolve()) for path in seed_reports())
    except FileNotFoundError:
        return frozenset()

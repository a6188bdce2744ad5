"""Wings name their public face in ``__init__``; the modules behind it load on first use.

whoosh and networkx take a quarter of a second to import, and a face is imported by
everything that uses its wing, so a face imports nothing until a name is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_face(package: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``package.<module>`` for each public name."""

    def __getattr__(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__

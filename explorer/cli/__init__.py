"""The command line, one module per verb group; ``main`` is the ``explorer`` command."""

from explorer.cli.main import main

__all__ = ["main"]

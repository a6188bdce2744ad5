"""The bundle's entry point, for both of its programs: `explorer` (the command line) and
`trend-explorer` (the window, which is what the command line opens when given no command).

The search index is written in a spawned child process; in a frozen program that child is
this same executable, which `freeze_support` turns into the child before anything else runs.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from explorer.cli import main

    sys.exit(main())

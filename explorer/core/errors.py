"""Errors whose message is one sentence meant for the user (what, where, what to do)."""

from __future__ import annotations


class ExplorerError(Exception):
    """A problem caused by input or circumstances, explained in one sentence."""


class RefusedFile(ExplorerError):
    """A report file that cannot be read as text: binary, empty, undecodable or too large."""


class BadQuery(ExplorerError):
    """A search query that cannot be answered, and why."""


class LibraryBusy(ExplorerError):
    """Another process is writing to the same data folder."""


class NotFound(ExplorerError):
    """A report, section or other id that the library does not have."""

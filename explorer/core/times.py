"""Times in the user's files: always with a zone, so that any two compare.

A time written by hand without a zone ("2024-03-01T10:00:00") is read as UTC, the zone the
app writes; one whose offset is not whole minutes is kept in UTC, the same instant, which
ISO 8601 (whole-minute offsets only) can then write and read back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

FIRST_YEAR = 1900
LAST_YEAR = 2999
"""The years a report's date may be in (a user's, front matter's, a file name's, a title's):
outside them a date is refused in one line, and no period arithmetic can overflow."""


def in_utc(when: dt.datetime) -> dt.datetime:
    """The time with a zone: UTC when it had none (see the module's docstring)."""
    offset = when.utcoffset()
    if offset is None:
        return when.replace(tzinfo=dt.UTC)
    if offset % dt.timedelta(minutes=1) == dt.timedelta(0):
        return when
    try:
        return when.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("the time is out of range once put in UTC") from None


UtcTime = Annotated[dt.datetime, AfterValidator(in_utc)]
"""A datetime field of a user file: always with a zone."""

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def sane_day(value: Any) -> str | None:
    """An ISO day (YYYY-MM-DD, ASCII digits) in the years above, or None: what a report's
    date stored in the library must be for periods to be counted from it."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value if FIRST_YEAR <= day.year <= LAST_YEAR else None


ReportDay = Annotated[str | None, BeforeValidator(sane_day)]
"""A report's date in the library file. One written before dates were bounded, or typed in
by hand (9999-12-31, 2024-02-30), is read as no date rather than breaking every trend."""

"""Dates as people type them (``YYYY-MM-DD``, ``today``, ``yesterday``, ``-3d``), the range of
dates the journal holds, the one clock every command reads, and the names of the months.

Two rules keep dates safe (docs/data-safety.md, promise 11):

- "Not in the future" is a rule for what the user types (``add``; ``edit`` cannot change a
  date, which is part of the entry's id and file name), judged against the user's local date. A date stored in a file is never judged
  against the clock: a journal synced between timezones holds "tomorrow" somewhere.
- Every date lies between :data:`EARLIEST_DAY` and :data:`LATEST_DAY`, so that the date
  arithmetic of reports (periods, windows of days, months before a period) never leaves the
  range Python's dates can hold.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re

from therapylog.data.errors import InputError

_RELATIVE = re.compile(r"^-([0-9]{1,6})d$", re.ASCII)
DATE_FORMS = "YYYY-MM-DD, today, yesterday or -Nd (N days ago)"

#: The range of dates the journal holds: entries, goals, report periods, typed dates.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)
DAY_RANGE = f"from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"

#: For tests and demos: pretend today is this date (YYYY-MM-DD).
ENV_TODAY = "THERAPYLOG_TODAY"


def today() -> dt.date:
    """The user's local date (or ``$THERAPYLOG_TODAY``): the only clock in therapylog."""
    raw = os.environ.get(ENV_TODAY)
    if not raw:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"{ENV_TODAY}: {raw!r} is not a date (YYYY-MM-DD)") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY or len(raw) != 10:
        raise InputError(f"{ENV_TODAY}: {raw!r} is not a date {DAY_RANGE} (YYYY-MM-DD)")
    return day


def out_of_range(day: dt.date) -> str | None:
    """Why ``day`` cannot be in the journal, or None if it can."""
    if day < EARLIEST_DAY:
        return f"{day.isoformat()} is before {EARLIEST_DAY.isoformat()}; use a date {DAY_RANGE}"
    if day > LATEST_DAY:
        return f"{day.isoformat()} is after {LATEST_DAY.isoformat()}; use a date {DAY_RANGE}"
    return None


def stored_day(value: object) -> dt.date:
    """A date read from a journal file or a backup (a TOML date or ``YYYY-MM-DD``), within the
    journal's range; ValueError, with the reason, for anything else."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value.isoformat()} is not a plain date; use YYYY-MM-DD")
    day = None
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and value.isascii() and len(value.strip()) == 10:
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(value.strip())
    if day is None:
        raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD")
    problem = out_of_range(day)
    if problem is not None:
        raise ValueError(problem)
    return day


def not_in_future(day: dt.date, *, today: dt.date, option: str = "date") -> dt.date:
    """``day``, if it has happened by the user's local ``today`` (a rule for typed dates)."""
    if day > today:
        raise InputError(
            f"{option}: {day.isoformat()} is in the future; record appointments that have happened"
        )
    return day


def parse_day(
    text: str, *, today: dt.date, option: str = "date", allow_future: bool = False
) -> dt.date:
    value = text.strip().lower()
    if value == "today":
        day = today
    elif value == "yesterday":
        day = today - dt.timedelta(days=1)
    elif match := _RELATIVE.fullmatch(value):
        days = int(match.group(1))
        if days > (today - EARLIEST_DAY).days:
            raise InputError(f"{option}: {text!r} is before {EARLIEST_DAY.isoformat()}")
        day = today - dt.timedelta(days=days)
    else:
        if not value.isascii() or len(value) != 10:
            raise InputError(f"{option}: {text!r} is not a date; use {DATE_FORMS}")
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{option}: {text!r} is not a date; use {DATE_FORMS}") from None
    problem = out_of_range(day)
    if problem is not None:
        raise InputError(f"{option}: {problem}")
    if not allow_future:
        not_in_future(day, today=today, option=option)
    return day


#: The months, spelled out here rather than taken from ``strftime`` so that no text therapylog
#: writes changes with the computer's locale. Their first three letters are the short names.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def short_month(month: int) -> str:
    """``Jul`` for 7."""
    return MONTHS[month - 1][:3]


def short_day(day: dt.date) -> str:
    """``14 Jul 2026``: a date in tables, lists and headings."""
    return f"{day.day} {short_month(day.month)} {day.year}"

"""The period a report or export covers: a month, a date range, or everything.

The forms a user may type are listed in docs/report.md, "Choosing the period".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from therapylog.data.dates import EARLIEST_DAY, LATEST_DAY, MONTHS
from therapylog.data.errors import InputError
from therapylog.report.model import Period

PERIOD_FORMS = "choose one of --month YYYY-MM, --since/--until YYYY-MM-DD, or --all"
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


def month_period(year: int, month: int) -> Period:
    """The whole calendar month, labelled ``November 2026``."""
    last = calendar.monthrange(year, month)[1]
    return Period(
        start=dt.date(year, month, 1),
        end=dt.date(year, month, last),
        label=f"{MONTHS[month - 1]} {year}",
    )


def parse_month(text: str, *, today: dt.date) -> Period:
    """``YYYY-MM`` as a period; a month that has not started yet is refused."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise InputError(f"--month: {text!r} is not a month; use YYYY-MM, for example 2026-11")
    if not EARLIEST_DAY.year <= int(match.group(1)) <= LATEST_DAY.year:
        raise InputError(
            f"--month: {text.strip()} is out of range; use a month from "
            f"{EARLIEST_DAY.year}-01 to {LATEST_DAY.year}-12"
        )
    period = month_period(int(match.group(1)), int(match.group(2)))
    if period.start > today:
        raise InputError(
            f"--month: {text.strip()} is in the future; choose this month or an earlier one"
        )
    return period


def _range(
    since: dt.date | None, until: dt.date | None, first_entry: dt.date | None, today: dt.date
) -> Period:
    if since is not None and since > today:
        raise InputError(f"--since: {since.isoformat()} is in the future")
    end = until or today
    if since is None:
        # Only --until: from the first entry (or the day itself in an empty journal).
        since = min(first_entry, end) if first_entry is not None else end
    if since > end:
        raise InputError(
            f"--since {since.isoformat()} is after --until {end.isoformat()}; "
            "give the earlier date first"
        )
    return Period(start=since, end=end, label=f"{since.isoformat()} to {end.isoformat()}")


def resolve_period(
    *,
    month: str | None,
    since: dt.date | None,
    until: dt.date | None,
    all_entries: bool,
    first_entry: dt.date | None,
    today: dt.date,
    last_entry: dt.date | None = None,
) -> Period:
    """The period asked for on the command line; the current month when none is given.

    ``--all`` reaches the latest entry when its date is after today: a date already stored is
    never judged by the clock (a journal synced across timezones holds "tomorrow" somewhere;
    docs/data-safety.md, promise 11)."""
    given = [
        name
        for name, present in (
            ("--month", month is not None),
            ("--since/--until", since is not None or until is not None),
            ("--all", all_entries),
        )
        if present
    ]
    if len(given) > 1:
        raise InputError(f"{' and '.join(given)} cannot be combined; {PERIOD_FORMS}")
    if all_entries:
        start = min(first_entry, today) if first_entry is not None else today
        end = max(last_entry, today) if last_entry is not None else today
        return Period(start=start, end=end, label="all entries")
    if since is not None or until is not None:
        return _range(since, until, first_entry, today)
    if month is not None:
        return parse_month(month, today=today)
    return month_period(today.year, today.month)

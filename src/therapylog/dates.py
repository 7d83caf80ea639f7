"""Dates as people type them: ``YYYY-MM-DD``, ``today``, ``yesterday``, ``-3d``."""

from __future__ import annotations

import datetime as dt
import re

from therapylog.errors import InputError

_RELATIVE = re.compile(r"^-(\d{1,5})d$")
DATE_FORMS = "YYYY-MM-DD, today, yesterday or -Nd (N days ago)"


def parse_day(
    text: str, *, today: dt.date, option: str = "date", allow_future: bool = False
) -> dt.date:
    value = text.strip().lower()
    if value == "today":
        day = today
    elif value == "yesterday":
        day = today - dt.timedelta(days=1)
    elif match := _RELATIVE.fullmatch(value):
        day = today - dt.timedelta(days=int(match.group(1)))
    else:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{option}: {text!r} is not a date; use {DATE_FORMS}") from None
        if len(value) != 10:
            raise InputError(f"{option}: {text!r} is not a date; use {DATE_FORMS}")
    if day > today and not allow_future:
        raise InputError(
            f"{option}: {day.isoformat()} is in the future; record appointments that have happened"
        )
    return day

"""Days, months and periods as the report writes them: ``14 Jul, 4 Aug and 18 Aug 2026``,
``Jul 2026``, ``1–30 Nov 2026``. Month names come from :mod:`therapylog.data.dates`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from therapylog.data.dates import short_day, short_month
from therapylog.data.words import join
from therapylog.report.facts import day_of

if TYPE_CHECKING:
    from therapylog.report.model import Report


def month_label(year: int, month: int) -> str:
    """``Jul 2026``."""
    return f"{short_month(month)} {year}"


def list_days(days: Iterable[dt.date]) -> str:
    """``14 Jul, 4 Aug and 18 Aug 2026``: each day once, the year said once per run of a year."""
    unique = sorted(set(days))
    parts: list[str] = []
    for index, day in enumerate(unique):
        last_of_year = index == len(unique) - 1 or unique[index + 1].year != day.year
        parts.append(short_day(day) if last_of_year else f"{day.day} {short_month(day.month)}")
    return join(parts)


def evidence_days(evidence: Sequence[str]) -> str:
    """The days of a finding's evidence (entry ids), as :func:`list_days` says them."""
    return list_days(day_of(entry_id) for entry_id in evidence)


def period_range(report: Report) -> str:
    """``1–30 Nov 2026``, ``7 May – 22 Nov 2026``, ``1 Dec 2025 – 5 Jan 2026``."""
    start, end = report.period.start, report.period.end
    if start == end:
        return short_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{short_day(end)}"
    if start.year == end.year:
        return f"{start.day} {short_month(start.month)} – {short_day(end)}"
    return f"{short_day(start)} – {short_day(end)}"


def is_calendar_month(report: Report) -> bool:
    """Whether the period is one whole calendar month (its label then names it)."""
    start, end = report.period.start, report.period.end
    following = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
    return (
        start.day == 1
        and (start.year, start.month) == (end.year, end.month)
        and (following - end).days == 1
    )

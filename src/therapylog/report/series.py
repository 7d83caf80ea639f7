"""Series for the charts, derived from the report: mood by month and by session, PHQ-9 and
GAD-7 scores, and a sparkline. Pure functions of a :class:`Report`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from therapylog.report.days import month_label
from therapylog.report.facts import all_entries

if TYPE_CHECKING:
    from therapylog.data.model import Entry
    from therapylog.report.model import Report

# --- series for charts -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MonthMood:
    year: int
    month: int
    sessions: int  # attended sessions with at least one mood
    before: float | None
    after: float | None
    in_period: bool

    @property
    def label(self) -> str:
        return month_label(self.year, self.month)


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def mood_by_month(report: Report, *, limit: int = 12) -> list[MonthMood]:
    """Mean mood before and after attended sessions, month by month, up to the period's end."""
    sessions = [e for e in chart_sessions(report) if e.date <= report.period.end]
    if not sessions:
        return []
    first = min(sessions[0].date, report.period.start)
    result = []
    for year, month in _months(first, report.period.end)[-limit:]:
        inside = [e for e in sessions if (e.date.year, e.date.month) == (year, month)]
        start, end = dt.date(year, month, 1), dt.date(year, month, 28)
        result.append(
            MonthMood(
                year=year,
                month=month,
                sessions=len(inside),
                before=_mean([e.mood_before for e in inside if e.mood_before is not None]),
                after=_mean([e.mood_after for e in inside if e.mood_after is not None]),
                in_period=report.period.start <= end and start <= report.period.end,
            )
        )
    return result


def chart_sessions(report: Report) -> list[Entry]:
    """Attended sessions with a mood, from the months before the period through its end."""
    entries = all_entries(report).values()
    return sorted(
        (
            e
            for e in entries
            if e.attended and (e.mood_before is not None or e.mood_after is not None)
        ),
        key=lambda e: (e.date, e.id),
    )


def measure_series(report: Report, field: str) -> list[tuple[dt.date, int]]:
    """``phq9`` or ``gad7`` scores over the chart's span, oldest first."""
    points = []
    for entry in sorted(all_entries(report).values(), key=lambda e: (e.date, e.id)):
        value = getattr(entry, field)
        if isinstance(value, int) and entry.date <= report.period.end:
            points.append((entry.date, value))
    return points


def period_mood_shift(report: Report) -> tuple[float, float] | None:
    """(mean mood before in the months before the period, in the period), when both exist."""
    sessions = [e for e in chart_sessions(report) if e.mood_before is not None]
    earlier = [e.mood_before for e in sessions if e.date < report.period.start]
    during = [e.mood_before for e in sessions if report.period.contains(e.date)]
    before_mean, during_mean = (
        _mean([m for m in earlier if m is not None]),
        _mean([m for m in during if m is not None]),
    )
    if before_mean is None or during_mean is None:
        return None
    return before_mean, during_mean


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int], *, high: int = 10) -> str:
    """``▃▄▄▅▆▇``: one character per value on a 0..high scale."""
    top = len(SPARKS) - 1
    return "".join(SPARKS[min(top, round(value / high * top))] for value in values)

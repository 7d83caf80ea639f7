"""Inline SVG charts for the HTML summary: plain strings, no scripts, nothing fetched.

Each chart scales to the width of the page (``viewBox``), carries a ``<title>`` and a
``<desc>`` that says in words what it shows, and keeps its text as real text so that it
prints sharply and can be found in the PDF. Colours are set by class from the page's CSS.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from therapylog.catalogue import RELIABILITY_STATUSES, Category
from therapylog.report.renderers.common import (
    CATEGORY_LABELS,
    MONTHS,
    all_entries,
    category_of,
    list_days,
)
from therapylog.report.renderers.series import chart_sessions, measure_series

if TYPE_CHECKING:
    from therapylog.report.model import Report

WIDTH, LEFT, RIGHT, TOP = 680, 34, 12, 14


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _f(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class _Frame:
    """A plot area: dates along x, values along y."""

    start: dt.date
    end: dt.date
    high: float
    height: int
    bottom: int = 26

    @property
    def plot_height(self) -> int:
        return self.height - TOP - self.bottom

    def x(self, day: dt.date) -> float:
        span = max((self.end - self.start).days, 1)
        return LEFT + (day - self.start).days / span * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        return TOP + (1 - value / self.high) * self.plot_height


def _open(title: str, desc: str, height: int, css: str) -> list[str]:
    return [
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
        f"<title>{_esc(title)}</title>",
        f"<desc>{_esc(desc)}</desc>",
    ]


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], dt.date(start.year, start.month, 1)
    while day <= end:
        days.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return days


def _axes(
    frame: _Frame, ticks: Sequence[float], period: tuple[dt.date, dt.date] | None
) -> list[str]:
    parts = []
    if period is not None:
        x0, x1 = frame.x(max(period[0], frame.start)), frame.x(min(period[1], frame.end))
        parts.append(
            f'<rect class="period" x="{_f(x0)}" y="{TOP}" width="{_f(max(x1 - x0, 2))}" '
            f'height="{frame.plot_height}"/>'
        )
    for value in ticks:
        y = _f(frame.y(value))
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y}" dy="0.32em" text-anchor="end">{_f(value)}</text>'
        )
    months = _month_starts(frame.start, frame.end)
    step = -(-len(months) // 12)  # at most about twelve month labels
    for index, day in enumerate(months):
        x = _f(max(frame.x(day), LEFT))
        parts.append(
            f'<line class="tickmark" x1="{x}" x2="{x}" y1="{frame.y(0)}" y2="{_f(frame.y(0) + 4)}"/>'
        )
        if index % step == 0:
            label = MONTHS[day.month - 1] + (f" {day.year}" if index == 0 or day.month == 1 else "")
            parts.append(f'<text class="tick" x="{x}" y="{frame.height - 8}">{label}</text>')
    return parts


def shows_earlier_months(report: Report) -> bool:
    """Whether the charts reach back before the period (then the period is shaded)."""
    return any(entry.date < report.period.start for entry in all_entries(report).values())


def _span(report: Report, days: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    first = min([*days, report.period.start])
    start = dt.date(first.year, first.month, 1)
    return start, max(report.period.end, start + dt.timedelta(days=27))


def mood_chart(report: Report) -> str | None:
    """Mood before (hollow) and after (filled) each attended session, joined by a stem that is
    green when the session lifted the mood and red when it lowered it."""
    sessions = [e for e in chart_sessions(report) if e.date <= report.period.end]
    if not sessions:
        return None
    start, end = _span(report, [e.date for e in sessions])
    frame = _Frame(start, end, 10, 230)
    lifted = [
        e.date
        for e in sessions
        if e.mood_before is not None and e.mood_after is not None and e.mood_after > e.mood_before
    ]
    lowered = [
        e.date
        for e in sessions
        if e.mood_before is not None and e.mood_after is not None and e.mood_after < e.mood_before
    ]
    desc = (
        f"{len(sessions)} sessions between {list_days([sessions[0].date])} and "
        f"{list_days([sessions[-1].date])}. Mood rose during {len(lifted)} and fell during "
        f"{len(lowered)}" + (f" ({list_days(lowered)})" if lowered else "") + "."
    )
    parts = _open("Mood before and after each session (0–10)", desc, frame.height, "mood")
    period = (report.period.start, report.period.end) if shows_earlier_months(report) else None
    parts += _axes(frame, (0, 2, 4, 6, 8, 10), period)
    for entry in sessions:
        x = _f(frame.x(entry.date))
        before, after = entry.mood_before, entry.mood_after
        if before is not None and after is not None and before != after:
            css = "up" if after > before else "down"
            parts.append(
                f'<line class="stem {css}" x1="{x}" x2="{x}" y1="{_f(frame.y(before))}" y2="{_f(frame.y(after))}"/>'
            )
        label = f"{entry.date.isoformat()}: before {before if before is not None else '–'}, after {after if after is not None else '–'}"
        parts.append(f"<g><title>{_esc(label)}</title>")
        if before is not None:
            parts.append(f'<circle class="before" cx="{x}" cy="{_f(frame.y(before))}" r="4"/>')
        if after is not None:
            parts.append(f'<circle class="after" cx="{x}" cy="{_f(frame.y(after))}" r="4"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


MEASURES = (("PHQ-9", "phq9", 10, "phq9"), ("GAD-7", "gad7", 8, "gad7"))


def measures_chart(report: Report) -> str | None:
    """PHQ-9 and GAD-7 scores over time, with the usual cut-offs (10 and 8) dashed."""
    series = {field: measure_series(report, field) for _, field, _, _ in MEASURES}
    if not any(series.values()):
        return None
    days = [day for points in series.values() for day, _ in points]
    start, end = _span(report, days)
    frame = _Frame(start, end, 27, 210)
    said = [
        f"{name} from {points[0][1]} to {points[-1][1]}"
        for name, field, _, _ in MEASURES
        if (points := series[field])
    ]
    parts = _open(
        "Questionnaire scores: PHQ-9 (depression) and GAD-7 (anxiety)",
        "; ".join(said) + ".",
        frame.height,
        "measures",
    )
    period = (report.period.start, report.period.end) if shows_earlier_months(report) else None
    parts += _axes(frame, (0, 5, 10, 15, 20, 25), period)
    for name, field, cutoff, css in MEASURES:
        points = series[field]
        if not points:
            continue
        y = _f(frame.y(cutoff))
        dy = "-0.35em" if field == "phq9" else "1.1em"  # the two cut-offs sit close together
        parts.append(
            f'<line class="cutoff {css}" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
        )
        parts.append(
            f'<text class="cutoff-label {css}" x="{WIDTH - RIGHT - 2}" y="{y}" dy="{dy}" text-anchor="end">{name} cut-off {cutoff}</text>'
        )
        coords = " ".join(f"{_f(frame.x(day))},{_f(frame.y(value))}" for day, value in points)
        parts.append(f'<polyline class="series {css}" points="{coords}"/>')
        for day, value in points:
            x, y = _f(frame.x(day)), _f(frame.y(value))
            parts.append(
                f'<circle class="point {css}" cx="{x}" cy="{y}" r="3.5"><title>{name} {value} on {day.isoformat()}</title></circle>'
            )
            parts.append(
                f'<text class="value {css}" x="{x}" y="{y}" dy="-0.7em" text-anchor="middle">{value}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


INCIDENT_SERIES: tuple[tuple[str, str], ...] = (
    *((category.value, CATEGORY_LABELS[category]) for category in Category),
    ("reliability", "Cancelled, missed or moved by the therapist"),
)


def incident_months(report: Report) -> list[tuple[dt.date, dict[str, int]]]:
    """Per month of the chart's span: incidents by category, and the therapist's reliability
    events, on the entries the report carries up to the period's end."""
    entries = [e for e in all_entries(report).values() if e.date <= report.period.end]
    if not entries:
        return []
    start, end = _span(report, [e.date for e in entries])
    months = {
        day: dict.fromkeys((key for key, _ in INCIDENT_SERIES), 0)
        for day in _month_starts(start, end)
    }
    for entry in entries:
        counts = months[dt.date(entry.date.year, entry.date.month, 1)]
        for incident in entry.incidents:
            if entry.is_appointment or category_of(incident.kind) == Category.BOUNDARY:
                counts[category_of(incident.kind) or "practical"] += 1
        if entry.status in RELIABILITY_STATUSES:
            counts["reliability"] += 1
    return list(months.items())


def incidents_chart(report: Report) -> str | None:
    """Stacked columns, one per month: what went wrong, by kind of problem."""
    months = incident_months(report)
    if not months or not any(sum(counts.values()) for _, counts in months):
        return None
    high = max(4, max(sum(counts.values()) for _, counts in months))
    height, bottom = 200, 26
    plot = height - TOP - bottom
    slot = (WIDTH - LEFT - RIGHT) / len(months)
    width = min(44.0, slot * 0.6)
    total = sum(sum(counts.values()) for _, counts in months)
    parts = _open(
        "Incidents and cancellations by the therapist, month by month",
        f"{total} in all.",
        height,
        "incidents",
    )
    step = 1 if high <= 6 else 2 if high <= 12 else 5
    for value in range(0, high + 1, step):
        y = _f(TOP + (1 - value / high) * plot)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y}" dy="0.32em" text-anchor="end">{value}</text>'
        )
    for index, (day, counts) in enumerate(months):
        x = LEFT + slot * index + (slot - width) / 2
        base = 0
        in_period = report.period.start <= day + dt.timedelta(days=27) and day <= report.period.end
        for key, label in INCIDENT_SERIES:
            count = counts[key]
            if not count:
                continue
            top = TOP + (1 - (base + count) / high) * plot
            parts.append(
                f'<rect class="bar {key}" x="{_f(x)}" y="{_f(top)}" width="{_f(width)}" height="{_f(count / high * plot)}">'
                f"<title>{_esc(label)}: {count} in {MONTHS[day.month - 1]} {day.year}</title></rect>"
            )
            base += count
        if base:
            parts.append(
                f'<text class="value" x="{_f(x + width / 2)}" y="{_f(TOP + (1 - base / high) * plot)}" dy="-0.4em" text-anchor="middle">{base}</text>'
            )
        label = MONTHS[day.month - 1] + (f" {day.year}" if index == 0 or day.month == 1 else "")
        css = "tick current" if in_period else "tick"
        parts.append(
            f'<text class="{css}" x="{_f(x + width / 2)}" y="{height - 8}" text-anchor="middle">{label}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)

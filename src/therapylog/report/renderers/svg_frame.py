"""The frame every chart of the HTML summary shares: its size, its date and value axes, and
the month and value labels along them, laid out so that none is covered or cut off.

Pure string building; the charts themselves are in :mod:`therapylog.report.renderers.svg`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from therapylog.data.dates import short_month
from therapylog.data.safetext import printable
from therapylog.report.facts import all_entries
from therapylog.report.renderers.chart_labels import (
    GAP,
    TICK_SIZE,
    Anchor,
    Label,
    Layout,
    text_width,
)

if TYPE_CHECKING:
    from therapylog.report.model import Report

WIDTH, LEFT, RIGHT, TOP = 680, 34, 12, 14
MARKER_RADIUS = 3.5  # of a questionnaire score


def esc(text: str) -> str:
    return html.escape(printable(text), quote=True)


def fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Frame:
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


def open_chart(title: str, desc: str, height: int, css: str) -> list[str]:
    return [
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
        f"<title>{esc(title)}</title>",
        f"<desc>{esc(desc)}</desc>",
    ]


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], dt.date(start.year, start.month, 1)
    while day <= end:
        days.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return days


def month_label(day: dt.date, first: bool) -> str:
    return short_month(day.month) + (f" {day.year}" if first or day.month == 1 else "")


def month_candidates(label: str, x: float, y: float, anchor: Anchor) -> list[Label]:
    """A month's name where it belongs; failing that, pulled in from the picture's edge, or
    without its year."""
    short = label.split(" ")[0]
    found = []
    for text in dict.fromkeys((label, short)):
        found.append(Label(text, x, y, TICK_SIZE, "tick", anchor))
        width = text_width(text, TICK_SIZE) + 2 * GAP
        if anchor == "middle":  # centred under a column: shift it inwards, not beyond
            shifted = min(max(x, width / 2), WIDTH - width / 2)
        else:  # starts at a month's first day: end it at the right edge instead
            shifted = min(x, WIDTH - width)
        found.append(Label(text, shifted, y, TICK_SIZE, "tick", anchor))
    return found


def value_ticks(layout: Layout, ys: Sequence[tuple[float, float]]) -> list[str]:
    """Grid lines with their values at the left; ``ys`` holds (value, y) pairs."""
    parts = []
    for value, y in ys:
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{fmt(y)}" y2="{fmt(y)}"/>'
        )
        layout.place([Label(fmt(value), LEFT - 6, y + 0.32 * TICK_SIZE, TICK_SIZE, "tick", "end")])
    return parts


def axes(
    frame: Frame,
    layout: Layout,
    ticks: Sequence[float],
    period: tuple[dt.date, dt.date] | None,
) -> list[str]:
    parts = []
    if period is not None:
        x0, x1 = frame.x(max(period[0], frame.start)), frame.x(min(period[1], frame.end))
        parts.append(
            f'<rect class="period" x="{fmt(x0)}" y="{TOP}" width="{fmt(max(x1 - x0, 2))}" '
            f'height="{frame.plot_height}"/>'
        )
    parts += value_ticks(layout, [(value, frame.y(value)) for value in ticks])
    months = month_starts(frame.start, frame.end)
    step = -(-len(months) // 12)  # at most about twelve month labels
    for index, day in enumerate(months):
        x = max(frame.x(day), LEFT)
        parts.append(
            f'<line class="tickmark" x1="{fmt(x)}" x2="{fmt(x)}" y1="{frame.y(0)}" y2="{fmt(frame.y(0) + 4)}"/>'
        )
        if index % step == 0:
            label = month_label(day, index == 0)
            layout.place(month_candidates(label, x + 2, frame.height - 8, "start"))
    return parts


def shows_earlier_months(report: Report) -> bool:
    """Whether the charts reach back before the period (then the period is shaded)."""
    return any(entry.date < report.period.start for entry in all_entries(report).values())


def chart_span(report: Report, days: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    first = min([*days, report.period.start])
    start = dt.date(first.year, first.month, 1)
    return start, max(report.period.end, start + dt.timedelta(days=27))

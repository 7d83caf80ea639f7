"""Inline SVG charts for the HTML summary: plain strings, no scripts, nothing fetched.

Each chart scales to the width of the page (``viewBox``), carries a ``<title>`` and a
``<desc>`` that says in words what it shows, and keeps its text as real text so that it
prints sharply and can be found in the PDF. Colours are set by class from the page's CSS.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from therapylog.data.catalogue import COUNTED_WHEREVER_RECORDED, RELIABILITY_STATUSES, Category
from therapylog.data.dates import short_month
from therapylog.data.words import plural
from therapylog.report.days import list_days
from therapylog.report.facts import all_entries, category_of
from therapylog.report.labels import CATEGORY_LABELS
from therapylog.report.renderers.chart_labels import (
    CUTOFF_SIZE,
    GAP,
    VALUE_SIZE,
    Anchor,
    Label,
    Layout,
    point_box,
    text_width,
)
from therapylog.report.renderers.svg_frame import (
    LEFT,
    MARKER_RADIUS,
    RIGHT,
    TOP,
    WIDTH,
    Frame,
    axes,
    chart_span,
    esc,
    fmt,
    month_candidates,
    month_label,
    month_starts,
    open_chart,
    shows_earlier_months,
    value_ticks,
)
from therapylog.report.series import chart_sessions, measure_series

if TYPE_CHECKING:
    from therapylog.report.model import Report

__all__ = [
    "incident_months",
    "incidents_chart",
    "measures_chart",
    "mood_chart",
    "shows_earlier_months",
]


def mood_chart(report: Report) -> str | None:
    """Mood before (hollow) and after (filled) each attended session, joined by a stem that is
    green when the session lifted the mood and red when it lowered it."""
    sessions = [e for e in chart_sessions(report) if e.date <= report.period.end]
    if not sessions:
        return None
    start, end = chart_span(report, [e.date for e in sessions])
    frame = Frame(start, end, 10, 230)
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
    first, last = sessions[0].date, sessions[-1].date
    when = (
        f"on {list_days([first])}"
        if first == last
        else f"between {list_days([first])} and {list_days([last])}"
    )
    desc = f"{plural(len(sessions), 'session')} {when}."
    if any(e.mood_before is not None and e.mood_after is not None for e in sessions):
        # (with no session marked before and after, "rose during 0 and fell during 0" says
        # nothing true)
        desc += f" Mood rose during {len(lifted)} and fell during {len(lowered)}" + (
            f" ({list_days(lowered)})." if lowered else "."
        )
    parts = open_chart("Mood before and after each session (0–10)", desc, frame.height, "mood")
    period = (report.period.start, report.period.end) if shows_earlier_months(report) else None
    layout = Layout(WIDTH, frame.height)
    parts += axes(frame, layout, (0, 2, 4, 6, 8, 10), period)
    for entry in sessions:
        x = fmt(frame.x(entry.date))
        before, after = entry.mood_before, entry.mood_after
        if before is not None and after is not None and before != after:
            css = "up" if after > before else "down"
            parts.append(
                f'<line class="stem {css}" x1="{x}" x2="{x}" y1="{fmt(frame.y(before))}" y2="{fmt(frame.y(after))}"/>'
            )
        label = f"{entry.date.isoformat()}: before {before if before is not None else '–'}, after {after if after is not None else '–'}"
        parts.append(f"<g><title>{esc(label)}</title>")
        if before is not None:
            parts.append(f'<circle class="before" cx="{x}" cy="{fmt(frame.y(before))}" r="4"/>')
        if after is not None:
            parts.append(f'<circle class="after" cx="{x}" cy="{fmt(frame.y(after))}" r="4"/>')
        parts.append("</g>")
    parts += layout.svg()
    parts.append("</svg>")
    return "\n".join(parts)


MEASURES = (("PHQ-9", "phq9", 10, "phq9"), ("GAD-7", "gad7", 8, "gad7"))


def measures_chart(report: Report) -> str | None:
    """PHQ-9 and GAD-7 scores over time, with the usual cut-offs (10 and 8) dashed."""
    series = {field: measure_series(report, field) for _, field, _, _ in MEASURES}
    if not any(series.values()):
        return None
    days = [day for points in series.values() for day, _ in points]
    start, end = chart_span(report, days)
    frame = Frame(start, end, 27, 210)
    said = [
        f"{name} from {points[0][1]} to {points[-1][1]}"
        for name, field, _, _ in MEASURES
        if (points := series[field])
    ]
    parts = open_chart(
        "Questionnaire scores: PHQ-9 (depression) and GAD-7 (anxiety)",
        "; ".join(said) + ".",
        frame.height,
        "measures",
    )
    period = (report.period.start, report.period.end) if shows_earlier_months(report) else None
    layout = Layout(WIDTH, frame.height)
    parts += axes(frame, layout, (0, 5, 10, 15, 20, 25), period)
    plotted = [(css, name, points) for name, field, _, css in MEASURES if (points := series[field])]
    # The markers first, so that no label covers a score; then the first and the latest score
    # of each measure (the ones a reader looks for), the cut-off labels, and the other scores.
    layout.reserve(
        point_box(frame.x(day), frame.y(value), MARKER_RADIUS)
        for _, _, points in plotted
        for day, value in points
    )
    values: list[str] = []
    for css, _, points in plotted:
        for index in sorted({0, len(points) - 1}):
            day, value = points[index]
            if (label := layout.place(_value_candidates(frame, day, value, css))) is not None:
                values.append(label.svg())
    for name, field, cutoff, css in MEASURES:
        if not series[field]:
            continue
        y = fmt(frame.y(cutoff))
        parts.append(
            f'<line class="cutoff {css}" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
        )
        layout.place(_cutoff_candidates(frame, f"{name} cut-off {cutoff}", cutoff, css))
    for css, name, points in plotted:
        coords = " ".join(f"{fmt(frame.x(day))},{fmt(frame.y(value))}" for day, value in points)
        parts.append(f'<polyline class="series {css}" points="{coords}"/>')
        for day, value in points:
            x, y = fmt(frame.x(day)), fmt(frame.y(value))
            parts.append(
                f'<circle class="point {css}" cx="{x}" cy="{y}" r="{MARKER_RADIUS}"><title>{name} {value} on {day.isoformat()}</title></circle>'
            )
        for day, value in points[1:-1]:
            layout.place(_value_candidates(frame, day, value, css))
    parts += layout.svg()
    parts.append("</svg>")
    return "\n".join(parts)


def _value_candidates(frame: Frame, day: dt.date, value: int, css: str) -> list[Label]:
    """A score's label above its marker, else below, right or left of it."""
    x, y, text, size = frame.x(day), frame.y(value), str(value), VALUE_SIZE
    clear = MARKER_RADIUS + 1 + GAP + 0.5  # from the marker's centre to the label's box
    css = f"value {css}"
    return [
        Label(text, x, y - clear - 0.25 * size, size, css, "middle"),
        Label(text, x, y + clear + 0.8 * size, size, css, "middle"),
        Label(text, x + clear, y + 0.3 * size, size, css, "start"),
        Label(text, x - clear, y + 0.3 * size, size, css, "end"),
    ]


def _cutoff_candidates(frame: Frame, text: str, cutoff: int, css: str) -> list[Label]:
    """A cut-off's name on its dashed line: at the right end, else the left end, else along
    the line; just above it, else just below."""
    y = frame.y(cutoff)
    above, below = y - 3, y + 3 + 0.8 * CUTOFF_SIZE
    right, left = WIDTH - RIGHT - 2, LEFT + 4
    width = text_width(text, CUTOFF_SIZE)
    spots: list[tuple[float, Anchor]] = [(right, "end"), (left, "start")]
    spots += [
        (LEFT + share * (WIDTH - LEFT - RIGHT - width), "start") for share in (0.5, 0.25, 0.75)
    ]
    return [
        Label(text, x, baseline, CUTOFF_SIZE, f"cutoff-label {css}", anchor)
        for baseline in (above, below)
        for x, anchor in spots
    ]


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
    start, end = chart_span(report, [e.date for e in entries])
    months = {
        day: dict.fromkeys((key for key, _ in INCIDENT_SERIES), 0)
        for day in month_starts(start, end)
    }
    for entry in entries:
        counts = months[dt.date(entry.date.year, entry.date.month, 1)]
        for incident in entry.incidents:
            if entry.is_appointment or incident.info.category in COUNTED_WHEREVER_RECORDED:
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
    parts = open_chart(
        "Incidents and cancellations by the therapist, month by month",
        f"{total} in all.",
        height,
        "incidents",
    )
    step = 1 if high <= 6 else 2 if high <= 12 else 5
    layout = Layout(WIDTH, height)
    parts += value_ticks(
        layout, [(value, TOP + (1 - value / high) * plot) for value in range(0, high + 1, step)]
    )
    every = -(-len(months) // 12)  # at most about twelve month labels
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
                f'<rect class="bar {key}" x="{fmt(x)}" y="{fmt(top)}" width="{fmt(width)}" height="{fmt(count / high * plot)}">'
                f"<title>{esc(label)}: {count} in {short_month(day.month)} {day.year}</title></rect>"
            )
            base += count
        centre = x + width / 2
        if base:
            top = TOP + (1 - base / high) * plot
            layout.place([Label(str(base), centre, top - 4, VALUE_SIZE, "value", "middle")])
        if index % every == 0:
            candidates = month_candidates(
                month_label(day, index == 0), centre, height - 8, "middle"
            )
            css = "tick current" if in_period else "tick"
            layout.place(
                [Label(c.text, c.x, c.y, c.size, css, c.anchor, in_period) for c in candidates]
            )
    parts += layout.svg()
    parts.append("</svg>")
    return "\n".join(parts)

"""The period in numbers in the terminal review: therapists side by side, appointments, how
sessions left the client, mood by month with the questionnaire scores, goals and incidents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from therapylog.data.catalogue import RELIABILITY_STATUSES
from therapylog.data.dates import short_day
from therapylog.data.safetext import one_line
from therapylog.data.words import number
from therapylog.report.facts import (
    category_counts,
    felt_total,
    kinds_by_category,
    last_progress,
    status_counts,
)
from therapylog.report.labels import CATEGORY_LABELS, STATUS_LABELS_TO_CLIENT
from therapylog.report.renderers.terminal_layout import bar, section
from therapylog.report.series import measure_series, mood_by_month, sparkline

if TYPE_CHECKING:
    from rich.console import RenderableType

    from therapylog.report.model import Report

FELT_STYLES = {"better": "green", "same": "", "worse": "red"}


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def comparison(report: Report) -> list[RenderableType]:
    """Therapists side by side (``report --all`` with two or more)."""
    if not report.comparison:
        return []
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Therapist", overflow="fold", min_width=12, ratio=1)
    table.add_column("sessions", justify="right", no_wrap=True)
    table.add_column("mood before", no_wrap=True)
    table.add_column("better", justify="right", no_wrap=True)
    table.add_column("worse", justify="right", no_wrap=True)
    table.add_column("incidents", justify="right", no_wrap=True)
    table.add_column("alliance", justify="right", no_wrap=True)
    for row in report.comparison:
        start = "–" if row.mood_before_start is None else number(row.mood_before_start)
        lately = "–" if row.mood_before_latest is None else number(row.mood_before_latest)
        name = Text(one_line(row.therapist))
        if row.ended is not None:
            name.append(" (ended)", style="dim")
        table.add_row(
            name,
            str(row.sessions),
            f"{start} → {lately}",
            _percent(row.better_share),
            _percent(row.worse_share),
            "–" if row.incidents_per_10 is None else number(row.incidents_per_10),
            "–" if row.alliance_median is None else f"{number(row.alliance_median)}/40",
        )
    note = Text(
        "Mood before: the first 3 sessions → the last 3. Better, worse: the share of sessions "
        "you rated. Incidents: per 10 appointments. Alliance: the median of your ratings.",
        style="dim",
    )
    return [section("Your therapists side by side"), table, note, Text("")]


def _appointments(report: Report) -> Table:
    table = Table(
        box=None, show_header=True, header_style="bold", pad_edge=False, title_justify="left"
    )
    table.add_column("Appointments", overflow="fold")
    table.add_column("", justify="right", no_wrap=True)
    rows = status_counts(report)
    for status, count in rows:
        style = "yellow" if status in RELIABILITY_STATUSES else ""
        table.add_row(Text(STATUS_LABELS_TO_CLIENT.get(status, status), style=style), str(count))
    if not rows:
        table.add_row(Text("no entries", style="dim"), "")
    return table


def _felt(report: Report) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("How sessions left you", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    total = felt_total(report)
    for group in ("better", "same", "worse"):
        count = report.summary.felt.get(group, 0)
        table.add_row(group, Text(bar(count, total, 12), style=FELT_STYLES[group]), str(count))
    summary = report.summary
    if summary.mood_before_mean is not None or summary.mood_after_mean is not None:
        before = "–" if summary.mood_before_mean is None else number(summary.mood_before_mean)
        after = "–" if summary.mood_after_mean is None else number(summary.mood_after_mean)
        table.add_row("mood", f"{before} → {after}", "", style="dim")
    return table


def numbers_grid(report: Report) -> Table:
    grid = Table.grid(padding=(0, 4), expand=False)
    grid.add_column()
    grid.add_column()
    grid.add_row(_appointments(report), _felt(report))
    return grid


def mood_chart(report: Report) -> RenderableType | None:
    months = mood_by_month(report)
    if not any(month.sessions for month in months):
        return None
    mark = not all(month.in_period for month in months)
    table = Table(box=None, header_style="bold", pad_edge=False, caption_justify="left")
    table.add_column("Mood by month", no_wrap=True)
    table.add_column("sessions", justify="right", no_wrap=True)
    table.add_column("before (0–10)", no_wrap=True)
    table.add_column("after", no_wrap=True)
    for month in months:
        label = Text(("▸ " if month.in_period else "  ") if mark else "")
        label.append(month.label, style="bold" if month.in_period and mark else "")
        cells = []
        for value, style in ((month.before, "blue"), (month.after, "magenta")):
            cell = Text(bar(value, 10, 10) if value is not None else " " * 10, style=style)
            cell.append(f" {number(value):>3}" if value is not None else "    ")
            cells.append(cell)
        table.add_row(
            label, str(month.sessions) if month.sessions else Text("–", style="dim"), *cells
        )
    parts: list[RenderableType] = [table]
    for name, field, high in (("PHQ-9", "phq9", 27), ("GAD-7", "gad7", 21)):
        series = measure_series(report, field)
        if series:
            line = Text(f"{name:<6}", style="bold")
            line.append(sparkline([v for _, v in series], high=high), style="blue")
            line.append(
                f"  {series[0][1]} → {series[-1][1]}  ({short_day(series[0][0])} – {short_day(series[-1][0])})"
            )
            parts.append(line)
    if mark:
        parts.append(Text("▸ months in this period", style="dim"))
    return Group(*parts)


def goals_table(report: Report) -> Table | None:
    if not report.summary.goals:
        return None
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Goal", overflow="fold", ratio=1)
    table.add_column("status", no_wrap=True)
    table.add_column("progress recorded", overflow="fold")
    table.add_column("last progress", no_wrap=True)
    for goal in report.summary.goals:
        levels = ", ".join(f"{level} ×{count}" for level, count in goal.levels.items() if count)
        last = last_progress(report, goal.id)
        table.add_row(
            Text(one_line(goal.title)),
            goal.status,
            Text(levels or "none recorded", style="" if levels else "dim"),
            Text(short_day(last[1]) if last else "–", style="" if last else "dim"),
        )
    return table


def incidents_table(report: Report) -> Table:
    kinds = kinds_by_category(report.entries)
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Incidents", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("what happened", overflow="fold")
    for category, count in category_counts(report):
        what = ", ".join(
            f"{kind} ×{n}" if n > 1 else kind for kind, n in kinds.get(category, {}).items()
        )
        style = "dim" if not count else ("bold red" if category in ("boundary", "safety") else "")
        table.add_row(
            Text(CATEGORY_LABELS.get(category, category), style=style),
            Text(str(count), style=style),
            what,
        )
    repaired = sum(1 for e in report.entries for i in e.incidents if i.repaired)
    if repaired:
        later = "; ".join(
            f"{i.kind} of {short_day(e.date)}, put right on {short_day(i.repaired_on)}"
            for e in report.entries
            for i in e.incidents
            if i.repaired_on is not None
        )
        table.add_row(
            Text("repaired", style="green"),
            Text(str(repaired), style="green"),
            "acknowledged and made right" + (f" ({later})" if later else ""),
        )
    return table

"""The record behind a summary, in Markdown: the numbers, mood by month, goals, incidents,
sessions and the private notes. Shared by the private review and the handout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.dates import short_day
from therapylog.data.safetext import one_line, printable
from therapylog.data.words import number
from therapylog.report.facts import (
    category_counts,
    felt_total,
    incident_rows,
    last_progress,
    status_counts,
)
from therapylog.report.labels import CATEGORY_LABELS, STATUS_LABELS
from therapylog.report.renderers.md_text import cell, md, table
from therapylog.report.series import measure_series, mood_by_month, sparkline

if TYPE_CHECKING:
    from therapylog.data.model import Entry
    from therapylog.report.model import Report


def _mood(entry: Entry) -> str:
    before = "–" if entry.mood_before is None else str(entry.mood_before)
    after = "–" if entry.mood_after is None else str(entry.mood_after)
    return "" if entry.mood_before is None and entry.mood_after is None else f"{before} → {after}"


def _sessions(report: Report) -> list[str]:
    many = len(report.therapists) > 1
    header = ["Date", *(["Therapist"] if many else []), "Status", "Mood", "Felt", "Alliance"]
    rows = []
    for entry in report.entries:
        felt = entry.effective_felt
        rows.append(
            [
                short_day(entry.date),
                *([cell(entry.therapist)] if many else []),
                STATUS_LABELS.get(entry.status, entry.status.value),
                _mood(entry),
                felt.value if felt else "",
                f"{entry.alliance.total}/40" if entry.alliance else "",
            ]
        )
    return ["### Sessions", "", *table(header, rows)] if rows else []


def _numbers(report: Report) -> list[str]:
    summary = report.summary
    lines = ["### Appointments", ""]
    rows = [
        [STATUS_LABELS.get(status, status), str(count)] for status, count in status_counts(report)
    ]
    lines += table(["Status", "Count"], rows, "lr") if rows else ["No entries.", ""]
    if felt_total(report):
        felt = summary.felt
        lines += ["### How sessions left me", ""]
        lines += table(
            ["Better", "Same", "Worse"],
            [[str(felt.get(k, 0)) for k in ("better", "same", "worse")]],
            "rrr",
        )
    means = [
        (label, value)
        for label, value in (
            ("before", summary.mood_before_mean),
            ("after", summary.mood_after_mean),
            ("change", summary.mood_change_mean),
        )
        if value is not None
    ]
    if means:
        text = ", ".join(
            f"{label} {'+' if label == 'change' and value > 0 else ''}{number(value)}"
            for label, value in means
        )
        lines += [f"Average mood (0–10): {text}.", ""]
    return lines


def _trend(report: Report) -> list[str]:
    months = mood_by_month(report)
    if not any(month.sessions for month in months):
        return []
    mark = not all(month.in_period for month in months)
    rows = [
        [
            f"**{month.label}**" if month.in_period and mark else month.label,
            str(month.sessions),
            "" if month.before is None else number(month.before),
            "" if month.after is None else number(month.after),
        ]
        for month in months
    ]
    lines = [
        "### Mood by month",
        "",
        *table(["Month", "Sessions", "Before", "After"], rows, "lrrr"),
    ]
    for name, field in (("PHQ-9", "phq9"), ("GAD-7", "gad7")):
        series = measure_series(report, field)
        if series:
            values = ", ".join(f"{value} ({short_day(day)})" for day, value in series)
            high = 27 if field == "phq9" else 21
            lines += [f"{name}: `{sparkline([v for _, v in series], high=high)}` {values}", ""]
    return lines


def _goals(report: Report) -> list[str]:
    goals = report.summary.goals
    if not goals:
        return []
    rows = []
    for goal in goals:
        levels = ", ".join(f"{level} {count}" for level, count in goal.levels.items() if count)
        last = last_progress(report, goal.id)
        when = f"{last[0]}, {short_day(last[1])}" if last else ""
        rows.append([cell(goal.title), goal.status, str(goal.sessions), levels, when])
    header = ["Goal", "Status", "Sessions", "Progress recorded", "Last progress"]
    return ["### Goals", "", *table(header, rows, "llr")]


def _incidents(report: Report, notes: bool, zeros: bool = True) -> list[str]:
    lines = ["### Incidents", ""]
    counts = [[CATEGORY_LABELS.get(c, c), str(n)] for c, n in category_counts(report, zeros=zeros)]
    lines += table(["Category", "Count"], counts, "lr") if counts else ["None recorded.", ""]
    rows = [
        [
            short_day(row.day),
            f"{row.kind}: {row.description}",
            row.repaired_label,
            *([cell(row.note or "")] if notes else []),
        ]
        for row in incident_rows(report.entries, notes=notes)
    ]
    if rows:
        header = ["Date", "What happened", "Repaired", *(["Note"] if notes else [])]
        lines += table(header, rows)
    return lines


def _notes(report: Report) -> list[str]:
    """The private notes, each with its entry's tags (free text too: left out with them)."""
    written = [entry for entry in report.entries if printable(entry.notes).strip() or entry.tags]
    if not written:
        return []
    lines = ["### My notes", ""]
    for entry in written:
        body = md(printable(entry.notes).strip()).replace("\n", "\n  ")
        tags = f"*(tags: {md(one_line(', '.join(entry.tags)))})*" if entry.tags else ""
        text = " ".join(part for part in (body, tags) if part)
        lines.append(f"- **{short_day(entry.date)}:** {text}")
    return [*lines, ""]


def record_lines(
    report: Report, *, notes: bool, session_notes: bool, zeros: bool = True
) -> list[str]:
    """The record behind a summary: numbers, mood by month, goals, incidents (with their
    notes when ``notes``; ``zeros=False`` leaves out categories with none), sessions, and
    the private notes when ``session_notes``."""
    lines = _numbers(report) + _trend(report) + _goals(report) + _incidents(report, notes, zeros)
    return lines + _sessions(report) + (_notes(report) if session_notes else [])

"""The record behind a summary, in HTML: charts, the numbers, goals, incidents, sessions and
the private notes. Shared by the private review and the handout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.dates import short_day
from therapylog.data.safetext import one_line, printable
from therapylog.report.facts import (
    category_counts,
    felt_total,
    incident_rows,
    last_progress,
    status_counts,
)
from therapylog.report.labels import CATEGORY_LABELS, STATUS_LABELS
from therapylog.report.renderers.html_charts import charts
from therapylog.report.renderers.html_page import e, table

if TYPE_CHECKING:
    from therapylog.report.model import Report


def _numbers(report: Report, zeros: bool = True) -> str:
    statuses = [[e(STATUS_LABELS.get(s, s)), str(n)] for s, n in status_counts(report)]
    left = (
        "<div><h3>Appointments</h3>"
        + (table(["Status", "Count"], statuses, {1}) if statuses else "<p>No entries.</p>")
        + "</div>"
    )
    felt = report.summary.felt
    right = ""
    if felt_total(report):
        rows = [
            [label, str(felt.get(key, 0))]
            for key, label in (("better", "Better"), ("same", "About the same"), ("worse", "Worse"))
        ]
        right = (
            "<div><h3>How sessions left me</h3>"
            + table(["Afterwards I felt", "Sessions"], rows, {1})
            + "</div>"
        )
    counts = [
        [e(CATEGORY_LABELS.get(c, c)), str(n)] for c, n in category_counts(report, zeros=zeros)
    ]
    third = (
        "<div><h3>Incidents by kind</h3>" + table(["Category", "Count"], counts, {1}) + "</div>"
        if counts
        else ""
    )
    return f'<div class="twocol">{left}{right}{third}</div>'


def _goals(report: Report) -> str:
    if not report.summary.goals:
        return ""
    rows = []
    for goal in report.summary.goals:
        levels = (
            ", ".join(f"{level} ×{n}" for level, n in goal.levels.items() if n) or "none recorded"
        )
        last = last_progress(report, goal.id)
        when = f"{e(last[0])}, {short_day(last[1])}" if last else "–"
        rows.append([e(one_line(goal.title)), e(goal.status), e(levels), when])
    return "<h3>Goals</h3>" + table(["Goal", "Status", "Progress recorded", "Last progress"], rows)


def _incidents(report: Report, notes: bool) -> str:
    rows = [
        [
            short_day(r.day),
            f"<strong>{e(r.kind)}</strong>: {e(r.description)}",
            e(r.repaired_label),
            *([f'<span class="note">{e(r.note or "")}</span>'] if notes else []),
        ]
        for r in incident_rows(report.entries, notes=notes)
    ]
    if not rows:
        return ""
    return "<h3>Incidents</h3>" + table(
        ["Date", "What happened", "Repaired", *(["Note"] if notes else [])], rows
    )


def _sessions(report: Report) -> str:
    if not report.entries:
        return ""
    many = len(report.therapists) > 1
    rows = []
    for entry in report.entries:
        felt = entry.effective_felt
        mood = ""
        if entry.mood_before is not None or entry.mood_after is not None:
            mood = f"{'–' if entry.mood_before is None else entry.mood_before} → {'–' if entry.mood_after is None else entry.mood_after}"
        rows.append(
            [
                short_day(entry.date),
                *([e(entry.therapist)] if many else []),
                e(STATUS_LABELS.get(entry.status, entry.status.value)),
                mood,
                e(felt.value) if felt else "",
                f"{entry.alliance.total}/40" if entry.alliance else "",
            ]
        )
    header = ["Date", *(["Therapist"] if many else []), "Status", "Mood", "Felt", "Alliance"]
    return "<h3>Sessions</h3>" + table(header, rows)


def _notes(report: Report) -> str:
    """The private notes, each with its entry's tags (free text too: left out with them)."""
    written = [entry for entry in report.entries if printable(entry.notes).strip() or entry.tags]
    if not written:
        return ""
    items = "".join(
        f"<dt>{short_day(x.date)}</dt><dd>{e(x.notes.strip())}"
        + (f' <em class="tags">(tags: {e(one_line(", ".join(x.tags)))})</em>' if x.tags else "")
        + "</dd>"
        for x in written
    )
    return f'<h3>My notes</h3><dl class="notes">{items}</dl>'


def record_html(report: Report, *, notes: bool, session_notes: bool, reader: str = "me") -> str:
    """The record behind a summary, charts first; incident notes when ``notes``, the private
    notes when ``session_notes``."""
    return (
        charts(report, reader=reader)
        + _numbers(report, zeros=reader != "therapist")
        + _goals(report)
        + _incidents(report, notes)
        + _sessions(report)
        + (_notes(report) if session_notes else "")
    )

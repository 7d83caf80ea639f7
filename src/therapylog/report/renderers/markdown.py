"""The summary to bring to therapy, as Markdown: readable as plain text, tidy when rendered.

Every piece of user text goes through :func:`md` (or :func:`cell` inside tables), so a note
holding ``*``, ``#``, ``|`` or ``<script>`` shows as typed and never as formatting or HTML.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from therapylog.data.safetext import one_line, printable
from therapylog.report.renderers.common import (
    CATEGORY_LABELS,
    STATUS_LABELS,
    category_counts,
    evidence_days,
    felt_total,
    incident_rows,
    last_progress,
    number,
    past_courses,
    period_range,
    serious_elsewhere,
    short_day,
    status_counts,
    summary_title,
    therapists_label,
)
from therapylog.report.renderers.highlights import good_news
from therapylog.report.renderers.phrases import NOTHING_TO_RAISE, my_safety, private_note
from therapylog.report.renderers.series import measure_series, mood_by_month, sparkline
from therapylog.report.talking_points import (
    group_points,
    review_points,
    review_questions,
    speaks_to_therapist,
)

if TYPE_CHECKING:
    from therapylog.data.model import Entry
    from therapylog.report.model import Report
    from therapylog.report.talking_points import TalkingPoint

SEVERITY_HEADINGS = {"serious": "Serious", "warning": "Worth raising"}
INFO_HEADING = "Small things worth a word"

NOTHING_YET = "No entries in this period yet."

_INLINE = re.compile(r"([\\`*_\[\]<>#|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def md(text: str) -> str:
    """User text made inert: every Markdown or HTML control character backslash-escaped."""
    escaped = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", printable(text)))
    return "\n".join(_LINE_START.sub(r"\1\\\2", line) for line in escaped.split("\n"))


def cell(text: str) -> str:
    """User text for a table cell: on one line, escaped."""
    return md(one_line(text))


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _header(report: Report) -> list[str]:
    lines = [f"# {md(summary_title(report))}", ""]
    facts = [
        f"**Period:** {period_range(report)}",
        f"**With:** {md(therapists_label(report))}",
        f"**Prepared:** {short_day(report.generated)}",
    ]
    lines += [" · ".join(facts), ""]
    if report.skipped:
        count = len(report.skipped)
        noun = "file was" if count == 1 else "files were"
        lines += [f"> {count} damaged journal {noun} left out of this summary.", ""]
    return lines


def _good_news(report: Report, points: list[TalkingPoint]) -> list[str]:
    lines = ["## What is going well", ""]
    for point in points:
        lines += [f"- **{md(point.heading)}**  ", f"  {md(point.opener)}"]
        if point.details:  # a nested list, then the ask as the item's next paragraph
            lines += ["", *(f"  - {md(detail)}" for detail in point.details), ""]
        if point.ask:
            lines.append(f"  {md(point.ask)}")
    for news in good_news(report, first_person=True):
        lines.append(f"- {md(news.text)}")
    if len(lines) == 2:
        lines.append(f"- {NOTHING_YET}")
    return [*lines, ""]


def _point(number_: int, point: TalkingPoint) -> list[str]:
    finding = point.finding
    lines = [f"#### {number_}. {md(point.heading)}", ""]
    lines += [md(point.opener), ""]
    if point.details:
        lines += [f"- {md(detail)}" for detail in point.details] + [""]
    if point.ask:
        lines += [md(point.ask), ""]
    if point.aside:
        lines += [f"> {md(point.aside)}", ""]
    with_whom = f"With {md(finding.therapist)}; my" if finding.therapist else "My"
    lines += [f"*{with_whom} entries of {evidence_days(finding.evidence)}.*", ""]
    return lines


def _concerns(points: list[TalkingPoint], *, after_safety: bool = False) -> list[str]:
    lines = ["## What I want to raise", ""]
    if not points:
        return [*lines, NOTHING_TO_RAISE[after_safety], ""]
    number_ = 0
    for severity, heading in SEVERITY_HEADINGS.items():
        group = [point for point in points if point.finding.severity.value == severity]
        if group:
            lines += [f"### {heading}", ""]
        for point in group:
            number_ += 1
            lines += _point(number_, point)
    return lines


def _past(report: Report, points: list[TalkingPoint]) -> list[str]:
    """Each ended course under "About my time with ...": what happened then, in the past."""
    lines: list[str] = []
    for course in past_courses(report.findings):
        mine = [point for point in points if point.finding in course.findings]
        lines += [f"## {md(course.heading(first_person=True))}", ""]
        lines += [f"*We stopped on {short_day(course.ended)}.*", ""]
        for point in mine:
            lines += [f"#### {md(point.heading)}", "", md(point.opener), ""]
            if point.details:
                lines += [f"- {md(detail)}" for detail in point.details] + [""]
            if point.ask:
                lines += [md(point.ask), ""]
            lines += [f"*My entries of {evidence_days(point.finding.evidence)}.*", ""]
    return lines


def _info(points: list[TalkingPoint], first: int) -> list[str]:
    """Findings for information, calmly, after what is going well and what to raise."""
    if not points:
        return []
    lines = [f"## {INFO_HEADING}", ""]
    for number_, point in enumerate(points, start=first):
        lines += _point(number_, point)
    return lines


def _questions(report: Report, points: list[TalkingPoint]) -> list[str]:
    questions = review_questions(report, points)
    if not questions:
        return []
    lines = ["## Questions I'd like to ask", ""]
    lines += [f"- [ ] {md(question)}" for question in questions]
    return [*lines, ""]


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
    return ["### Sessions", "", *_table(header, rows)] if rows else []


def _numbers(report: Report) -> list[str]:
    summary = report.summary
    lines = ["### Appointments", ""]
    rows = [
        [STATUS_LABELS.get(status, status), str(count)] for status, count in status_counts(report)
    ]
    lines += _table(["Status", "Count"], rows, "lr") if rows else ["No entries.", ""]
    if felt_total(report):
        felt = summary.felt
        lines += ["### How sessions left me", ""]
        lines += _table(
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
        *_table(["Month", "Sessions", "Before", "After"], rows, "lrrr"),
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
    return ["### Goals", "", *_table(header, rows, "llr")]


def _incidents(report: Report, notes: bool, zeros: bool = True) -> list[str]:
    lines = ["### Incidents", ""]
    counts = [[CATEGORY_LABELS.get(c, c), str(n)] for c, n in category_counts(report, zeros=zeros)]
    lines += _table(["Category", "Count"], counts, "lr") if counts else ["None recorded.", ""]
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
        lines += _table(header, rows)
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


def _about(points: list[TalkingPoint]) -> list[str]:
    if not points:
        return []
    lines = [
        "## About these findings",
        "",
        "What therapylog noticed, and why, in its own words to me.",
        "",
    ]
    for point in points:
        finding = point.finding
        lines += [f"**{md(finding.title)}** ({finding.severity.value}, `{finding.rule}`)", ""]
        lines += [
            md(finding.explanation),
            "",
            f"*What therapylog suggests:* {md(finding.suggestion)}",
            "",
        ]
    return lines


def record_lines(
    report: Report, *, notes: bool, session_notes: bool, zeros: bool = True
) -> list[str]:
    """The record behind a summary: numbers, mood by month, goals, incidents (with their
    notes when ``notes``; ``zeros=False`` leaves out categories with none), sessions, and
    the private notes when ``session_notes``."""
    lines = _numbers(report) + _trend(report) + _goals(report) + _incidents(report, notes, zeros)
    return lines + _sessions(report) + (_notes(report) if session_notes else [])


def _safety(report: Report) -> list[str]:
    """Thoughts of self-harm come first, with what to do, whatever else the review says."""
    lines = []
    for finding in report.findings:
        if finding.rule == "thoughts-of-self-harm":
            noted, turn = my_safety(evidence_days(finding.evidence))
            lines += ["## Before anything else", "", md(noted), "", md(turn), ""]
    return lines


def render_markdown(report: Report, *, notes: bool = True) -> str:
    """The private review; ``notes=False`` leaves every free text out."""
    points = review_points(report)
    groups = group_points(points)
    safety = _safety(report)
    note = private_note(speaks_to_therapist(report))
    lines = [*_header(report), f"*{note}*", "", *safety]
    elsewhere = serious_elsewhere(report)
    if elsewhere is not None:
        lines += [f"**{elsewhere}**", ""]
    lines += _good_news(report, groups.good)
    lines += _concerns(groups.concerns, after_safety=bool(safety))
    lines += _info(groups.info, len(groups.concerns) + 1) + _past(report, points)
    lines += _questions(report, points)
    lines += ["## The record behind this", ""]
    lines += record_lines(report, notes=notes, session_notes=notes)
    lines += _about(points)
    lines += [
        "---",
        "",
        f"*Prepared with therapylog on {short_day(report.generated)} from my own journal.*",
    ]
    return "\n".join(lines).rstrip("\n") + "\n"

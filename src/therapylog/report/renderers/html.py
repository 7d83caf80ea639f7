"""The summary to bring to therapy as one self-contained HTML page, made to be printed.

Inline CSS and inline SVG only; a Content-Security-Policy forbids the page from fetching
anything at all. Every piece of user text passes through :func:`e` (``html.escape`` with
quotes), including inside the charts' titles and descriptions.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from therapylog.analysis.text import number
from therapylog.data.dates import short_day
from therapylog.data.safetext import one_line, printable
from therapylog.report.days import evidence_days, period_range
from therapylog.report.facts import (
    category_counts,
    felt_total,
    incident_rows,
    last_progress,
    past_courses,
    status_counts,
)
from therapylog.report.highlights import good_news
from therapylog.report.labels import CATEGORY_LABELS, STATUS_LABELS
from therapylog.report.renderers.html_charts import charts
from therapylog.report.renderers.html_style import CSS
from therapylog.report.renderers.review_words import (
    INFO_HEADING,
    NOTHING_TO_RAISE,
    NOTHING_YET,
    my_safety,
    private_note,
    serious_elsewhere,
    summary_title,
    therapists_label,
)
from therapylog.report.talking.points import speaks_to_therapist
from therapylog.report.talking.review import group_points, review_points, review_questions

if TYPE_CHECKING:
    from therapylog.report.model import Report
    from therapylog.report.talking.point import TalkingPoint

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def e(text: str) -> str:
    """User text, escaped for HTML text and attribute values alike."""
    return html.escape(printable(text), quote=True)


def _table(
    header: list[str], rows: list[list[str]], numeric: set[int] | frozenset[int] = frozenset()
) -> str:
    """A table from cells that are already escaped HTML."""

    def cls(index: int) -> str:
        return ' class="n"' if index in numeric else ""

    head = "".join(f"<th{cls(i)}>{h}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _header(report: Report) -> str:
    summary = report.summary
    meta = (
        f"<strong>{e(period_range(report))}</strong> · with <strong>{e(therapists_label(report))}</strong>"
        f" · prepared {short_day(report.generated)}"
    )
    notice = ""
    if report.skipped:
        count = len(report.skipped)
        notice = f'<p class="notice">{count} damaged journal file{"s were" if count != 1 else " was"} left out of this summary.</p>'
    felt = summary.felt
    mood = "–"
    if summary.mood_before_mean is not None and summary.mood_after_mean is not None:
        mood = f"{number(summary.mood_before_mean)} → {number(summary.mood_after_mean)}"
    tiles = [
        (str(summary.appointments), "appointments"),
        (str(summary.by_status.get("attended", 0)), "sessions attended"),
        (
            f"{felt.get('better', 0)} · {felt.get('same', 0)} · {felt.get('worse', 0)}",
            "left me better · same · worse",
        ),
        (mood, "average mood before → after"),
        (str(sum(summary.incidents_by_category.values())), "incidents recorded"),
    ]
    glance = "".join(
        f'<li><span class="n">{n}</span><span class="l">{label}</span></li>' for n, label in tiles
    )
    return (
        f"<header><h1>{e(summary_title(report))}</h1>"
        f'<p class="meta">{meta}</p>{notice}<ul class="glance">{glance}</ul></header>'
    )


def _good(report: Report, points: list[TalkingPoint]) -> str:
    items = [
        f'<li><span class="t">{e(p.heading)}</span>{e(p.opener)}'
        + ("<ul>" + "".join(f"<li>{e(d)}</li>" for d in p.details) + "</ul>" if p.details else " ")
        + f"{e(p.ask)}</li>"
        for p in points
    ]
    items += [f"<li>{e(news.text)}</li>" for news in good_news(report, first_person=True)]
    items = items or [f"<li>{NOTHING_YET}</li>"]
    return f'<section class="going-well"><h2>What is going well</h2><ul class="good">{"".join(items)}</ul></section>'


def _point(point: TalkingPoint) -> str:
    finding = point.finding
    severity = finding.severity.value
    parts = [
        f'<article class="point {e(severity)}">',
        f'<h3><span class="badge {e(severity)}">{e(severity)}</span>{e(point.heading)}</h3>',
        f"<p>{e(point.opener)}</p>",
    ]
    if point.details:
        parts.append("<ul>" + "".join(f"<li>{e(d)}</li>" for d in point.details) + "</ul>")
    if point.ask:
        parts.append(f"<p>{e(point.ask)}</p>")
    if point.aside:
        parts.append(f'<p class="aside">{e(point.aside)}</p>')
    with_whom = f"With {e(finding.therapist)} · my" if finding.therapist else "My"
    parts.append(
        f'<p class="dates">{with_whom} entries of {e(evidence_days(finding.evidence))}</p>'
    )
    return "".join(parts) + "</article>"


def _concerns(points: list[TalkingPoint], *, after_safety: bool = False) -> str:
    body = "".join(_point(p) for p in points) or f"<p>{NOTHING_TO_RAISE[after_safety]}</p>"
    return f'<section class="raise"><h2>What I want to raise</h2>{body}</section>'


def _past(report: Report, points: list[TalkingPoint]) -> str:
    """Each ended course under "About my time with ...": what happened then, in the past."""
    sections = []
    for course in past_courses(report.findings):
        body = "".join(_point(p) for p in points if p.finding in course.findings)
        sections.append(
            f'<section class="past"><h2>{e(course.heading(first_person=True))}</h2>'
            f"<p>We stopped on {short_day(course.ended)}.</p>{body}</section>"
        )
    return "".join(sections)


def _info(points: list[TalkingPoint]) -> str:
    if not points:
        return ""
    body = "".join(_point(p) for p in points)
    return f'<section class="info"><h2>{e(INFO_HEADING)}</h2>{body}</section>'


def _questions(report: Report, points: list[TalkingPoint]) -> str:
    questions = review_questions(report, points)
    if not questions:
        return ""
    items = "".join(f"<li>{e(q)}</li>" for q in questions)
    return (
        f'<section><h2>Questions I’d like to ask</h2><ul class="questions">{items}</ul></section>'
    )


def _numbers(report: Report, zeros: bool = True) -> str:
    statuses = [[e(STATUS_LABELS.get(s, s)), str(n)] for s, n in status_counts(report)]
    left = (
        "<div><h3>Appointments</h3>"
        + (_table(["Status", "Count"], statuses, {1}) if statuses else "<p>No entries.</p>")
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
            + _table(["Afterwards I felt", "Sessions"], rows, {1})
            + "</div>"
        )
    counts = [
        [e(CATEGORY_LABELS.get(c, c)), str(n)] for c, n in category_counts(report, zeros=zeros)
    ]
    third = (
        "<div><h3>Incidents by kind</h3>" + _table(["Category", "Count"], counts, {1}) + "</div>"
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
    return "<h3>Goals</h3>" + _table(["Goal", "Status", "Progress recorded", "Last progress"], rows)


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
    return "<h3>Incidents</h3>" + _table(
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
    return "<h3>Sessions</h3>" + _table(header, rows)


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


def _about(points: list[TalkingPoint]) -> str:
    if not points:
        return ""
    articles = "".join(
        f'<article><h3><span class="badge {e(p.finding.severity.value)}">{e(p.finding.severity.value)}</span>{e(p.finding.title)}</h3>'
        f"<p>{e(p.finding.explanation)}</p><p><em>What therapylog suggests:</em> {e(p.finding.suggestion)}</p></article>"
        for p in points
    )
    return f'<section class="about"><h2>About these findings</h2><p>What therapylog noticed, and why, in its own words to me.</p>{articles}</section>'


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


def _safety(report: Report) -> str:
    """Thoughts of self-harm come first, with what to do, whatever else the review says."""
    sections = []
    for finding in report.findings:
        if finding.rule == "thoughts-of-self-harm":
            noted, turn = my_safety(evidence_days(finding.evidence))
            sections.append(
                f'<section class="safety"><h2>Before anything else</h2><p>{e(noted)}</p>'
                f"<p>{e(turn)}</p></section>"
            )
    return "".join(sections)


def page(title: str, body: str) -> str:
    """A whole self-contained page around ``body``."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n<meta name="generator" content="therapylog">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def render_html(report: Report, *, notes: bool = True) -> str:
    """The private review as a printable page; ``notes=False`` leaves every free text out."""
    points = review_points(report)
    groups = group_points(points)
    record = (
        '<section class="record"><h2>The record behind this</h2>'
        + record_html(report, notes=notes, session_notes=notes)
        + "</section>"
    )
    safety = _safety(report)
    note = private_note(speaks_to_therapist(report)).replace("`", "")
    elsewhere = serious_elsewhere(report)
    body = (
        _header(report)
        + f'<p class="private">{e(note)}</p>'
        + (f"<p><strong>{e(elsewhere)}</strong></p>" if elsewhere else "")
        + safety
        + _good(report, groups.good)
        + _concerns(groups.concerns, after_safety=bool(safety))
        + _info(groups.info)
        + _past(report, points)
        + _questions(report, points)
        + record
        + _about(points)
        + f"<footer>Prepared with therapylog on {short_day(report.generated)} from my own journal. Private: please do not copy or share without asking me.</footer>"
    )
    return page(summary_title(report), body)

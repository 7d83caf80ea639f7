"""The private review as one self-contained HTML page (``export --for me --format html``),
made to be printed. The page, its escaping (:func:`.html_page.e`) and its policy are
:mod:`.html_page`; the record behind the review is :mod:`.html_record_behind`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.dates import short_day
from therapylog.data.words import number
from therapylog.report.days import evidence_days, period_range
from therapylog.report.facts import past_courses
from therapylog.report.highlights import good_news
from therapylog.report.renderers.html_page import e, page
from therapylog.report.renderers.html_record_behind import record_html
from therapylog.report.renderers.review_words import (
    INFO_HEADING,
    NOTHING_YET,
    my_safety,
    nothing_to_raise,
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


def _concerns(points: list[TalkingPoint], *, nothing: str) -> str:
    body = "".join(_point(p) for p in points) or f"<p>{nothing}</p>"
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


def _about(points: list[TalkingPoint]) -> str:
    if not points:
        return ""
    articles = "".join(
        f'<article><h3><span class="badge {e(p.finding.severity.value)}">{e(p.finding.severity.value)}</span>{e(p.finding.title)}</h3>'
        f"<p>{e(p.finding.explanation)}</p><p><em>What therapylog suggests:</em> {e(p.finding.suggestion)}</p></article>"
        for p in points
    )
    return f'<section class="about"><h2>About these findings</h2><p>What therapylog noticed, and why, in its own words to me.</p>{articles}</section>'


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
        + _concerns(groups.concerns, nothing=nothing_to_raise(report, after_safety=bool(safety)))
        + _info(groups.info)
        + _past(report, points)
        + _questions(report, points)
        + record
        + _about(points)
        + f"<footer>Prepared with therapylog on {short_day(report.generated)} from my own journal. Private: please do not copy or share without asking me.</footer>"
    )
    return page(summary_title(report), body)

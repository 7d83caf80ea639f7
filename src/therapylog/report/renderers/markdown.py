"""The private review as Markdown (``export --for me``): readable as plain text, tidy when
rendered.

Every piece of user text goes through :func:`.md_text.md`, so a note holding ``*``, ``#``,
``|`` or ``<script>`` shows as typed and never as formatting or HTML. The record behind it is
:mod:`.markdown_record_behind`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.dates import short_day
from therapylog.report.days import evidence_days, period_range
from therapylog.report.facts import past_courses
from therapylog.report.highlights import good_news
from therapylog.report.renderers.markdown_record_behind import record_lines
from therapylog.report.renderers.md_text import md
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

SEVERITY_HEADINGS = {"serious": "Serious", "warning": "Worth raising"}


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


def _concerns(points: list[TalkingPoint], *, nothing: str) -> list[str]:
    lines = ["## What I want to raise", ""]
    if not points:
        return [*lines, nothing, ""]
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
    lines += _concerns(groups.concerns, nothing=nothing_to_raise(report, after_safety=bool(safety)))
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

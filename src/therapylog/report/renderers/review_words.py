"""The private review's own words, shared by its Markdown, HTML and terminal forms: the title,
who it is with, the line about serious findings outside the period, the note under the title,
the client's safety, and what is said when a section is empty."""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.dates import MONTHS
from therapylog.data.safetext import one_line
from therapylog.data.words import join
from therapylog.report.days import is_calendar_month
from therapylog.report.facts import day_of, past_courses

if TYPE_CHECKING:
    from therapylog.report.model import Report

#: The heading of the findings for information, in the client's voice.
INFO_HEADING = "Small things worth a word"
NOTHING_YET = "No entries in this period yet."

#: "What I want to raise" with nothing in it: "else" when the client's safety came first.
NOTHING_TO_RAISE = {
    False: "Nothing stood out as a concern this period.",
    True: "Nothing else stood out.",
}


def nothing_to_raise(report: Report, *, after_safety: bool) -> str:
    """What an empty "What I want to raise" says. When an ended course has concerns of its own
    (told further on, in the past), it speaks of the therapy going on now, so that it never
    seems to deny them."""
    past = any(
        finding.severity.value != "positive"
        for course in past_courses(report.findings)
        for finding in course.findings
    )
    if not past:
        return NOTHING_TO_RAISE[after_safety]
    if after_safety:
        return "Nothing else stood out in a therapy going on now."
    return "Nothing stood out as a concern in a therapy going on now."


def summary_title(report: Report) -> str:
    """``My therapy review: November 2026`` for a month, else ``My therapy review``: the
    private review (``export --for me``)."""
    if is_calendar_month(report):
        return f"My therapy review: {one_line(report.period.label)}"
    return "My therapy review"


def therapists_label(report: Report) -> str:
    if not report.therapists and report.journal_therapist is not None:
        return f"{one_line(report.journal_therapist)} (no appointments this period)"
    return join([one_line(name) for name in report.therapists]) or "no therapist yet"


def serious_elsewhere(report: Report) -> str | None:
    """One line pointing to serious findings the period leaves out (their evidence lies
    before it), so that a quiet month never hides them; ``None`` when there are none."""
    shown = {(f.rule, f.therapist) for f in report.findings}
    months = sorted(
        {
            (day.year, day.month)
            for f in report.history_findings
            if f.severity.value == "serious" and (f.rule, f.therapist) not in shown and f.evidence
            for day in (day_of(f.evidence[-1]),)
        }
    )
    if not months:
        return None
    years = {year for year, _ in months}
    names = [MONTHS[month - 1] + ("" if len(years) == 1 else f" {year}") for year, month in months]
    when = join(names) + (f" {months[0][0]}" if len(years) == 1 else "")
    if len(months) == 1:
        return f"A serious finding from {when} lies outside this period: `therapylog report --all` shows it."
    return f"Serious findings from {when} lie outside this period: `therapylog report --all` shows them."


def private_note(handout: bool) -> str:
    """The line under the private review's title; it points to the handout only when one
    can be made (never for a therapist who crossed a line)."""
    note = "My private review: every finding with its explanation and suggestion."
    if handout:
        note += (
            " To hand to my therapist, print the handout instead "
            "(`therapylog export --for therapist`)."
        )
    return note


def my_safety(day: str) -> tuple[str, str]:
    """Thoughts of self-harm in the private review, in the client's own voice: what was noted,
    and where to turn."""
    return (
        f"On {day} I noted, on the PHQ-9, thoughts that I would be better off dead, or of "
        "hurting myself. Many people have thoughts like these at some point; they are not a "
        "failure of mine or of anyone else's, and I do not have to carry them alone.",
        "If I am in danger now, I call my local emergency number. I can talk to someone at any "
        "hour: call or text 988 in the US and Canada, call Samaritans on 116 123 in the UK and "
        "Ireland, or find a line at findahelpline.com. And I can tell my therapist at my next "
        "session or sooner, or my doctor if I am not seeing one now: this is exactly what they "
        "are there to help with.",
    )

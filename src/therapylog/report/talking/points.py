"""Findings turned into what the client can say in the session, in their own voice.

Each rule has a short opening ("I've noticed that …"), the dated moments behind it, what the
client would like from the conversation, and questions worth asking. The words are meant to
be read aloud or handed over: warm, plain, and about what happened rather than about blame.
The therapist the summary is for is addressed as "you"; any other is named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from therapylog.analysis.goals import PROGRESS_UNRECORDED
from therapylog.data.safetext import one_line
from therapylog.report.facts import (
    all_entries,
    crossed_a_line,
    current_therapist,
    has_ended,
    same_person,
)
from therapylog.report.talking.my_progress import PROGRESS_POINTS
from therapylog.report.talking.point import Builder, Context, TalkingPoint, Voice
from therapylog.report.talking.therapist_deeds import DEED_POINTS
from therapylog.report.talking.words import (
    CLOSING_QUESTIONS,
    FORMER_THERAPIST_ASK,
    GENERAL_QUESTIONS,
    HEADINGS,
    QUESTIONS,
)

if TYPE_CHECKING:
    from therapylog.analysis.findings import Finding
    from therapylog.data.model import Entry
    from therapylog.report.model import Report

MAX_QUESTIONS = 8
#: Findings never spoken to the therapist they are about.
CROSSED_A_LINE = frozenset({"boundary-violation", "felt-unsafe"})


def _fallback(ctx: Context) -> TalkingPoint:
    return TalkingPoint(
        ctx.finding,
        f"I've noticed something I'd like to talk about: {one_line(ctx.finding.title)}.",
        (),
        "",
    )


BUILDERS: dict[str, Builder] = {**DEED_POINTS, **PROGRESS_POINTS}


def _lower_first(text: str) -> str:
    """``I've noticed`` stays; ``My scores`` becomes ``my scores``."""
    return text if text.startswith(("I ", "I'")) else text[:1].lower() + text[1:]


def talking_point(
    finding: Finding, report: Report, *, entries: Mapping[str, Entry] | None = None
) -> TalkingPoint:
    """One finding as the client would raise it with the therapist the summary is for.

    ``entries``: :func:`all_entries` of the report, when the caller already has it.
    """
    current = current_therapist(report)
    name = one_line(finding.therapist or "")
    if finding.rule in CROSSED_A_LINE:
        # Never addressed to that therapist, in any reader: the facts, said about them, and
        # no questions for them (docs/analysis.md, "Words").
        entries = all_entries(report) if entries is None else entries
        evidence = [entries[entry_id] for entry_id in finding.evidence if entry_id in entries]
        them = Voice(name, "their", name)
        point = BUILDERS[finding.rule](Context(finding, them, evidence, report))
        return replace(point, addressed=False, heading=HEADINGS[finding.rule])
    # A course that has ended is never spoken to as "you": it is told as the past. A finding
    # about no therapist (the client's own safety) is for whoever reads it.
    addressed = finding.ended is None and (
        current is None or finding.therapist is None or same_person(current, finding.therapist)
    )
    voice = Voice("you", "your", "you") if addressed else Voice(name, "their", name)
    entries = all_entries(report) if entries is None else entries
    evidence = [entries[entry_id] for entry_id in finding.evidence if entry_id in entries]
    point = BUILDERS.get(finding.rule, _fallback)(Context(finding, voice, evidence, report))
    heading = HEADINGS.get(finding.rule, "Something I'd like to talk about")
    if addressed:
        return replace(point, questions=QUESTIONS.get(finding.rule, ()), heading=heading)
    # Questions are for the therapist in the room, not about someone else. A finding about an
    # ended course is shown under its own "About my time with ..." heading.
    opener = point.opener
    if finding.ended is None:
        opener = f"About my time with {name}: {_lower_first(point.opener)}"
        heading = f"{heading} (with {name})"
    ask = FORMER_THERAPIST_ASK[finding.severity.value == "positive"]
    return replace(point, opener=opener, ask=ask, addressed=False, heading=heading)


def talking_points(report: Report) -> list[TalkingPoint]:
    """Every finding of the report, in its order (the most pressing first)."""
    entries = all_entries(report)  # once, not once per finding: a report may hold thousands
    points = [talking_point(finding, report, entries=entries) for finding in report.findings]
    # The reminder to note how goals are moving is for the therapy going on: about a
    # therapist the client has moved on from, there is nothing left to note.
    return [p for p in points if p.addressed or p.finding.rule != PROGRESS_UNRECORDED]


def speaks_to_therapist(report: Report) -> bool:
    """Whether a summary may hold questions for the therapist it is for: never for one who
    crossed a boundary or with whom the client felt unsafe."""
    return not crossed_a_line(report, addressed_therapist(report))


def addressed_therapist(report: Report) -> str | None:
    """The therapist a summary's questions are for: the current one, else the latest seen."""
    return current_therapist(report) or report.journal_therapist


def is_closing(report: Report) -> bool:
    """Whether the therapist a summary is for is one the client has stopped seeing."""
    return has_ended(report, addressed_therapist(report))


def questions_worth_asking(points: Sequence[TalkingPoint], *, closing: bool = False) -> list[str]:
    """The questions of the concerns first, then of the good news, then two for any session
    (``closing``: two for a closing session, with a therapist the client has stopped seeing:
    never "what should we focus on next")."""
    general = CLOSING_QUESTIONS if closing else GENERAL_QUESTIONS
    concerns = [p for p in points if p.finding.severity.value != "positive"]
    good = [p for p in points if p.finding.severity.value == "positive"]
    asked = [q for p in (*concerns, *good) if p.addressed for q in p.questions]
    chosen = list(dict.fromkeys(asked))[: MAX_QUESTIONS - len(general)]
    return [*chosen, *general]

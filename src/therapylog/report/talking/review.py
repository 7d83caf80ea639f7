"""The talking points as the client's private review tells them: about the therapist, not to
them, so that "you" in the review only ever means the client (docs/report.md); grouped in the
order the review presents them; and its questions for the therapist."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from therapylog.analysis.safety import SELF_HARM
from therapylog.report.talking.points import (
    is_closing,
    questions_worth_asking,
    speaks_to_therapist,
    talking_points,
)

if TYPE_CHECKING:
    from therapylog.report.model import Report
    from therapylog.report.talking.point import TalkingPoint


_YOU = re.compile(r"\b(you|your|yours)\b")


def _about(text: str, name: str) -> str:
    """Words said to a therapist, retold about them: the first "you" becomes their name, later
    ones "them", "your" "their" ("you forgot …" → "Dr Lee forgot …")."""
    named = False

    def swap(match: re.Match[str]) -> str:
        nonlocal named
        word = match.group(1)
        if word == "you" and not named:
            named = True
            return name
        return {"you": "them", "your": "their", "yours": "theirs"}[word]

    return _YOU.sub(swap, text)


def about_the_therapist(point: TalkingPoint) -> TalkingPoint:
    """A talking point as the private review tells it: about the therapist, not to them, so that
    "you" in the review only ever means the client (docs/report.md)."""
    name = point.finding.therapist
    if not point.addressed or not name:
        return point
    return replace(
        point,
        opener=_about(point.opener, name),
        details=tuple(_about(detail, name) for detail in point.details),
        ask=_about(point.ask, name),
    )


def review_points(report: Report) -> list[TalkingPoint]:
    """The talking points of the private review: every finding, told about the therapist."""
    return [about_the_therapist(point) for point in talking_points(report)]


class PointGroups(NamedTuple):
    """The talking points in the order a summary presents them, after the client's own safety
    (which each renderer says first, in words of its own): what is going well, what to raise,
    and the small things worth a word."""

    good: list[TalkingPoint]
    concerns: list[TalkingPoint]  # serious, then warning
    info: list[TalkingPoint]


def group_points(points: Sequence[TalkingPoint]) -> PointGroups:
    def severity(point: TalkingPoint) -> str:
        return point.finding.severity.value

    # (a finding about an ended course is told under its own heading, as the past)
    rest = [p for p in points if p.finding.rule != SELF_HARM and p.finding.ended is None]
    return PointGroups(
        good=[p for p in rest if severity(p) == "positive"],
        concerns=[p for p in rest if severity(p) == "serious"]
        + [p for p in rest if severity(p) == "warning"],
        info=[p for p in rest if severity(p) == "info"],
    )


def review_questions(report: Report, points: Sequence[TalkingPoint]) -> list[str]:
    """The private review's questions for the therapist: none for one who crossed a line."""
    if not speaks_to_therapist(report):
        return []
    return questions_worth_asking(points, closing=is_closing(report))

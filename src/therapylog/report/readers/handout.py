"""The handout: what the client brings to the therapist, in their own voice. Pure.

Built from one therapist's part of the report (:func:`.select.narrow`): that therapist's
findings only, each as a talking point under a calm heading, most important first, with the
dated moments behind it and the questions that fit it; what has been helping; optionally a
few lines about what did not work with a therapist before; and the record. Never the
analysis's explanations and suggestions (they speak to the client, about leaving, second
opinions, licensing boards or their upbringing), never the private notes unless asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from therapylog.data.safetext import one_line, printable
from therapylog.report.days import month_label
from therapylog.report.facts import all_entries, has_ended
from therapylog.report.highlights import good_news
from therapylog.report.readers import FORMAT_NAME, FORMAT_VERSION
from therapylog.report.readers.handout_words import (
    NOT_FOR_THE_HANDOUT,
    OTHER_TOPIC,
    PAST_INTRO,
    PAST_LINES,
    TOPICS,
)
from therapylog.report.readers.select import (
    WITHHOLDING_RULES,
    chosen_therapist,
    narrow,
    past_therapists,
    withholding_rules,
)
from therapylog.report.talking.points import questions_worth_asking, talking_point

if TYPE_CHECKING:
    from therapylog.report.model import Report
    from therapylog.report.readers import ExportOptions
    from therapylog.report.talking.point import TalkingPoint


@dataclass(frozen=True)
class HandoutPoint:
    """One thing to talk about, as the client would say it."""

    rule: str
    topic: str  # the calm heading
    opener: str
    details: tuple[str, ...]  # the dated moments behind it
    ask: str
    evidence: tuple[str, ...]  # entry ids, oldest first

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "topic": self.topic,
            "text": " ".join(
                part
                for part in (
                    self.opener,
                    "; ".join(self.details) + "." if self.details else "",
                    self.ask,
                )
                if part
            ),
            "opener": self.opener,
            "details": list(self.details),
            "ask": self.ask,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Handout:
    therapist: str | None
    view: Report  # that therapist's part of the report: numbers, charts, record
    talk: list[HandoutPoint]  # most important first
    helping: list[HandoutPoint]
    good_news: list[str]
    questions: list[str]
    past: list[str] = field(default_factory=list)  # empty unless --include-past found some
    session_notes: bool = False
    incident_notes: bool = True
    #: for a therapist the client has stopped seeing: a closing session, not a next one
    closing: bool = False

    @property
    def past_intro(self) -> str:
        return PAST_INTRO if self.past else ""


_WITHHELD_BECAUSE = {
    "boundary-violation": "crossed a professional boundary",
    "felt-unsafe": "left you feeling unsafe",
}


def refusal(report: Report, options: ExportOptions) -> str | None:
    """Why no handout is made for this therapist, or ``None``."""
    therapist = chosen_therapist(report, options.therapist)
    if therapist is None:
        return None
    found = withholding_rules(report, therapist)
    if not found:
        return None
    what = " and ".join(words for rule, words in _WITHHELD_BECAUSE.items() if rule in found)
    return (
        f"no handout for {one_line(therapist)}: your journal records that they {what}, and a "
        "handout is something you give them; use --for me for your private review, or "
        "--for consultation for a factual record to show another professional"
    )


def _point(point: TalkingPoint) -> HandoutPoint:
    finding = point.finding
    return HandoutPoint(
        rule=finding.rule,
        topic=TOPICS.get(finding.rule, OTHER_TOPIC),
        opener=point.opener,
        details=point.details,
        ask=point.ask,
        evidence=tuple(finding.evidence),
    )


def _past(report: Report, therapist: str) -> list[str]:
    """One line per thing that did not work with each therapist of the past, oldest first;
    boundary and safety findings are left out (whether to tell is the client's own call)."""
    lines = []
    for name, last in sorted(past_therapists(report, therapist).items(), key=lambda i: i[1]):
        said = [
            PAST_LINES[f.rule]
            for f in report.history_findings
            if f.therapist is not None
            and report.identity.same(f.therapist, name)
            and f.rule in PAST_LINES
        ]
        if said:
            when = month_label(last.year, last.month)
            lines.append(f"With a therapist I saw until {when}: " + " ".join(dict.fromkeys(said)))
    return lines


def build_handout(report: Report, options: ExportOptions) -> Handout:
    """The handout for the current (or asked-for) therapist. Call :func:`refusal` first."""
    therapist = chosen_therapist(report, options.therapist)
    view = narrow(report, therapist) if therapist is not None else report
    entries = all_entries(view)
    findings = view.findings
    if not view.entries:
        # A month without sessions still brings what the record holds: the concerns found
        # earlier, rather than "nothing in particular" (docs/report.md).
        findings += [
            finding
            for finding in view.history_findings
            if finding.severity.value in ("serious", "warning") and finding not in findings
        ]
    points = [
        talking_point(finding, view, entries=entries)
        for finding in findings
        if finding.rule not in NOT_FOR_THE_HANDOUT and finding.rule not in WITHHOLDING_RULES
    ]
    talk = [p for p in points if p.finding.severity.value != "positive"]
    helping = [p for p in points if p.finding.severity.value == "positive"]
    ended = has_ended(report, therapist)
    return Handout(
        therapist=therapist,
        view=view,
        talk=[_point(p) for p in talk],
        helping=[_point(p) for p in helping],
        good_news=[printable(news.text) for news in good_news(view, first_person=True)],
        questions=questions_worth_asking([*talk, *helping], closing=ended),
        past=_past(report, therapist) if options.include_past and therapist else [],
        session_notes=options.session_notes,
        incident_notes=options.notes,
        closing=ended,
    )


def handout_json(handout: Handout) -> dict[str, Any]:
    """The handout as data: what it says, and the record behind it."""
    view = handout.view
    document = view.to_json(entries=True, notes=handout.incident_notes)
    # The findings as data only: their titles, explanations and suggestions speak to the
    # client (about leaving, second opinions, licensing boards), never to the therapist.
    document["findings"] = [
        {key: finding[key] for key in ("rule", "severity", "therapist", "evidence")}
        for finding in document["findings"]
        if finding["rule"] not in NOT_FOR_THE_HANDOUT
    ]
    if not handout.session_notes:
        for row in document["entries"]:
            row.pop("notes", None)
            row.pop("tags", None)
    document.update(
        {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "reader": "therapist",
            "therapist": handout.therapist,
            "talking_points": [point.to_json() for point in handout.talk],
            "going_well": [point.to_json() for point in handout.helping],
            "good_news": handout.good_news,
            "questions": handout.questions,
            "past": {"intro": handout.past_intro, "lines": handout.past} if handout.past else None,
        }
    )
    return document

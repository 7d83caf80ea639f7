"""One set of words (docs/analysis.md, "Words"), read for every rule at each of its severities.

Journals are built so that every rule fires at every severity it has. Then every finding's
title, explanation and suggestion, and every talking point made from it, is read for the rules:
the report speaks to the client ("you"), the talking points speak as the client ("I"); nothing
tells a client to raise misconduct with the therapist and see how they respond; nothing blames
the client or diagnoses the therapist; every count in a title agrees with the evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.analysis.factories import ANA, DEFAULT, goal, incident, series, weekly
from therapylog.analysis import RULES, analyze
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import empathic_failures
from therapylog.data.model import Entry, Settings
from therapylog.data.validation import validate
from therapylog.report.build import build_report
from therapylog.report.model import Period
from therapylog.report.talking.point import TalkingPoint
from therapylog.report.talking.points import talking_points
from therapylog.report.talking.words import HEADINGS

GOALS = [goal("sleep", title="Sleep through the night")]
FORGOT = incident("forgot-details")


def rated(heard: int, goals: int, approach: int, overall: int) -> dict[str, Any]:
    return {"alliance": {"heard": heard, "goals": goals, "approach": approach, "overall": overall}}


def items(ninth: int) -> dict[str, Any]:
    return {"phq9_items": [2, 2, 1, 1, 1, 1, 1, 1, ninth]}


#: Journals, each making one rule fire at one severity (and often others besides).
JOURNALS: dict[str, Callable[[], list[Entry]]] = {
    "recurring-warning": lambda: weekly(
        [{"incidents": [FORGOT, incident("distracted")]}, {}, {"status": "double-booked"}]
        + [{}] * 5
    ),
    "recurring-serious": lambda: weekly(
        [{"incidents": [FORGOT, incident("fell-asleep", repaired=True)]}, {}]
        + [{"status": "double-booked"}, {"incidents": [FORGOT]}, {"status": "therapist-no-show"}]
        + [{}] * 10
    ),
    "repaired": lambda: weekly([{}, {"incidents": [incident("dismissive", repaired=True)]}, {}]),
    "unreliable": lambda: weekly(
        [
            {},
            *(
                {"status": status}
                for status in (
                    "therapist-cancelled",
                    "therapist-rescheduled",
                    "therapist-cancelled",
                )
            ),
            {},
        ]
    ),
    "boundary-one": lambda: weekly([{}, {}, {}, {"incidents": [incident("inappropriate-touch")]}]),
    "boundary-several": lambda: weekly(
        [
            {"incidents": [incident("romantic-or-sexual")]},
            {},
            {"incidents": [incident("inappropriate-touch"), incident("asked-secrecy")]},
        ]
    ),
    "unsafe-warning": lambda: weekly([{}, {}, {}, {"incidents": [incident("felt-unsafe")]}]),
    "unsafe-serious": lambda: weekly(
        [{"incidents": [incident("felt-unsafe")]}, {}, {"incidents": [incident("felt-unsafe")]}]
    ),
    "early": lambda: weekly(
        [{"incidents": [incident("jargon"), incident("seemed-unsure")]}, {}, {}, {}]
    ),
    "worse": lambda: weekly(
        [{"felt": f} for f in ("worse", "same", "worse", "much-worse", "worse")]
    ),
    "stagnation": lambda: weekly([{"progress": {"sleep": "none"}}] * 9),
    "unrecorded": lambda: series(7, mood_before=6, mood_after=7),
    "decline": lambda: weekly([{"mood_before": m} for m in (7, 7, 6, 5, 5, 4, 4, 3)]),
    "no-improvement": lambda: series(13, mood_before=4, progress={"sleep": "slight"}),
    "deterioration": lambda: weekly([{"phq9": 8}, {}, {"phq9": 15, "gad7": 12}]),
    "improvement": lambda: weekly([{"phq9": 16, "gad7": 12}, {}, {"phq9": 6, "gad7": 5}]),
    "alliance-low": lambda: weekly([rated(9, 9, 4, 9), rated(9, 9, 9, 9), rated(8, 5, 5, 8)]),
    "alliance-dip-cutoff": lambda: weekly([rated(9, 9, 8, 9)] * 3),
    "alliance-dip-drop": lambda: weekly([rated(10, 10, 10, 10)] * 3 + [rated(9, 8, 8, 8)]),
    "self-harm": lambda: weekly([{}, {"status": "client-cancelled", **items(2)}]),
}

#: Every rule at every severity it can have: the journals above must produce all of them.
EXPECTED = {
    ("recurring-empathic-failure", Severity.WARNING),
    ("recurring-empathic-failure", Severity.SERIOUS),
    ("rupture-repaired", Severity.POSITIVE),
    ("therapist-unreliable", Severity.WARNING),
    ("boundary-violation", Severity.SERIOUS),
    ("felt-unsafe", Severity.WARNING),
    ("felt-unsafe", Severity.SERIOUS),
    ("early-warning", Severity.WARNING),
    ("feeling-worse", Severity.WARNING),
    ("goal-stagnation", Severity.WARNING),
    ("progress-unrecorded", Severity.INFO),
    ("mood-decline", Severity.WARNING),
    ("no-improvement", Severity.WARNING),
    ("reliable-deterioration", Severity.SERIOUS),
    ("reliable-improvement", Severity.POSITIVE),
    ("recovery", Severity.POSITIVE),
    ("alliance-low", Severity.WARNING),
    ("alliance-dip", Severity.INFO),
    ("thoughts-of-self-harm", Severity.SERIOUS),
}
MISCONDUCT = {"boundary-violation", "felt-unsafe"}


def _all_findings() -> list[tuple[Finding, list[Entry], str]]:
    found = []
    for name, make in JOURNALS.items():
        entries = make()
        for finding in analyze(entries, GOALS, DEFAULT):
            found.append((finding, entries, name))
    return found


FINDINGS = _all_findings()
IDS = [f"{name}:{finding.rule}:{finding.severity.value}" for finding, _, name in FINDINGS]


def test_every_rule_fires_at_every_severity_it_has() -> None:
    assert {(finding.rule, finding.severity) for finding, _, _ in FINDINGS} >= EXPECTED
    assert {rule for rule, _ in EXPECTED} == set(RULES)


def _text(finding: Finding) -> str:
    return " ".join((finding.title, finding.explanation, finding.suggestion))


@pytest.mark.parametrize(("finding", "entries", "name"), FINDINGS, ids=IDS)
def test_the_report_speaks_to_the_client(finding: Finding, entries: list[Entry], name: str) -> None:
    assert re.search(r"\b(you|your)\b", finding.explanation, re.IGNORECASE), finding.explanation
    # never in the client's voice: that is for the talking points
    assert re.search(r"\b(I|I'm|I've|my|me)\b", _text(finding)) is None, _text(finding)


@pytest.mark.parametrize(("finding", "entries", "name"), FINDINGS, ids=IDS)
def test_no_finding_blames_the_client_or_diagnoses_the_therapist(
    finding: Finding, entries: list[Entry], name: str
) -> None:
    text = _text(finding).lower()
    for match in re.finditer(r"your fault", text):
        assert text[: match.start()].endswith(("never ", "not ")), text
    for phrase in ("you should have", "you failed", "your own fault", "you let", "you allowed"):
        assert phrase not in text
    for diagnosis in ("narcissis", "incompetent", "negligent", "abusive", "sociopath", "disorder"):
        assert diagnosis not in text


@pytest.mark.parametrize(("finding", "entries", "name"), FINDINGS, ids=IDS)
def test_misconduct_is_never_met_with_talk_to_them(
    finding: Finding, entries: list[Entry], name: str
) -> None:
    assert "see how they respond" not in _text(finding)
    assert "mention it" not in finding.suggestion.lower()
    if finding.rule not in MISCONDUCT:
        return
    therapist = re.escape(finding.therapist or "")
    talk = rf"\b(tell|ask|talk to|raise it with|bring (this|it) to|show [a-z ]* to) {therapist}"
    assert re.search(talk, finding.suggestion, re.IGNORECASE) is None, finding.suggestion
    assert "respond" not in finding.suggestion
    assert "someone you trust" in finding.suggestion
    assert "another professional" in finding.suggestion
    assert "licensing board" in finding.suggestion
    assert "emergency number" in finding.suggestion
    if finding.rule == "felt-unsafe":
        assert finding.suggestion.startswith("Trust that feeling: it is a reason to stop")


def _failures(evidence: list[Entry]) -> int:
    return sum(len(empathic_failures(entry)) for entry in evidence)


@pytest.mark.parametrize(("finding", "entries", "name"), FINDINGS, ids=IDS)
def test_counts_read_as_a_person_counts_and_agree_with_the_evidence(
    finding: Finding, entries: list[Entry], name: str
) -> None:
    evidence = [entry for entry in entries if entry.id in finding.evidence]
    assert re.search(r"\d+ times in \d+", finding.title) is None, finding.title
    share = re.search(r"\bin (\d+|each|both) of your (?:last |first )?(\d+)", finding.title)
    if share is not None:
        part = {"each": share.group(2), "both": "2"}.get(share.group(1), share.group(1))
        if finding.rule == "alliance-dip" or finding.rule == "goal-stagnation":
            assert int(part) <= len(evidence)
        else:
            assert int(part) == len(evidence), (finding.title, finding.evidence)
    sessions = re.search(r"\bin (\d+) sessions\b", finding.title)
    if sessions is not None:
        assert int(sessions.group(1)) == len(evidence)
    slips = re.search(r"\((\d+) slips in all\)", finding.title)
    if slips is not None:
        assert int(slips.group(1)) == _failures(evidence) != len(evidence)
    if finding.rule == "recurring-empathic-failure" and slips is None:
        assert _failures(evidence) == len(evidence)
    last = re.search(r"last (\d+) times you recorded", finding.title)
    if last is not None:
        assert int(last.group(1)) == len(evidence)


# --- talking points -----------------------------------------------------------------------------

#: (a boundary violation is stated as plain dated facts about the therapist: "On 6 Jan 2025 …")
FIRST_PERSON = re.compile(r"^(I|I've|I'd|I want|My|About my time with|On \d+)\b")
#: Feelings a talking point must never put in the client's mouth (they are not in the record).
CLAIMED = (
    "not felt as heard",
    "easier to trust you",
    "not a priority",
    "I am struggling",
    "feeling not really heard",
)


def _points() -> list[tuple[TalkingPoint, str]]:
    found = []
    for name, make in JOURNALS.items():
        entries = make()
        period = Period(entries[0].date, dt.date(2026, 11, 22), "all entries")
        built = build_report(entries, GOALS, Settings(), period, today=dt.date(2026, 11, 22))
        found += [(point, name) for point in talking_points(built)]
    return found


POINTS = _points()


def test_every_rule_has_a_talking_point_here() -> None:
    assert {point.finding.rule for point, _ in POINTS} == set(RULES)


@pytest.mark.parametrize(
    ("point", "name"), POINTS, ids=[f"{n}:{p.finding.rule}" for p, n in POINTS]
)
def test_talking_points_speak_as_the_client_and_claim_no_unrecorded_feeling(
    point: TalkingPoint, name: str
) -> None:
    assert FIRST_PERSON.match(point.opener), point.opener
    said = " ".join((point.opener, *point.details, point.ask))
    # the therapist is "you" here; the report's voice ("you recorded", "your therapist") is not
    for report_voice in ("you recorded", "your therapist", "you rated", "your ratings"):
        assert report_voice not in said, said
    for claim in CLAIMED:
        assert claim not in said, said
    if point.aside:
        assert point.aside.startswith("A note for me:")


def test_an_alliance_talking_point_names_only_the_ratings_that_were_low() -> None:
    point = next(
        p for p, name in POINTS if name == "alliance-low" and p.finding.rule == "alliance-low"
    )
    said = " ".join(point.details)
    assert "the way we work 4 out of 10" in said
    assert (
        "I rated working on what I wanted 5 and the way we work 5 out of 10 (26 out of 40 in all)"
        in said
    )
    assert "feeling heard" not in said  # rated 9, 9 and 8: never "not heard"
    assert "overall" not in said


def test_misconduct_talking_points_carry_a_note_for_the_client_and_no_questions() -> None:
    for point, _ in POINTS:
        if point.finding.rule in MISCONDUCT:
            assert point.aside is not None and "do not" in point.aside
            assert "emergency number" in point.aside
            assert not point.questions


def test_the_self_harm_talking_point_says_where_to_turn() -> None:
    point = next(p for p, _ in POINTS if p.finding.rule == "thoughts-of-self-harm")
    assert point.opener.startswith("I want to tell you that when I last filled in the PHQ-9")
    assert point.aside is not None
    assert "988" in point.aside and "116 123" in point.aside and "findahelpline.com" in point.aside
    assert "not a failure" in point.aside


def test_the_words_hold_for_a_journal_with_every_rule_at_once() -> None:
    """Different therapists, so that no rule silences another."""
    entries: list[Entry] = []
    start = dt.date(2015, 1, 5)
    for number, make in enumerate(JOURNALS.values()):
        for entry in make():
            day = start + (entry.date - dt.date(2025, 1, 6))
            data = entry.to_stored_json() | {"id": day.isoformat(), "date": day.isoformat()}
            data["therapist"] = f"{ANA} {number}"
            entries.append(validate(Entry, data))
        start += dt.timedelta(days=200)
    rules = {finding.rule for finding in analyze(entries, GOALS, DEFAULT)}
    assert rules == set(RULES)


def test_every_talking_point_has_a_heading_in_the_clients_voice() -> None:
    """A summary's headings never switch to the report's "you" ("your last 8 appointments")."""
    assert set(HEADINGS) == set(RULES)
    for point, _ in POINTS:
        assert point.heading
        assert re.search(r"\b(you|your)\b", point.heading, re.IGNORECASE) is None, point.heading

"""Findings as talking points in the client's own voice, and the questions worth asking."""

from __future__ import annotations

import dataclasses

import pytest

from tests.report.conftest import entry, example_report, report_of
from therapylog.analysis import RULES
from therapylog.analysis.findings import Finding, Severity
from therapylog.data.catalogue import INCIDENT_KINDS, RELIABILITY_STATUSES
from therapylog.report.model import Report
from therapylog.report.talking.points import (
    BUILDERS,
    MAX_QUESTIONS,
    questions_worth_asking,
    talking_point,
    talking_points,
)
from therapylog.report.talking.words import BOUNDARY_ASIDE, DEEDS, GENERAL_QUESTIONS

FIRST_PERSON = (
    "I've noticed",
    "I want to",
    "I appreciated",
    "My scores",
    "About my time with",
    "I felt",
    "On ",  # the plain facts of a boundary violation, said about the therapist, not to them
)


def finding(
    rule: str,
    severity: Severity = Severity.WARNING,
    therapist: str = "Dr Ana Ames",
    evidence: list[str] | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        therapist=therapist,
        title=f"title of {rule}",
        evidence=evidence or ["2026-11-02"],
        explanation="why",
        suggestion="what to do",
    )


def with_findings(report: Report, *findings: Finding) -> Report:
    return dataclasses.replace(report, findings=list(findings))


@pytest.fixture
def plain_report() -> Report:
    return report_of(
        [
            entry(
                "2026-11-02",
                mood_before=4,
                mood_after=3,
                incidents=[{"kind": "fell-asleep"}],
                alliance={"heard": 5, "goals": 5, "approach": 5, "overall": 5},
                phq9=9,
            ),
            entry("2026-11-09", status="therapist-no-show"),
            entry(
                "2026-11-16",
                mood_before=3,
                mood_after=2,
                incidents=[
                    {"kind": "inappropriate-touch", "repaired": False},
                    {"kind": "forgot-details", "repaired": True},
                ],
                phq9=16,
            ),
        ]
    )


def test_every_rule_of_the_analyzer_has_its_own_talking_point() -> None:
    assert set(BUILDERS) == set(RULES)


def test_every_incident_kind_and_therapist_status_can_be_said_in_the_clients_voice() -> None:
    assert {kind.slug for kind in INCIDENT_KINDS} | set(RELIABILITY_STATUSES) <= set(DEEDS)


@pytest.mark.parametrize("rule", RULES)
def test_each_talking_point_is_in_the_first_person(plain_report: Report, rule: str) -> None:
    evidence = ["2026-11-02", "2026-11-09", "2026-11-16"]
    point = talking_point(finding(rule, evidence=evidence), plain_report)
    assert point.opener.startswith(FIRST_PERSON), point.opener
    # (never addressed to a therapist who crossed a boundary or left the client unsafe)
    assert point.addressed == (rule not in ("boundary-violation", "felt-unsafe"))
    assert "{" not in point.text and "}" not in point.text


def test_dated_moments_name_what_happened(plain_report: Report) -> None:
    evidence = ["2026-11-02", "2026-11-09", "2026-11-16"]
    point = talking_point(finding("recurring-empathic-failure", evidence=evidence), plain_report)
    assert point.details == (
        "2 Nov 2026: you fell asleep while I was talking",
        "9 Nov 2026: you did not turn up for an appointment",
        "16 Nov 2026: you forgot important details of my life",
    )
    assert "16 Nov 2026" in point.ask  # the repair is acknowledged


def test_a_boundary_violation_comes_with_a_note_for_the_client(plain_report: Report) -> None:
    point = talking_point(
        finding("boundary-violation", Severity.SERIOUS, evidence=["2026-11-16"]), plain_report
    )
    assert point.opener == (
        "On 16 Nov 2026 Dr Ana Ames touched me in a way that was not appropriate. This was a "
        "breach of professional boundaries, and it was not my fault."
    )
    assert point.aside == BOUNDARY_ASIDE
    assert not point.questions and not point.addressed and not point.ask


def test_measures_are_quoted_from_the_scores(plain_report: Report) -> None:
    point = talking_point(
        finding("reliable-deterioration", Severity.SERIOUS, evidence=["2026-11-02", "2026-11-16"]),
        plain_report,
    )
    assert point.details == ("2 Nov 2026: PHQ-9 9", "16 Nov 2026: PHQ-9 16")


def test_a_former_therapist_is_named_not_addressed() -> None:
    report = report_of(
        [
            entry("2026-11-02", "Dr Old", status="therapist-cancelled"),
            entry("2026-11-09", "Dr New", mood_before=5, mood_after=6),
        ]
    )
    old = talking_point(
        finding("therapist-unreliable", therapist="Dr Old", evidence=["2026-11-02"]), report
    )
    assert not old.addressed
    assert old.opener.startswith("About my time with Dr Old: I've noticed")
    assert old.details == ("2 Nov 2026: Dr Old cancelled a session",)
    assert old.ask.startswith("I'd like you to know about it")
    assert not old.questions
    mended = talking_point(
        finding("rupture-repaired", Severity.POSITIVE, therapist="Dr Old", evidence=["2026-11-02"]),
        report,
    )
    # ("I appreciated ..." keeps its capital I; any other opener starts in lower case)
    assert mended.opener == (
        "About my time with Dr Old: I appreciated that a mistake was acknowledged and put right."
    )


def test_unknown_rules_still_get_a_talking_point(plain_report: Report) -> None:
    point = talking_point(finding("some-future-rule"), plain_report)
    assert (
        point.opener == "I've noticed something I'd like to talk about: title of some-future-rule."
    )


def test_questions_put_concerns_first_have_no_repeats_and_a_limit(plain_report: Report) -> None:
    report = with_findings(
        plain_report,
        *(finding(rule) for rule in RULES),
        finding("feeling-worse", therapist="Dr Ana Ames"),
    )
    questions = questions_worth_asking(talking_points(report))
    assert len(questions) == MAX_QUESTIONS
    assert len(set(questions)) == len(questions)
    assert questions[-len(GENERAL_QUESTIONS) :] == list(GENERAL_QUESTIONS)
    assert questions[0] == "How do you keep track of what I tell you from one session to the next?"


def test_a_quiet_period_still_has_questions_worth_asking(plain_report: Report) -> None:
    assert questions_worth_asking(talking_points(with_findings(plain_report))) == list(
        GENERAL_QUESTIONS
    )


@pytest.mark.parametrize("name", ["empathic-failures", "repaired-rupture", "stalled"])
def test_every_finding_of_the_examples_becomes_a_talking_point(name: str) -> None:
    report = example_report(name)
    points = talking_points(report)
    assert [p.finding for p in points] == report.findings
    assert all(p.opener.startswith(FIRST_PERSON) for p in points)


def test_an_alliance_dip_talking_point_states_the_ratings_and_wishes_nothing() -> None:
    """Steady 35/40 ratings: the handout names the numbers and claims no wish or shortfall
    the client did not record."""
    nine = {"heard": 9, "goals": 9, "approach": 8, "overall": 9}
    days = ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]
    report = report_of([entry(day, alliance=nine) for day in days])
    points = [point for point in talking_points(report) if point.finding.rule == "alliance-dip"]
    assert points, "steady 35/40 ratings should make an alliance-dip talking point"
    text = " ".join([points[0].opener, *points[0].details, points[0].ask])
    assert "35" in text
    for claim in ("a 10", "room to grow", "Nothing is wrong"):
        assert claim not in text


def test_a_repair_is_told_as_what_happened_and_when_it_was_put_right() -> None:
    """The same session, or a later one: the words say which, and thank without a vague
    'how things went after'."""
    same = report_of(
        [entry("2026-11-02", incidents=[{"kind": "forgot-details", "repaired": True}])]
    )
    point = talking_point(
        finding("rupture-repaired", Severity.POSITIVE, evidence=["2026-11-02"]), same
    )
    assert point.opener == (
        "On 2 Nov 2026 you forgot important details of my life, and it was acknowledged and "
        "put right. I appreciated that."
    )
    later_repair = {"kind": "forgot-details", "repaired": True, "repaired_on": "2026-11-09"}
    later = report_of([entry("2026-11-02", incidents=[later_repair]), entry("2026-11-09")])
    point = talking_point(
        finding("rupture-repaired", Severity.POSITIVE, evidence=["2026-11-02"]), later
    )
    assert "put right on 9 Nov 2026. I appreciated that." in point.opener

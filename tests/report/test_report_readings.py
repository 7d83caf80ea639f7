"""What the report promises in the details a plausible slip would quietly break.

Each test here was written against a bug that the rest of the suite let through (a mutation
run, docs/testing.md). They go through the library's public functions: the report build, the
renderers, the good news and the talking points.
"""

from __future__ import annotations

import dataclasses
import io

from rich.console import Console

from tests.report.conftest import entry, report_of
from therapylog.analysis.findings import Finding, Severity
from therapylog.report.highlights import good_news
from therapylog.report.period import month_period
from therapylog.report.renderers import RENDERERS
from therapylog.report.renderers.terminal import render_terminal
from therapylog.report.talking.points import (
    MAX_QUESTIONS,
    questions_worth_asking,
    talking_point,
    talking_points,
)
from therapylog.report.talking.words import GENERAL_QUESTIONS, QUESTIONS

FORGOT = {"incidents": [{"kind": "forgot-details"}]}


def plain_terminal_text(report: object) -> str:
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(render_terminal(report))  # type: ignore[arg-type]
    return console.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def finding(rule: str, severity: Severity, evidence: list[str]) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        therapist="Dr Ana Ames",
        title=f"title of {rule}",
        evidence=evidence,
        explanation="why",
        suggestion="what to do",
    )


# --- text cleaning ---------------------------------------------------------------------------


def test_no_renderer_lets_a_c1_control_character_through() -> None:
    """U+009B is a one-character CSI: terminals that honour 8-bit controls read it as ESC [.
    U+0085 (next line) and U+0090 (device control string) are C1 controls too."""
    hostile = "before \x9b2J \x9b31mred\x85next \x90dcs\x9c after"
    report = report_of(
        [
            entry(
                f"2026-11-{day:02d}",
                "Dr \x9b31mLee",
                notes=hostile,
                tags=["t\x9bag"],
                incidents=[{"kind": "forgot-details", "note": hostile}],
            )
            for day in (2, 9, 16)
        ]
    )
    # (JSON keeps the user's data exactly, as data: it is not among the text formats.)
    outputs = {name: RENDERERS[name].render(report) for name in ("md", "html")}
    outputs["terminal"] = plain_terminal_text(report)
    for name, output in outputs.items():
        assert "before" in output and "red" in output, name  # the note itself is shown
        for control in "\x9b\x85\x90\x9c":
            assert control not in output, (name, repr(control))


def test_an_explanation_reaches_the_terminal_as_text_not_markup() -> None:
    """A therapist's name in an explanation may hold square brackets: Rich markup would eat
    them (or fail on an unmatched closing tag)."""
    name = "Dr [bold]Lee[/bold] [/i]"
    report = report_of([entry(f"2026-11-{day:02d}", name, **FORGOT) for day in (2, 9, 16)])
    (recurring,) = [f for f in report.findings if f.rule == "recurring-empathic-failure"]
    assert name in recurring.explanation
    assert " ".join(recurring.explanation.split()) in " ".join(plain_terminal_text(report).split())


# --- the period ------------------------------------------------------------------------------


def test_the_last_day_of_the_period_is_in_the_period() -> None:
    """An appointment on the 31st belongs to October's report: counted, listed, and its
    finding kept."""
    last_day = entry("2026-10-31", incidents=[{"kind": "inappropriate-touch"}])
    entries = [entry("2026-10-01", mood_before=5, mood_after=6), last_day]
    report = report_of(entries, period=month_period(2026, 10))
    assert [e.id for e in report.entries] == ["2026-10-01", "2026-10-31"]
    assert report.summary.entries == 2
    assert "boundary-violation" in {f.rule for f in report.findings}
    assert all(f.evidence == ["2026-10-31"] for f in report.findings)


# --- talking points --------------------------------------------------------------------------


def test_a_therapist_is_addressed_whatever_the_case_and_spacing_of_their_name() -> None:
    report = report_of([entry("2026-11-02", "Dr Ana Ames", **FORGOT)])
    spelled = dataclasses.replace(
        finding("recurring-empathic-failure", Severity.WARNING, ["2026-11-02"]),
        therapist="DR  ana AMES",
    )
    point = talking_point(spelled, report)
    assert point.addressed
    assert not point.opener.startswith("About my time with")
    assert point.questions == QUESTIONS["recurring-empathic-failure"]


def test_only_the_repair_of_an_empathic_failure_is_thanked_for() -> None:
    """A repaired misunderstanding about jargon is not a repaired empathic failure: the
    pattern's talking point must not thank the therapist for putting the pattern right."""
    entries = [
        entry("2026-11-02", **FORGOT),
        entry("2026-11-09", **FORGOT),
        entry(
            "2026-11-16",
            incidents=[{"kind": "forgot-details"}, {"kind": "jargon", "repaired": True}],
        ),
    ]
    report = report_of(entries)
    ids = [e.id for e in entries]
    point = talking_point(finding("recurring-empathic-failure", Severity.WARNING, ids), report)
    assert "appreciated" not in point.ask
    repaired = report_of(
        [
            *entries[:2],
            entry("2026-11-16", incidents=[{"kind": "forgot-details", "repaired": True}]),
        ]
    )
    thanked = talking_point(finding("recurring-empathic-failure", Severity.WARNING, ids), repaired)
    assert "I appreciated it when things were put right (16 Nov 2026)" in thanked.ask


def test_the_questions_of_concerns_come_before_those_of_good_news() -> None:
    """Good news listed first in the findings must not push the concerns' questions past the
    cap: every concern's question is asked, and the good news only with what room is left."""
    report = report_of([entry("2026-11-02", phq9=9), entry("2026-11-16", phq9=16)])
    positives = [
        finding("reliable-improvement", Severity.POSITIVE, ["2026-11-16"]),
        finding("recovery", Severity.POSITIVE, ["2026-11-16"]),
    ]
    concerns = [
        finding("recurring-empathic-failure", Severity.WARNING, ["2026-11-02"]),
        finding("therapist-unreliable", Severity.WARNING, ["2026-11-02"]),
    ]
    report = dataclasses.replace(report, findings=[*positives, *concerns])
    questions = questions_worth_asking(talking_points(report))
    concern_questions = [q for f in concerns for q in QUESTIONS[f.rule]]
    assert len(concern_questions) + len(GENERAL_QUESTIONS) <= MAX_QUESTIONS
    assert questions[: len(concern_questions)] == concern_questions
    assert questions[-len(GENERAL_QUESTIONS) :] == list(GENERAL_QUESTIONS)
    assert QUESTIONS["reliable-improvement"][0] in questions


# --- good news -------------------------------------------------------------------------------


def test_exactly_half_the_sessions_better_is_good_news() -> None:
    report = report_of(
        [
            entry("2026-11-02", felt="better"),
            entry("2026-11-09", felt="worse"),
        ]
    )
    headlines = [news.headline for news in good_news(report)]
    assert "1 of 2 sessions left you feeling better" in headlines
    one_in_three = report_of(
        [
            entry(f"2026-11-{day:02d}", felt=felt)
            for day, felt in ((2, "better"), (9, "worse"), (16, "same"))
        ]
    )
    assert not any("feeling better" in news.headline for news in good_news(one_in_three))


def test_two_therapists_are_set_side_by_side_and_one_is_not() -> None:
    """`report --all` compares therapists from two on; one therapist has nobody to compare."""
    two = [entry("2026-11-02", "Dr Ana Ames"), entry("2026-11-09", "Sam Oke")]
    assert len(report_of(two, compare=True).comparison) == 2
    assert report_of(two[:1], compare=True).comparison == []

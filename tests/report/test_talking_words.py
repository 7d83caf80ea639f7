"""The talking points' words, read whole, as the client will say them.

Each test here was written against a mutant that the rest of the suite let through (a mutation
run, docs/testing.md): a word of a talking point that no test read. They go through the
report build and the talking points, or a renderer, and read the sentence word for word.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from tests.report.conftest import entry, report_of
from tests.report.test_report_readings import finding, plain_terminal_text
from therapylog.analysis.findings import Severity
from therapylog.data.model import Goal
from therapylog.data.validation import validate
from therapylog.report.highlights import good_news
from therapylog.report.model import Report
from therapylog.report.talking.point import TalkingPoint
from therapylog.report.talking.points import talking_point, talking_points

NINE = {"heard": 9, "goals": 9, "approach": 9, "overall": 9}


def only(report: Report, rule: str) -> TalkingPoint:
    points = [p for p in talking_points(report) if p.finding.rule == rule]
    assert len(points) == 1, [p.finding.rule for p in talking_points(report)]
    return points[0]


def active_goal(goal_id: str, title: str) -> Goal:
    return validate(Goal, {"id": goal_id, "title": title, "created": "2026-01-01"})


def test_an_early_warning_is_said_as_one_thing_or_a_few() -> None:
    one = report_of([entry("2026-11-02", incidents=[{"kind": "jargon"}]), entry("2026-11-09")])
    point = talking_point(finding("early-warning", Severity.WARNING, ["2026-11-02"]), one)
    assert point.heading == "Things early on that did not sit right"
    assert point.opener == "I've noticed something early on that did not sit right with me:"
    assert point.details == ("2 Nov 2026: you used words I did not understand",)
    assert point.ask == (
        "I'd rather mention it now, while we are still getting to know each other, than let "
        "it build up."
    )
    three = report_of(
        [
            entry("2026-11-02", incidents=[{"kind": "jargon"}, {"kind": "seemed-unsure"}]),
            entry("2026-11-09", incidents=[{"kind": "dismissive"}]),
        ]
    )
    point = only(three, "early-warning")
    assert point.opener == "I've noticed a few things early on that did not sit right with me:"
    assert point.details == (
        "2 Nov 2026: you used words I did not understand and you seemed unsure how to help me",
        "9 Nov 2026: you brushed aside something that mattered to me",
    )
    assert point.ask == (
        "I'd rather mention them now, while we are still getting to know each other, than let "
        "them build up."
    )


def test_the_self_harm_talking_point_is_said_word_for_word() -> None:
    report = report_of([entry("2026-11-02", phq9_items=[1] * 8 + [2])])
    point = only(report, "thoughts-of-self-harm")
    assert point.heading == "Thoughts of self-harm"
    assert point.opener == (
        "I want to tell you that when I last filled in the PHQ-9 (2 Nov 2026), I noted "
        "thoughts of being better off dead, or of hurting myself."
    )
    assert point.ask == (
        "I'd like us to talk about it, and about what I can do when these thoughts come."
    )


def test_an_alliance_dip_names_what_the_ratings_added_up_to() -> None:
    """A drop from the usual 36 to 30: one session, its total. Two sessions a little under
    the cut-off: both totals, never anything but the numbers the client gave."""
    dropped = report_of(
        [entry(f"2026-10-{day:02d}", alliance=NINE) for day in (5, 12, 19, 26)]
        + [entry("2026-11-02", alliance={"heard": 8, "goals": 7, "approach": 7, "overall": 8})]
    )
    point = only(dropped, "alliance-dip")
    assert point.opener == (
        "I've noticed that my ratings of a recent session added up to 30 out of 40."
    )
    assert point.ask == "I'd like to hear how our recent sessions look from your side."
    under = {"heard": 9, "goals": 8, "approach": 8, "overall": 9}
    cutoff = report_of([entry(day, alliance=under) for day in ("2026-11-02", "2026-11-09")])
    point = only(cutoff, "alliance-dip")
    assert point.opener == (
        "I've noticed that my ratings of some recent sessions added up to 34 and 34 out of 40."
    )


def test_feeling_worse_quotes_the_felt_in_words_and_the_moods_only_when_both_were_given() -> None:
    """``much-worse`` is said "much worse"; a mood before without a mood after is not quoted
    (there is no "mood 5 before and None after")."""
    report = report_of(
        [
            entry("2026-11-02", felt="worse", mood_before=5),
            entry("2026-11-05", felt="much-worse", mood_before=5),
            entry("2026-11-09", felt="worse", mood_after=3),
            entry("2026-11-16", felt="worse", mood_before=6, mood_after=4),
        ]
    )
    point = only(report, "feeling-worse")
    assert point.details == (
        "2 Nov 2026: worse",
        "5 Nov 2026: much worse",
        "9 Nov 2026: worse",
        "16 Nov 2026: worse, mood 6 before and 4 after",
    )


def test_progress_unrecorded_names_the_goals_or_none_and_says_goal_or_goals() -> None:
    unrecorded = finding("progress-unrecorded", Severity.INFO, ["2026-11-02"])
    sessions = [entry("2026-11-02")]
    none = talking_point(unrecorded, report_of(sessions))
    assert none.heading == "Keeping track of my goals"
    assert none.opener == (
        "I want to pick up my goals again: I haven't noted how they are moving lately."
    )
    assert none.ask == "I'd like us to look at them together, so that I can keep track again."
    one = talking_point(unrecorded, report_of(sessions, [active_goal("sleep", "Sleep through")]))
    assert one.opener == (
        "I want to pick up my goal again: I haven't noted how it is moving lately "
        "(“Sleep through”)."
    )
    assert one.ask == "I'd like us to look at it together, so that I can keep track again."
    two = talking_point(
        unrecorded,
        report_of(sessions, [active_goal("sleep", "Sleep through"), active_goal("work", "Work")]),
    )
    assert two.opener == (
        "I want to pick up my goals again: I haven't noted how they are moving lately "
        "(“Sleep through” and “Work”)."
    )


def test_a_therapist_who_is_not_addressed_is_their_never_your() -> None:
    report = report_of(
        [
            entry("2026-11-02", "Dr Old", incidents=[{"kind": "self-focus"}]),
            entry("2026-11-09", "Dr New"),
        ]
    )
    old = dataclasses.replace(
        finding("recurring-empathic-failure", Severity.WARNING, ["2026-11-02"]),
        therapist="Dr Old",
    )
    point = talking_point(old, report)
    assert point.details == (
        "2 Nov 2026: Dr Old talked about their own life more than listening to mine",
    )
    assert point.heading == "Things that keep happening (with Dr Old)"


def test_a_talking_point_for_an_unknown_rule_has_a_heading_of_its_own() -> None:
    report = report_of([entry("2026-11-02")])
    point = talking_point(finding("some-future-rule", Severity.INFO, ["2026-11-02"]), report)
    assert point.heading == "Something I'd like to talk about"
    assert point.opener == (
        "I've noticed something I'd like to talk about: title of some-future-rule."
    )


def test_an_ended_course_has_its_own_heading_in_the_clients_review() -> None:
    report = report_of(
        [
            entry("2026-11-02", "Dr Old", incidents=[{"kind": "forgot-details"}]),
            entry("2026-11-09", "Dr New"),
        ]
    )
    ended = dataclasses.replace(
        finding("recurring-empathic-failure", Severity.WARNING, ["2026-11-02"]),
        therapist="Dr Old",
        ended=dt.date(2026, 11, 5),
    )
    report = dataclasses.replace(report, findings=[ended])
    review = " ".join(plain_terminal_text(report).split())
    assert "Your time with Dr Old (ended 5 Nov 2026)" in review
    assert "About my time with" not in review


def test_a_goals_good_news_names_its_most_recent_level() -> None:
    report = report_of(
        [
            entry("2026-11-02", progress={"sleep": "slight"}),
            entry("2026-11-09", progress={"sleep": "clear"}),
            entry("2026-11-16", progress={"sleep": "none"}),
        ],
        [active_goal("sleep", "Sleep through")],
    )
    texts = [news.text for news in good_news(report)]
    assert (
        "Progress on “Sleep through” in 2 sessions: clear in 1, slight in 1 (last progress: "
        "clear, 9 Nov 2026; most recent answer: none, 16 Nov 2026)."
    ) in texts

"""The talking points' words, read whole, as the client will say them.

Each test here was written against a mutant that the rest of the suite let through (a mutation
run, docs/testing.md): a word of a talking point that no test read. They go through the
report build and the talking points, or a renderer, and read the sentence word for word.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from tests.report.conftest import TODAY, entry, month_period, report_of
from tests.report.test_report_readings import finding, plain_terminal_text
from therapylog.analysis.findings import Severity
from therapylog.data.model import Goal, Settings, Thresholds
from therapylog.data.validation import validate
from therapylog.report.build import build_report
from therapylog.report.days import list_days
from therapylog.report.model import Report
from therapylog.report.readers import ExportOptions
from therapylog.report.renderers import RENDERERS
from therapylog.report.talking.point import TalkingPoint
from therapylog.report.talking.points import talking_point, talking_points
from therapylog.report.talking.review import about_the_therapist

NINE = {"heard": 9, "goals": 9, "approach": 9, "overall": 9}
FORGOT = {"incidents": [{"kind": "forgot-details"}]}
WEEK = report_of([entry("2026-11-02")])


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
        "2 Nov 2026: you used words I did not understand and seemed unsure how to help me",
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


def test_feeling_worse_says_most_only_when_it_is_most() -> None:
    """With the default thresholds (4 of the last 6) it is most of them; a client who lowers
    ``worse_count`` to 2 hears how many, never "most"."""
    days = ["2026-11-02", "2026-11-05", "2026-11-09", "2026-11-12", "2026-11-16", "2026-11-19"]
    sessions = [
        entry(day, felt="worse" if number < 4 else "better") for number, day in enumerate(days)
    ]
    default = only(report_of(sessions), "feeling-worse")
    assert default.opener.startswith("I've noticed that most of our recent sessions have left")
    assert "this is most of them" in default.ask
    fewer = [
        entry(day, felt="worse" if number < 2 else "better") for number, day in enumerate(days)
    ]
    settings = Settings(thresholds=Thresholds(worse_count=2))
    lowered = build_report(fewer, [], settings, month_period(2026, 11), today=TODAY)
    point = only(lowered, "feeling-worse")
    assert point.opener == (
        "I've noticed that 2 of our last 6 sessions have left me feeling worse than when I arrived:"
    )
    assert "most" not in point.ask and "these keep coming" in point.ask
    half = [entry(day, felt="worse" if number < 3 else "better") for number, day in enumerate(days)]
    settings = Settings(thresholds=Thresholds(worse_count=3))
    exactly_half = build_report(half, [], settings, month_period(2026, 11), today=TODAY)
    point = only(exactly_half, "feeling-worse")
    assert point.opener == (
        "I've noticed that 3 of our last 6 sessions have left me feeling worse than when I arrived:"
    )
    assert point.ask == (
        "Some hard sessions are part of the work, but these keep coming, and I'd like to "
        "understand what is happening."
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


def test_a_talking_point_for_an_unknown_rule_reaches_every_format() -> None:
    """A finding of a rule this version does not know (a journal analysed by a newer one) is
    still said, in every format, without dated moments."""
    report = report_of([entry("2026-11-02")])
    future = finding("some-future-rule", Severity.INFO, ["2026-11-02"])
    report = dataclasses.replace(report, findings=[future])
    (point,) = talking_points(report)
    assert point.details == ()
    assert point.text == "I've noticed something I'd like to talk about: title of some-future-rule."
    for name, renderer in RENDERERS.items():
        assert "title of some-future-rule" in renderer.render(report), name
    assert "title of some-future-rule" in plain_terminal_text(report)


def test_good_news_about_a_former_therapist_is_told_in_the_clients_own_words() -> None:
    report = report_of([entry("2026-11-02", "Dr Old", phq9=16), entry("2026-11-09", "Dr New")])
    recovery = dataclasses.replace(
        finding("recovery", Severity.POSITIVE, ["2026-11-02"]), therapist="Dr Old"
    )
    point = talking_point(recovery, report)
    assert point.opener == (
        "About my time with Dr Old: my scores are now below the levels that usually mean "
        "clinical depression or anxiety."
    )
    assert point.heading == "My scores are below the clinical cut-off (with Dr Old)"
    assert point.ask == "It helps me to know what has worked for me before."


def test_a_low_rating_is_quoted_alone_when_the_total_is_not_low() -> None:
    """Feeling heard rated 4 of 10, the other three 9: the total of 31 is not low, so it is
    not quoted beside the rating."""
    heard = {"goals": 9, "approach": 9, "overall": 9}
    report = report_of(
        [
            entry("2026-11-02", alliance={"heard": 4, **heard}),
            entry("2026-11-09", alliance={"heard": 5, **heard}),
            entry("2026-11-16", alliance={"heard": 2, "goals": 5, "approach": 9, "overall": 9}),
        ]
    )
    assert only(report, "alliance-low").details == (
        "2 Nov 2026: I rated feeling heard 4 out of 10",
        "9 Nov 2026: I rated feeling heard 5 out of 10",
        "16 Nov 2026: I rated feeling heard 2 and working on what I wanted 5 out of 10 "
        "(25 out of 40 in all)",
    )


def test_days_across_a_new_year_say_each_year_once_at_the_end_of_its_run() -> None:
    days = [dt.date(2025, 12, 2), dt.date(2025, 12, 30), dt.date(2026, 1, 5), dt.date(2026, 1, 12)]
    assert list_days(days) == "2 Dec, 30 Dec 2025, 5 Jan and 12 Jan 2026"


def test_the_private_review_names_the_therapist_once_for_all_they_did_that_day() -> None:
    """Three things on one day: one subject for all three. A second "you" would be retold as
    "them" in the review ("and them seemed distracted")."""
    three = [{"kind": "forgot-details"}, {"kind": "self-focus"}, {"kind": "distracted"}]
    report = report_of(
        [
            entry("2026-11-02", incidents=[{"kind": "forgot-details"}]),
            entry("2026-11-09", incidents=three),
        ]
    )
    day = (
        "9 Nov 2026: {} forgot important details of my life, talked about {} own life more "
        "than listening to mine and seemed distracted: the clock, the phone, somewhere else"
    )
    review = RENDERERS["md"].render(report, ExportOptions(reader="me"))
    assert day.format("Dr Ana Ames", "their") in review
    assert "and them" not in review and ", them" not in review
    handout = RENDERERS["md"].render(report, ExportOptions(reader="therapist"))
    assert day.format("you", "your") in handout


# --- talking points whose evidence holds no numbers ------------------------------------------


def test_scores_going_up_or_down_end_in_a_full_stop_when_none_is_at_hand() -> None:
    """The evidence is in the report but holds no score (a session without questionnaires):
    the opener is a sentence of its own, not one ending in a colon."""
    report = report_of([entry("2026-11-02")])
    up = talking_point(finding("reliable-deterioration", Severity.SERIOUS, ["2026-11-02"]), report)
    assert up.opener == "I've noticed that my questionnaire scores have gone up since we started."
    assert up.details == ()
    down = talking_point(finding("reliable-improvement", Severity.POSITIVE, ["2026-11-02"]), report)
    assert down.opener == (
        "I've noticed that my questionnaire scores have come down by more than chance would "
        "explain."
    )


def test_goals_that_have_not_moved_are_counted_only_when_the_sessions_are_at_hand() -> None:
    report = report_of([entry("2026-11-02", progress={"sleep": "none"})])
    known = talking_point(finding("goal-stagnation", Severity.WARNING, ["2026-11-02"]), report)
    assert known.opener == (
        "I've noticed that my goals have not moved for a while: the last time I noted my "
        "progress (2 Nov 2026), I recorded none."
    )
    unknown = talking_point(finding("goal-stagnation", Severity.WARNING, ["2025-01-06"]), report)
    assert unknown.opener == (
        "I've noticed that my goals have not moved for a while: the last times I noted my "
        "progress, I recorded none."
    )


# --- told about the therapist, in the private review -----------------------------------------


def test_the_review_retells_you_as_the_therapist_then_them_their_and_theirs() -> None:
    said = dataclasses.replace(
        talking_point(finding("some-future-rule", Severity.INFO, ["2026-11-02"]), WEEK),
        opener="I'd like to tell you what I told you before, and to hear your side.",
        details=("2 Nov 2026: you forgot it, and the choice was yours",),
        ask="Your notes and mine differ.",
    )
    told = about_the_therapist(said)
    assert told.opener == (
        "I'd like to tell Dr Ana Ames what I told them before, and to hear their side."
    )
    assert told.details == ("2 Nov 2026: Dr Ana Ames forgot it, and the choice was theirs",)
    assert told.ask == "Your notes and mine differ."  # (a capital: the client's own "Your")


def test_a_point_about_someone_not_in_the_room_is_retold_as_it_is() -> None:
    report = report_of([entry("2026-11-02", "Dr Old", **FORGOT), entry("2026-11-09", "Dr New")])
    old = dataclasses.replace(
        finding("recurring-empathic-failure", Severity.WARNING, ["2026-11-02"]),
        therapist="Dr Old",
    )
    point = talking_point(old, report)
    assert (
        point.ask
        == "I'd like you to know about it, because it still shapes how I feel about therapy."
    )
    assert about_the_therapist(point) == point


def test_a_day_of_a_pattern_names_only_what_belongs_to_the_pattern_status_first() -> None:
    """A session moved at short notice in which details were forgotten: the pattern of not
    being tuned in names the forgetting, not the move. A double-booking is a forgotten
    appointment: it is named first, then what else happened."""
    entries = [
        entry("2026-11-02", status="therapist-rescheduled", **FORGOT),
        entry("2026-11-09", status="double-booked", **FORGOT),
    ]
    point = talking_point(
        finding("recurring-empathic-failure", Severity.WARNING, ["2026-11-02", "2026-11-09"]),
        report_of(entries),
    )
    assert point.details == (
        "2 Nov 2026: you forgot important details of my life",
        "9 Nov 2026: you double-booked my time and turned me away and forgot important details "
        "of my life",
    )


def test_only_what_was_not_put_right_is_an_early_warning_and_a_repair_names_its_mistake() -> None:
    entries = [
        entry(
            "2026-11-02", incidents=[{"kind": "dismissive"}, {"kind": "jargon", "repaired": True}]
        ),
    ]
    report = report_of(entries)
    early = talking_point(finding("early-warning", Severity.WARNING, ["2026-11-02"]), report)
    assert early.details == ("2 Nov 2026: you brushed aside something that mattered to me",)
    repair = talking_point(finding("rupture-repaired", Severity.POSITIVE, ["2026-11-02"]), report)
    assert repair.opener == (
        "On 2 Nov 2026 you used words I did not understand, and it was acknowledged and put "
        "right. I appreciated that."
    )
    nothing_at_hand = talking_point(
        finding("rupture-repaired", Severity.POSITIVE, ["2025-01-06"]), report
    )
    assert nothing_at_hand.opener == "I appreciated that a mistake was acknowledged and put right."


# --- what a point says when the entries behind it hold less -----------------------------------


def test_alliance_points_quote_what_the_ratings_hold_and_nothing_else() -> None:
    """A total of exactly 30 is not low (low is below 30): a rating of 5 is quoted alone. An
    unrated session among the evidence is passed over, not the end of the list. With no
    rating at hand the opener is a sentence of its own."""
    report = report_of(
        [
            entry("2026-11-02"),
            entry("2026-11-09", alliance={"heard": 5, "goals": 9, "approach": 8, "overall": 8}),
        ]
    )
    low = talking_point(
        finding("alliance-low", Severity.WARNING, ["2026-11-02", "2026-11-09"]), report
    )
    assert low.details == ("9 Nov 2026: I rated feeling heard 5 out of 10",)
    unrated = talking_point(finding("alliance-low", Severity.WARNING, ["2026-11-02"]), report)
    assert unrated.opener == "I've noticed that some of my ratings of our recent sessions were low."
    dip = talking_point(finding("alliance-dip", Severity.INFO, ["2026-11-02"]), report)
    assert dip.opener == "I've noticed that my ratings of some recent sessions dipped a little."


def test_mood_points_quote_the_moods_only_when_two_are_at_hand() -> None:
    report = report_of(
        [
            entry("2026-11-02", mood_before=6),
            entry("2026-11-09", mood_before=4),
            entry("2026-11-16"),
        ]
    )
    two = talking_point(
        finding("mood-decline", Severity.WARNING, ["2026-11-02", "2026-11-09"]), report
    )
    assert two.opener == (
        "I've noticed that my mood going into sessions has been sliding: from around 6 to "
        "around 4 out of 10."
    )
    one = talking_point(
        finding("mood-decline", Severity.WARNING, ["2026-11-09", "2026-11-16"]), report
    )
    assert one.opener == "I've noticed that my mood going into sessions has been sliding."
    flat = talking_point(finding("no-improvement", Severity.WARNING, ["2026-11-16"]), report)
    assert flat.opener == (
        "I've noticed that, after many sessions, my mood going into them is not much higher "
        "than when we started."
    )


def test_thoughts_of_self_harm_on_a_days_second_entry_or_with_no_date() -> None:
    report = report_of([entry("2026-11-02"), entry("2026-11-02", seq=2, phq9_items=[1] * 9)])
    point = only(report, "thoughts-of-self-harm")
    assert point.finding.evidence == ["2026-11-02-2"]
    assert point.opener.startswith(
        "I want to tell you that when I last filled in the PHQ-9 (2 Nov 2026), "
    )
    undated = dataclasses.replace(point.finding, evidence=[])
    assert talking_point(undated, report).opener == (
        "I want to tell you that when I last filled in the PHQ-9, I noted thoughts of being "
        "better off dead, or of hurting myself."
    )


def test_the_summary_is_for_the_therapist_of_the_latest_session() -> None:
    """Seen in turn: Dr Ana Ames, Sam Oke, Dr Ana Ames. The summary is for Dr Ana Ames, and a
    point about Sam Oke is said about them, not to them."""
    report = report_of(
        [
            entry("2026-11-02", **FORGOT),
            entry("2026-11-09", "Sam Oke", **FORGOT),
            entry("2026-11-16"),
        ]
    )
    handout = RENDERERS["md"].render(report)
    assert handout.startswith("# For my next session with Dr Ana Ames\n")
    sam = dataclasses.replace(
        finding("recurring-empathic-failure", Severity.WARNING, ["2026-11-09"]),
        therapist="Sam Oke",
    )
    assert talking_point(sam, report).opener.startswith("About my time with Sam Oke: ")


def test_an_unknown_rules_point_asks_nothing_and_says_so_as_text() -> None:
    """Its ask is empty text, never null, in the handout's JSON; good news of an unknown rule
    shows in the private review's page too."""
    report = report_of([entry("2026-11-02")])
    future = [
        finding("some-future-rule", Severity.WARNING, ["2026-11-02"]),
        finding("good-future-rule", Severity.POSITIVE, ["2026-11-02"]),
    ]
    report = dataclasses.replace(report, findings=future)
    handout = json.loads(RENDERERS["json"].render(report))
    assert [point["ask"] for point in handout["talking_points"]] == [""]
    assert [point["ask"] for point in handout["going_well"]] == [""]
    page = RENDERERS["html"].render(report, ExportOptions(reader="me"))
    assert "title of good-future-rule" in page

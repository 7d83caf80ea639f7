"""The private review's own lines, the record behind it, the good news and the build, read
word for word.

Each test here was written against a mutant that the rest of the suite let through (a mutation
run of the report area, docs/testing.md). They go through the report build and a renderer (the
private review is ``export --for me``), or the good news.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from tests.report.conftest import TODAY, entry, report_of
from tests.report.test_report_readings import finding, plain_terminal_text
from tests.report.test_talking_words import FORGOT, NINE, active_goal, only
from therapylog.analysis.findings import Severity
from therapylog.data.identity import Registry, TherapistRecord
from therapylog.data.model import Settings, Thresholds
from therapylog.report.build import build_report
from therapylog.report.highlights import good_news
from therapylog.report.model import Period
from therapylog.report.period import month_period
from therapylog.report.readers import ExportOptions
from therapylog.report.renderers import RENDERERS
from therapylog.report.renderers.md_text import md

ME = ExportOptions(reader="me")
TOUCH = {"incidents": [{"kind": "inappropriate-touch"}]}


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


def test_a_small_thing_worth_a_word_is_in_the_private_review() -> None:
    """An alliance dip (info) is neither a concern nor good news: the review keeps it, in the
    Markdown and in the HTML."""
    report = report_of(
        [entry(f"2026-10-{day:02d}", alliance=NINE) for day in (5, 12, 19, 26)]
        + [entry("2026-11-02", alliance={"heard": 8, "goals": 7, "approach": 7, "overall": 8})]
    )
    assert [f.rule for f in report.findings] == ["alliance-dip"]
    said = "I've noticed that my ratings of a recent session added up to 30 out of 40."
    review = RENDERERS["md"].render(report, ExportOptions(reader="me"))
    assert f"## Small things worth a word\n\n#### 1. My ratings of our sessions\n\n{said}" in review
    page = RENDERERS["html"].render(report, ExportOptions(reader="me"))
    assert said.replace("'", "&#x27;") in page


def test_serious_findings_outside_the_period_name_their_months_and_years() -> None:
    """One year: said once at the end. Two years: each month with its own."""
    two_years = report_of(
        [
            entry("2025-12-01", "Dr A", **TOUCH),
            entry("2026-01-05", "Dr B", **TOUCH),
            entry("2026-11-02", "Dr C"),
        ]
    )
    assert (
        "**Serious findings from December 2025 and January 2026 lie outside this period: "
        "`therapylog report --all` shows them.**"
    ) in RENDERERS["md"].render(two_years, ME)
    one_year = report_of(
        [
            entry("2026-03-02", "Dr A", **TOUCH),
            entry("2026-05-04", "Dr B", **TOUCH),
            entry("2026-11-02", "Dr C"),
        ]
    )
    assert (
        "**Serious findings from March and May 2026 lie outside this period: "
        "`therapylog report --all` shows them.**"
    ) in RENDERERS["md"].render(one_year, ME)


def test_the_review_is_titled_by_its_month_only_when_it_is_one_whole_month() -> None:
    month = report_of([entry("2026-11-02")])
    assert RENDERERS["md"].render(month, ME).startswith("# My therapy review: November 2026\n")
    two_months = report_of(
        [entry("2026-10-02"), entry("2026-11-02")],
        period=Period(start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 30), label="Oct–Nov"),
    )
    assert RENDERERS["md"].render(two_months, ME).startswith("# My therapy review\n")


def test_a_review_before_the_first_entry_is_with_no_therapist_yet() -> None:
    review = RENDERERS["md"].render(report_of([]), ME)
    assert "**With:** no therapist yet" in review


def test_thoughts_of_self_harm_come_first_in_the_review_word_for_word() -> None:
    report = report_of([entry("2026-11-02", phq9_items=[1] * 8 + [2])])
    review = RENDERERS["md"].render(report, ME)
    safety = (
        "## Before anything else\n\n"
        "On 2 Nov 2026 I noted, on the PHQ-9, thoughts that I would be better off dead, or of "
        "hurting myself. Many people have thoughts like these at some point; they are not a "
        "failure of mine or of anyone else's, and I do not have to carry them alone.\n\n"
        "If I am in danger now, I call my local emergency number. I can talk to someone at any "
        "hour: call or text 988 in the US and Canada, call Samaritans on 116 123 in the UK and "
        "Ireland, or find a line at findahelpline.com. And I can tell my therapist at my next "
        "session or sooner, or my doctor if I am not seeing one now: this is exactly what they "
        "are there to help with.\n"
    )
    assert safety in review
    assert review.index(safety) < review.index("## What is going well")


def test_a_line_of_user_text_never_starts_a_markdown_list_or_heading() -> None:
    assert md("1. not a list\n  - not a bullet\n+ nor this\n= nor a heading") == (
        "1\\. not a list\n  \\- not a bullet\n\\+ nor this\n\\= nor a heading"
    )


def test_an_ended_course_is_about_my_time_with_them_in_the_written_review() -> None:
    report = report_of([entry("2026-11-02", "Dr Old", **FORGOT), entry("2026-11-09", "Dr New")])
    ended = dataclasses.replace(
        finding("recurring-empathic-failure", Severity.WARNING, ["2026-11-02"]),
        therapist="Dr Old",
        ended=dt.date(2026, 11, 5),
    )
    report = dataclasses.replace(report, findings=[ended])
    assert "## About my time with Dr Old\n" in RENDERERS["md"].render(report, ME)


def test_the_review_is_titled_by_december_too_and_not_by_half_a_month() -> None:
    december = report_of([entry("2025-12-02")], period=month_period(2025, 12))
    assert RENDERERS["md"].render(december, ME).startswith("# My therapy review: December 2025\n")
    half = report_of(
        [entry("2026-11-16")],
        period=Period(start=dt.date(2026, 11, 15), end=dt.date(2026, 11, 30), label="late Nov"),
    )
    assert RENDERERS["md"].render(half, ME).startswith("# My therapy review\n")


def test_quotes_in_a_name_are_escaped_in_the_html_page() -> None:
    report = report_of([entry("2026-11-02", 'Dr "Q" Ames')])
    page = RENDERERS["html"].render(report, ME)
    assert "Dr &quot;Q&quot; Ames" in page
    assert 'Dr "Q" Ames' not in page


def test_markdown_keeps_lines_and_escapes_entities() -> None:
    assert md("one &amp; two\nthree") == "one \\&amp; two\nthree"


def test_therapists_side_by_side_are_one_row_each_under_their_registered_name() -> None:
    """ "Anna" and "Dr Lee" are aliases of Dr. Anna Lee in the registry: one row, by that name."""
    registry = Registry((TherapistRecord("Dr. Anna Lee", aliases=("Dr Lee", "Anna")),))
    report = report_of(
        [
            entry("2026-11-02", "Anna"),
            entry("2026-11-09", "Dr Lee"),
            entry("2026-11-16", "Sam Oke"),
        ],
        compare=True,
        therapists=registry,
    )
    assert [row.therapist for row in report.comparison] == ["Dr. Anna Lee", "Sam Oke"]


def test_therapists_are_set_side_by_side_only_when_asked() -> None:
    two = [entry("2026-11-02"), entry("2026-11-09", "Sam Oke")]
    assert report_of(two).comparison == []


def test_the_settings_thresholds_reach_the_talking_points() -> None:
    """With low starting below 32 of 40, a total of 31 is low, and quoted beside a low rating."""
    ratings = {"alliance": {"heard": 5, "goals": 9, "approach": 8, "overall": 9}}
    entries = [entry("2026-11-02", **ratings), entry("2026-11-09", **ratings)]
    settings = Settings(thresholds=Thresholds(alliance_low_total=32))
    report = build_report(entries, [], settings, month_period(2026, 11), today=TODAY)
    assert only(report, "alliance-low").details == (
        "2 Nov 2026: I rated feeling heard 5 out of 10 (31 out of 40 in all)",
        "9 Nov 2026: I rated feeling heard 5 out of 10 (31 out of 40 in all)",
    )


def test_the_review_says_its_period_for_one_day_and_across_a_new_year() -> None:
    one_day = Period(start=dt.date(2026, 11, 2), end=dt.date(2026, 11, 2), label="2 Nov")
    review = RENDERERS["md"].render(report_of([entry("2026-11-02")], period=one_day), ME)
    assert "**Period:** 2 Nov 2026 ·" in review
    new_year = Period(start=dt.date(2025, 12, 1), end=dt.date(2026, 1, 5), label="winter")
    both = [entry("2025-12-20"), entry("2026-01-05")]
    review = RENDERERS["md"].render(report_of(both, period=new_year), ME)
    assert "**Period:** 1 Dec 2025 – 5 Jan 2026 ·" in review


def test_the_record_says_when_a_mistake_was_put_right_later() -> None:
    later = {"kind": "forgot-details", "repaired": True, "repaired_on": "2026-11-09"}
    report = report_of([entry("2026-11-02", incidents=[later]), entry("2026-11-09")])
    review = RENDERERS["md"].render(report, ME)
    assert (
        "| 2 Nov 2026 | forgot-details: forgot important details of my life | yes, 9 Nov 2026 |"
        in review
    )


def test_good_news_counts_every_appointment_and_a_lift_of_one_point() -> None:
    three = report_of([entry(day) for day in ("2026-11-02", "2026-11-09", "2026-11-16")])
    assert "All 3 appointments went ahead as planned." in [n.text for n in good_news(three)]
    lifted = report_of(
        [
            entry("2026-10-05", mood_before=5),
            entry("2026-11-02", mood_before=6),
        ]
    )
    assert ("Your mood before sessions averaged 6 out of 10, up from 5 in the months before.") in [
        n.text for n in good_news(lifted)
    ]


def test_after_a_line_was_crossed_the_good_news_is_the_clients_own_progress() -> None:
    touch = {"kind": "inappropriate-touch"}
    report = report_of(
        [
            entry("2026-10-05", mood_before=4),
            entry("2026-11-02", mood_before=6, progress={"sleep": "clear"}, incidents=[touch]),
        ],
        [active_goal("sleep", "Sleep")],
    )
    assert [n.text for n in good_news(report, first_person=True)] == [
        "My mood before sessions averaged 6 out of 10, up from 4 in the months before.",
        "Clear progress on “Sleep” in 1 session (most recent: clear, 2 Nov 2026).",
    ]


def test_good_news_of_three_better_sessions_and_no_incidents_in_the_clients_words() -> None:
    report = report_of(
        [entry(day, felt="better") for day in ("2026-11-02", "2026-11-09", "2026-11-16")]
    )
    assert [n.text for n in good_news(report, first_person=True)] == [
        "All 3 sessions left me feeling better.",
        "All 3 appointments went ahead as planned.",
        "I recorded no incidents.",
    ]

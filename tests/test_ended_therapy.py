"""Ended therapy reads as the past: report and export words, the closing session, and
therapists side by side in `report --all`."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli
from therapylog.analysis import RULES
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.past import reflective_suggestion

FORBIDDEN = ("tell them", "tell dr", "decide whether to stay", "whether to stay", "bring this")


def add(cli: Cli, *args: str) -> None:
    result = cli("add", "--no-input", *args)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def lee(cli: Cli) -> None:
    """Five forgotten details in five sessions with Dr. Lee, then a better fit with Dr. Shah."""
    for day in range(1, 6):
        add(
            cli, "--date", f"2026-09-0{day}", "--therapist", "Dr. Lee",
            "--incident", "forgot-details", "--mood-before", "3", "--felt", "worse",
            "--alliance", "5,6,6,5",
        )  # fmt: skip
    for day in range(10, 14):
        add(
            cli, "--date", f"2026-10-{day}", "--therapist", "Dr. Shah",
            "--mood-before", str(day - 4), "--felt", "better", "--alliance", "9,9,8,9",
        )  # fmt: skip


def suggestions(cli: Cli, therapist: str = "Dr. Lee") -> list[str]:
    document = json.loads(cli("report", "--all", "--json").stdout)
    return [f["suggestion"] for f in document["findings"] if f["therapist"] == therapist]


def test_ending_a_therapist_changes_the_words_of_the_report(cli: Cli, lee: None) -> None:
    before = " ".join(suggestions(cli)).lower()
    assert "bring this" in before  # the rule's own advice while the therapy goes on

    assert cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30").exit_code == 0
    document = json.loads(cli("report", "--all", "--json").stdout)
    mine = [f for f in document["findings"] if f["therapist"] == "Dr. Lee"]
    assert mine and all(f["ended"] == "2026-09-30" for f in mine)
    assert document["past"] == [
        {
            "therapist": "Dr. Lee",
            "ended": "2026-09-30",
            "heading": "Your time with Dr. Lee",
            "rules": [f["rule"] for f in mine],
        }
    ]
    after = " ".join(f["suggestion"] for f in mine).lower()
    assert not any(phrase in after for phrase in FORBIDDEN)
    assert "next therapist" in after and "new therapist" in after
    assert after.count("closing session") == 1  # offered once, on the most serious finding
    serious = next(f for f in mine if f["severity"] == "serious")
    assert "closing session" in serious["suggestion"]

    text = cli("report", "--all").stdout
    assert "Your time with Dr. Lee (ended 30 Sep 2026)" in text
    concerns = text.split("Your time with Dr. Lee")[0]
    assert "Dr. Lee" not in concerns.split("What's going well")[1]  # nothing of it above


def test_ending_a_therapist_changes_the_words_of_the_export(cli: Cli, lee: None) -> None:
    before = cli("export", "--for", "me", "--all").stdout
    assert "About my time with Dr. Lee:" in before  # another therapist, still in the present
    cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30")
    markdown = cli("export", "--for", "me", "--all").stdout
    past = markdown.split("## About my time with Dr. Lee\n", 1)[1].split("\n## ", 1)[0]
    assert "*We stopped on 30 Sep 2026.*" in past
    # (under the talking point's own heading, in the client's voice)
    assert "#### Things that keep happening" in past
    raised = markdown.split("## What I want to raise", 1)[1].split("## About my time", 1)[0]
    assert "Dr. Lee" not in raised
    html = cli("export", "--for", "me", "--all", "--format", "html").stdout
    assert "<h2>About my time with Dr. Lee</h2>" in html
    summary = json.loads(cli("export", "--for", "me", "--all", "--format", "json").stdout)
    assert {p["ended"] for p in summary["talking_points"] if p["therapist"] == "Dr. Lee"} == {
        "2026-09-30"
    }


def test_a_closing_session_already_had_is_not_offered_again(cli: Cli, lee: None) -> None:
    add(cli, "--date", "2026-09-08", "--therapist", "Dr. Lee", "--tag", "closing")
    cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30")
    assert not any("closing session" in text for text in suggestions(cli))


def test_no_closing_session_after_a_boundary_violation(cli: Cli, lee: None) -> None:
    add(cli, "--date", "2026-09-08", "--therapist", "Dr. Lee", "--incident", "romantic-or-sexual")
    cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30")
    document = json.loads(cli("report", "--all", "--json").stdout)
    mine = [f for f in document["findings"] if f["therapist"] == "Dr. Lee"]
    boundary = next(f for f in mine if f["rule"] == "boundary-violation")
    assert "licensing board" in boundary["suggestion"]
    assert "owe them no conversation" in boundary["suggestion"]
    assert not any("closing session" in f["suggestion"] for f in mine)


@pytest.mark.parametrize("rule", [*RULES, "felt-unsafe", "alliance-dip", "progress-unrecorded"])
@pytest.mark.parametrize("severity", list(Severity))
@pytest.mark.parametrize("offer_closing", [False, True])
def test_reflective_words_never_send_the_client_back_to_decide_or_tell(
    rule: str, severity: Severity, offer_closing: bool
) -> None:
    finding = Finding(rule, severity, "Dr. A", "t", ["2026-09-01"], "e", "s")
    text = reflective_suggestion(finding, offer_closing=offer_closing).lower()
    assert not any(phrase in text for phrase in FORBIDDEN)
    assert "stay" not in text.replace("stayed", "")


def test_report_all_sets_therapists_side_by_side(cli: Cli, lee: None) -> None:
    cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30")
    document = json.loads(cli("report", "--all", "--json").stdout)
    assert document["comparison"] == [
        {
            "therapist": "Dr. Lee",
            "sessions": 5,
            "mood_before_start": 3.0,
            "mood_before_latest": 3.0,
            "better_share": 0.0,
            "worse_share": 1.0,
            "incidents_per_10": 10.0,
            "alliance_median": 22.0,
            "ended": "2026-09-30",
        },
        {
            "therapist": "Dr. Shah",
            "sessions": 4,
            "mood_before_start": 7.0,  # 6, 7, 8
            "mood_before_latest": 8.0,  # 7, 8, 9
            "better_share": 1.0,
            "worse_share": 0.0,
            "incidents_per_10": 0.0,
            "alliance_median": 35.0,
            "ended": None,
        },
    ]
    text = cli("report", "--all").stdout
    table = text.split("Your therapists side by side", 1)[1]
    assert "Dr. Lee (ended)" in table and "3 → 3" in table and "100%" in table
    assert "22/40" in table and "35/40" in table


def test_no_comparison_for_one_therapist_or_one_month(cli: Cli, lee: None) -> None:
    assert "comparison" not in json.loads(cli("report", "--month", "2026-09", "--json").stdout)
    assert "comparison" not in json.loads(
        cli("report", "--all", "--json", "--therapist", "dr shah").stdout
    )
    assert "side by side" not in cli("report", "--month", "2026-10").stdout


def test_an_ended_course_is_counted_whole_not_so_far(cli) -> None:  # type: ignore[no-untyped-def]
    """Four dismissive sessions, then the course ended: no "so far" about it anywhere."""
    for day in ("2026-06-02", "2026-06-09", "2026-06-16", "2026-06-23"):
        result = cli("add", "--no-input", "--date", day, "--therapist", "Dr Old",
                     "--incident", "dismissive")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert cli("therapists", "end", "Dr Old", "--date", "2026-07-01").exit_code == 0
    report = cli("report", "--all", "--json").stdout
    assert "recurring-empathic-failure" in report
    assert "so far" not in report


def test_an_ended_course_is_worded_whole_by_the_rule_itself(cli: Cli) -> None:
    """The rule knows the course has ended: its count reads as the whole of it, word for word."""
    for day in ("2026-06-02", "2026-06-09", "2026-06-16", "2026-06-23"):
        add(cli, "--date", day, "--therapist", "Dr Farr", "--incident", "dismissive")
    assert cli("therapists", "end", "Dr Farr", "--date", "2026-07-01").exit_code == 0
    document = json.loads(cli("report", "--all", "--json").stdout)
    (finding,) = [f for f in document["findings"] if f["rule"] == "recurring-empathic-failure"]
    assert finding["title"].endswith("in each of your 4 appointments")
    assert "With Dr Farr, in each of your 4 appointments," in finding["explanation"]
    assert finding["ended"] == "2026-07-01"


def test_an_ended_course_is_not_a_reminder_to_note_goal_progress(cli: Cli) -> None:
    """progress-unrecorded asks the client to note how their goals are moving: once the course
    is over there is nothing to note, and "I want to pick up my goal again" would be said to
    the next therapist about the last one."""
    assert cli("goals", "add", "Sleep through the night", "--id", "sleep").exit_code == 0
    for day in range(1, 8):
        add(cli, "--date", f"2026-09-0{day}", "--therapist", "Dr. Lee", "--mood-before", "5")

    def rules() -> list[str]:
        document = json.loads(cli("report", "--all", "--json").stdout)
        return [f["rule"] for f in document["findings"] if f["therapist"] == "Dr. Lee"]

    assert "progress-unrecorded" in rules()  # the reminder, while the therapy goes on
    assert cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30").exit_code == 0
    assert "progress-unrecorded" not in rules()
    handout = cli("export", "--all", "--for", "me", "--format", "md").stdout
    assert "pick up my goal" not in handout and "noted how" not in handout


def test_an_empty_list_of_concerns_never_seems_to_deny_an_ended_courses(
    cli: Cli, lee: None
) -> None:
    """With Dr. Shah nothing stands out, while Dr. Lee's ended course had a pattern: the empty
    list speaks of the therapy going on now, in every form, and never of "this period"."""
    cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30")
    now = "Nothing stood out as a concern in a therapy going on now."
    terminal = cli("report", "--all").stdout
    assert now in " ".join(terminal.split())
    markdown = cli("export", "--for", "me", "--all").stdout
    raised = markdown.split("## What I want to raise\n", 1)[1].split("\n## ", 1)[0]
    assert raised.strip() == now
    html = cli("export", "--for", "me", "--all", "--format", "html").stdout
    assert f"<h2>What I want to raise</h2><p>{now}</p>" in html
    assert "as a concern this period" not in terminal + markdown + html
    # after the answer to thoughts of self-harm, which comes first: "nothing else"
    add(cli, "--date", "2026-10-14", "--therapist", "Dr. Shah", "--phq9-items", "0,0,0,0,0,0,0,0,1")
    markdown = cli("export", "--for", "me", "--all").stdout
    raised = markdown.split("## What I want to raise\n", 1)[1].split("\n## ", 1)[0]
    assert raised.strip() == "Nothing else stood out in a therapy going on now."
    terminal = " ".join(cli("report", "--all").stdout.split())
    assert "Worth raising ─" in terminal
    assert "Nothing else stood out in a therapy going on now." in terminal


def test_an_ended_course_with_only_good_news_leaves_the_usual_words(cli: Cli) -> None:
    """Only a concern of the ended course changes the empty list's words: its good news denies
    nothing."""
    add(
        cli,
        "--date",
        "2026-09-01",
        "--therapist",
        "Dr. Lee",
        "--incident",
        "forgot-details",
        "--repaired",
        "forgot-details",
    )
    add(cli, "--date", "2026-09-08", "--therapist", "Dr. Lee", "--felt", "better")
    add(cli, "--date", "2026-10-10", "--therapist", "Dr. Shah", "--felt", "better")
    cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30")
    document = json.loads(cli("report", "--all", "--json").stdout)
    assert [f["rule"] for f in document["findings"] if f["therapist"] == "Dr. Lee"] == [
        "rupture-repaired"
    ]
    markdown = cli("export", "--for", "me", "--all").stdout
    raised = markdown.split("## What I want to raise\n", 1)[1].split("\n## ", 1)[0]
    assert raised.strip() == "Nothing stood out as a concern this period."


def test_with_a_boundary_crossed_no_question_is_asked_in_a_month_without_sessions(
    cli: Cli,
) -> None:
    """The private review of an empty month still asks nothing of the therapist seen last, who
    crossed a line: who the questions are for falls back on the journal's latest therapist."""
    add(cli, "--date", "2026-09-01", "--therapist", "Dr. Lee", "--incident", "inappropriate-touch")
    review = cli("export", "--for", "me", "--month", "2026-11").stdout
    assert "Questions" not in review and "- [ ]" not in review


def test_with_the_only_therapist_ended_nothing_speaks_of_a_next_session(cli: Cli) -> None:
    """After `therapists end`, the handout is for a closing session, its questions and the
    private review's look back rather than ahead, and the report no longer points to a next
    session; `reopen` brings the next session back."""
    for day in range(1, 6):
        add(
            cli,
            "--date",
            f"2026-09-0{day}",
            "--therapist",
            "Dr. Lee",
            "--incident",
            "forgot-details",
        )
    closing_questions = (
        "- [ ] Looking back, what would you suggest I look for in a next therapist?\n"
        "- [ ] Is there anything in this summary that you see differently?\n"
    )
    assert cli("therapists", "end", "Dr. Lee", "--date", "2026-09-30").exit_code == 0
    handout = cli("export", "--all").stdout
    assert handout.startswith("# For a closing session with Dr. Lee\n")
    assert closing_questions in handout and "focus on next" not in handout
    review = cli("export", "--for", "me", "--all").stdout
    assert closing_questions in review and "focus on next" not in review
    report = " ".join(cli("report", "--all").stdout.split())
    assert report.endswith("`therapylog export --for me` writes this review to keep.")
    assert "next session" not in report

    assert cli("therapists", "reopen", "Dr. Lee").exit_code == 0
    handout = cli("export", "--all").stdout
    assert handout.startswith("# For my next session with Dr. Lee\n")
    assert "- [ ] How do you think things are going, and what should we focus on next?" in handout
    report = " ".join(cli("report", "--all").stdout.split())
    assert report.endswith("prepares a summary to bring to your next session.")

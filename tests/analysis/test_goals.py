"""goal-stagnation (only sessions that answered count) and progress-unrecorded (a reminder)."""

from __future__ import annotations

import pytest

from therapylog.analysis.findings import Severity
from therapylog.data.catalogue import GoalStatus
from therapylog.data.model import Thresholds

from .factories import BEN, goal, ids, one, series, weekly

RULE = "goal-stagnation"
UNRECORDED = "progress-unrecorded"
SLEEP = goal("sleep", title="Sleep through the night")


def progress(level: str, goal_id: str = "sleep") -> dict[str, object]:
    return {"progress": {goal_id: level}}


def test_seven_sessions_are_too_soon() -> None:
    assert one(weekly([progress("none")] * 7), RULE, goals=[SLEEP]) is None


def test_eight_sessions_answering_none_fire() -> None:
    entries = weekly([progress("none")] * 8)
    finding = one(entries, RULE, goals=[SLEEP])
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == ids(entries[-6:])
    assert finding.title == "No progress on your goals the last 6 times you recorded it"
    assert '"Sleep through the night"' in finding.explanation
    assert "a blank is not a 'none'" in finding.explanation
    assert "once you have had 8 sessions and needs 6 answers" in finding.explanation


def test_nine_sessions_still_fire() -> None:
    assert one(weekly([progress("none")] * 9), RULE, goals=[SLEEP]) is not None


def test_skipped_is_not_none() -> None:
    """The case of the issue: nine good sessions, progress recorded in the first two only."""
    rows = [progress("slight"), progress("clear"), *[{}] * 7]
    entries = weekly([{**row, "mood_before": 5, "mood_after": 7} for row in rows])
    assert one(entries, RULE, goals=[SLEEP]) is None
    reminder = one(entries, UNRECORDED, goals=[SLEEP])
    assert reminder is not None and reminder.severity is Severity.INFO


@pytest.mark.parametrize(("answered", "fires"), [(5, False), (6, True), (7, True)])
def test_six_answered_sessions_are_needed(answered: int, fires: bool) -> None:
    rows = [progress("none")] * answered + [{}] * (10 - answered)
    assert (one(weekly(rows), RULE, goals=[SLEEP]) is not None) is fires


def test_blank_sessions_between_answers_do_not_count() -> None:
    rows = [progress("none"), {}] * 6
    entries = weekly(rows)
    finding = one(entries, RULE, goals=[SLEEP])
    assert finding is not None
    assert finding.evidence == ids(entries[0::2])


def test_progress_among_the_last_six_answers_silences_it() -> None:
    rows = [progress("none")] * 8
    rows[2] = progress("slight")  # the sixth answer from the end
    assert one(weekly(rows), RULE, goals=[SLEEP]) is None


def test_progress_just_before_the_last_six_answers_does_not() -> None:
    rows = [progress("none")] * 8
    rows[1] = progress("major")  # the seventh answer from the end
    assert one(weekly(rows), RULE, goals=[SLEEP]) is not None


def test_progress_on_any_active_goal_silences_it() -> None:
    work = goal("work")
    rows = [{"progress": {"sleep": "none", "work": "none"}}] * 8
    rows[-1] = {"progress": {"sleep": "none", "work": "slight"}}
    assert one(weekly(rows), RULE, goals=[SLEEP, work]) is None


def test_progress_on_a_goal_no_longer_active_does_not_count() -> None:
    old = goal("job", status=GoalStatus.ACHIEVED)
    rows = [{"progress": {"job": "clear", "sleep": "none"}}] * 8
    assert one(weekly(rows), RULE, goals=[SLEEP, old]) is not None
    # and an answer only about that goal is no answer about an active one
    assert one(weekly([progress("clear", "job")] * 8), RULE, goals=[SLEEP, old]) is None


def test_no_active_goal_no_finding() -> None:
    rows = [progress("none", "job")] * 10
    assert one(weekly(rows), RULE, goals=[goal("job", status=GoalStatus.DROPPED)]) is None
    assert one(weekly(rows), RULE) is None


def test_only_attended_sessions_count() -> None:
    rows = [progress("none")] * 6
    rows += [
        {"status": "therapist-cancelled", **progress("none")},
        {"status": "client-no-show", **progress("none")},
    ]
    assert one(weekly(rows), RULE, goals=[SLEEP]) is None


def test_goals_outlive_a_change_of_therapist_but_sessions_do_not() -> None:
    ana = weekly([progress("none")] * 5)
    ben = weekly([progress("none")] * 5, therapist=BEN, start=ana[-1].date.replace(month=4))
    assert one(ana + ben, RULE, goals=[SLEEP]) is None


def test_custom_thresholds_move_the_rule_and_its_text() -> None:
    thresholds = Thresholds(stagnation_sessions=4, stagnation_window=3)
    rows: list[dict[str, object]] = [progress("clear")] + [progress("none")] * 3
    finding = one(weekly(rows), RULE, goals=[SLEEP], thresholds=thresholds)
    assert finding is not None
    assert "once you have had 4 sessions and needs 3 answers" in finding.explanation
    assert one(weekly(rows[:3]), RULE, goals=[SLEEP], thresholds=thresholds) is None


# --- progress-unrecorded -------------------------------------------------------------------


@pytest.mark.parametrize(("sessions", "fires"), [(5, False), (6, True), (7, True)])
def test_six_sessions_without_an_answer_are_a_reminder(sessions: int, fires: bool) -> None:
    entries = series(sessions)
    finding = one(entries, UNRECORDED, goals=[SLEEP])
    assert (finding is not None) is fires
    if finding is not None:
        assert finding.severity is Severity.INFO
        assert finding.evidence == ids(entries[-6:])
        assert finding.title == "You haven't noted goal progress in your last 6 sessions"
        assert "does not read a blank as 'no progress'" in finding.explanation


def test_one_answer_in_the_last_six_silences_the_reminder() -> None:
    rows: list[dict[str, object]] = [{}] * 8
    rows[2] = progress("none")  # the sixth from the end
    assert one(weekly(rows), UNRECORDED, goals=[SLEEP]) is None
    rows[2], rows[1] = {}, progress("major")  # the seventh from the end
    assert one(weekly(rows), UNRECORDED, goals=[SLEEP]) is not None


def test_no_reminder_without_an_active_goal() -> None:
    assert one(series(10), UNRECORDED) is None
    assert one(series(10), UNRECORDED, goals=[goal("job", status=GoalStatus.DROPPED)]) is None


def test_the_reminder_setting_moves_it() -> None:
    thresholds = Thresholds(unrecorded_sessions=3)
    assert one(series(3), UNRECORDED, goals=[SLEEP], thresholds=thresholds) is not None
    assert one(series(2), UNRECORDED, goals=[SLEEP], thresholds=thresholds) is None

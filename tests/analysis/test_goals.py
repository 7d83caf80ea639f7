"""goal-stagnation."""

from __future__ import annotations

from therapylog.analysis.findings import Severity
from therapylog.catalogue import GoalStatus
from therapylog.model import Thresholds

from .factories import BEN, goal, ids, one, series, weekly

RULE = "goal-stagnation"
SLEEP = goal("sleep", title="Sleep through the night")


def progress(level: str, goal_id: str = "sleep") -> dict[str, object]:
    return {"progress": {goal_id: level}}


def test_seven_sessions_are_too_soon() -> None:
    assert one(series(7), RULE, goals=[SLEEP]) is None


def test_eight_sessions_without_progress_fire() -> None:
    entries = series(8)
    finding = one(entries, RULE, goals=[SLEEP])
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == ids(entries[-6:])
    assert '"Sleep through the night"' in finding.explanation
    assert "once you have had 8 sessions and flags 6 in a row" in finding.explanation


def test_nine_sessions_still_fire() -> None:
    assert one(series(9), RULE, goals=[SLEEP]) is not None


def test_progress_in_the_last_six_sessions_silences_it() -> None:
    rows: list[dict[str, object]] = [{}] * 8
    rows[2] = progress("slight")  # the sixth from the end
    assert one(weekly(rows), RULE, goals=[SLEEP]) is None


def test_progress_just_before_the_window_does_not() -> None:
    rows: list[dict[str, object]] = [{}] * 8
    rows[1] = progress("major")  # the seventh from the end
    assert one(weekly(rows), RULE, goals=[SLEEP]) is not None


def test_recorded_none_is_no_progress() -> None:
    assert one(weekly([progress("none")] * 8), RULE, goals=[SLEEP]) is not None


def test_progress_on_a_goal_no_longer_active_does_not_count() -> None:
    old = goal("job", status=GoalStatus.ACHIEVED)
    rows = [progress("clear", "job")] * 8
    assert one(weekly(rows), RULE, goals=[SLEEP, old]) is not None


def test_no_active_goal_no_finding() -> None:
    assert one(series(10), RULE, goals=[goal("job", status=GoalStatus.DROPPED)]) is None
    assert one(series(10), RULE) is None


def test_only_attended_sessions_count() -> None:
    rows = [{}] * 6 + [{"status": "therapist-cancelled"}, {"status": "client-no-show"}]
    assert one(weekly(rows), RULE, goals=[SLEEP]) is None


def test_goals_outlive_a_change_of_therapist_but_sessions_do_not() -> None:
    ana = series(5)
    ben = series(5, therapist=BEN, start=ana[-1].date.replace(month=4))
    assert one(ana + ben, RULE, goals=[SLEEP]) is None


def test_custom_thresholds_move_the_rule_and_its_text() -> None:
    thresholds = Thresholds(stagnation_sessions=4, stagnation_window=3)
    rows: list[dict[str, object]] = [progress("clear"), {}, {}, {}]
    finding = one(weekly(rows), RULE, goals=[SLEEP], thresholds=thresholds)
    assert finding is not None
    assert "once you have had 4 sessions and flags 3 in a row" in finding.explanation
    assert one(weekly(rows[:3]), RULE, goals=[SLEEP], thresholds=thresholds) is None

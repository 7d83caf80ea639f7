"""feeling-worse, mood-decline and no-improvement."""

from __future__ import annotations

import pytest

from therapylog.analysis.findings import Severity
from therapylog.data.model import Thresholds

from .factories import ANA, BEN, ids, one, series, weekly

WORSE = "feeling-worse"
DECLINE = "mood-decline"
NO_IMPROVEMENT = "no-improvement"


def felt(*levels: str) -> list[dict[str, object]]:
    return [{"felt": level} for level in levels]


def moods(*values: int) -> list[dict[str, object]]:
    return [{"mood_before": value} for value in values]


# --- feeling-worse ----------------------------------------------------------------------------


def test_three_worse_of_the_last_six_is_not_enough() -> None:
    rows = felt("worse", "same", "worse", "better", "much-worse", "same")
    assert one(weekly(rows), WORSE) is None


def test_four_worse_of_the_last_six_fire() -> None:
    entries = weekly(felt("worse", "same", "worse", "much-worse", "better", "worse"))
    finding = one(entries, WORSE)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == ids([entries[0], entries[2], entries[3], entries[5]])
    assert "4 or more of the last 6" in finding.explanation
    assert "leave therapy" in finding.suggestion
    assert finding.title == "4 of your last 6 sessions left you feeling worse"


def test_five_worse_of_six_fire() -> None:
    finding = one(weekly(felt("worse", "worse", "worse", "worse", "worse", "same")), WORSE)
    assert finding is not None and len(finding.evidence) == 5


def test_needs_at_least_four_sessions_with_felt() -> None:
    assert one(weekly(felt("worse", "worse", "worse")), WORSE) is None
    assert one(weekly(felt("worse", "worse", "worse", "worse")), WORSE) is not None


def test_only_the_last_six_sessions_with_felt_are_read() -> None:
    rows = felt("worse", "worse", "worse", "worse", "better", "better", "better")
    assert one(weekly(rows), WORSE) is None


def test_sessions_without_felt_are_skipped_not_counted() -> None:
    rows = [*felt("worse", "worse"), {}, {}, {}, *felt("worse", "worse")]
    assert one(weekly(rows), WORSE) is not None


def test_felt_is_derived_from_the_moods() -> None:
    rows = [{"mood_before": 6, "mood_after": 4}] * 3 + [{"mood_before": 7, "mood_after": 3}]
    finding = one(weekly(rows), WORSE)
    assert finding is not None and len(finding.evidence) == 4


def test_a_given_felt_wins_over_the_moods() -> None:
    rows = [{"mood_before": 6, "mood_after": 4, "felt": "better"}] * 4
    assert one(weekly(rows), WORSE) is None


@pytest.mark.parametrize("status", ["client-cancelled", "therapist-cancelled"])
def test_only_attended_sessions_count(status: str) -> None:
    rows = [{"felt": "worse", "status": status}] * 2 + felt("worse", "worse", "same", "same")
    assert one(weekly(rows), WORSE) is None


def test_feeling_worse_is_per_therapist() -> None:
    ana = weekly(felt("worse", "worse"))
    ben = weekly(felt("worse", "worse"), therapist=BEN, start=ana[-1].date.replace(month=3))
    assert one(ana + ben, WORSE) is None


def test_custom_worse_thresholds_move_the_rule_and_its_text() -> None:
    thresholds = Thresholds(worse_window=4, worse_count=2)
    finding = one(weekly(felt("better", "worse", "same", "worse")), WORSE, thresholds=thresholds)
    assert finding is not None
    assert "2 or more of the last 4" in finding.explanation


# --- mood-decline -----------------------------------------------------------------------------


def test_five_sessions_are_too_few_for_a_trend() -> None:
    assert one(weekly(moods(8, 7, 6, 4, 3)), DECLINE) is None


def test_six_falling_sessions_are_a_decline() -> None:
    entries = weekly(moods(8, 7, 6, 5, 4, 3))
    finding = one(entries, DECLINE)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == ids(entries)
    assert "from 7 to 4" in finding.title


def test_a_drop_of_exactly_two_points_fires() -> None:
    assert one(weekly(moods(6, 6, 6, 5, 4, 4, 4, 4)), DECLINE) is not None


def test_a_drop_just_under_two_points_does_not() -> None:
    assert one(weekly(moods(6, 6, 6, 5, 5, 4, 4, 5)), DECLINE) is None


def test_a_drop_just_over_two_points_fires() -> None:
    assert one(weekly(moods(6, 6, 6, 5, 5, 4, 3, 4)), DECLINE) is not None


def test_a_rising_trend_never_fires_even_with_lower_ends() -> None:
    # The ends are 2 points apart but the least-squares slope is positive.
    assert one(weekly(moods(0, 0, 10, 1, 1, 2)), DECLINE) is None


def test_only_the_last_eight_sessions_with_a_mood_are_read() -> None:
    entries = weekly(moods(9, 9, 3, 3, 3, 3, 3, 3, 3, 3))
    assert one(entries, DECLINE) is None
    finding = one(weekly(moods(9, 9, 9, 9, 9, 9, 9, 8, 7, 6, 6, 6)), DECLINE)
    assert finding is not None and len(finding.evidence) == 8


def test_sessions_without_a_mood_and_other_statuses_are_skipped() -> None:
    rows = [
        *moods(8, 8, 8),
        {},
        {"mood_before": 9, "status": "therapist-rescheduled"},
        *moods(5, 5, 5),
    ]
    entries = weekly(rows)
    finding = one(entries, DECLINE)
    assert finding is not None
    assert entries[3].id not in finding.evidence and entries[4].id not in finding.evidence


def test_mood_decline_is_per_therapist() -> None:
    ana = weekly(moods(8, 8, 8))
    ben = weekly(moods(5, 5, 5), therapist=BEN, start=ana[-1].date.replace(month=4))
    assert one(ana + ben, DECLINE) is None


def test_custom_drop_moves_the_rule_and_its_text() -> None:
    entries = weekly(moods(6, 6, 6, 5, 5, 5))
    assert one(entries, DECLINE) is None
    finding = one(entries, DECLINE, thresholds=Thresholds(mood_drop=1.0))
    assert finding is not None
    assert "at least 1 point below the first 3" in finding.explanation
    assert "the last 8 sessions" in finding.explanation


def test_mood_decline_needs_twice_the_edge_when_that_is_more_than_the_minimum() -> None:
    """With 4 sessions at each end, 7 moods would make the ends share a session: silent until
    there are 8 (twice ``mood_edge``), although ``mood_min_sessions`` is only 6."""
    thresholds = Thresholds(mood_edge=4, mood_min_sessions=6, mood_window=8)
    assert one(weekly(moods(9, 8, 7, 6, 5, 4, 3)), DECLINE, thresholds=thresholds) is None
    entries = weekly(moods(9, 8, 7, 6, 5, 4, 3, 2))
    finding = one(entries, DECLINE, thresholds=thresholds)
    assert finding is not None
    assert finding.evidence == ids(entries)
    assert finding.title == "Your mood before sessions has been falling, from 7.5 to 3.5"


# --- no-improvement ---------------------------------------------------------------------------


def test_eleven_sessions_are_too_soon() -> None:
    assert one(series(11, mood_before=4), NO_IMPROVEMENT) is None


def test_twelve_flat_sessions_are_not_improving() -> None:
    entries = series(12, mood_before=4)
    finding = one(entries, NO_IMPROVEMENT)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == ids(entries[:3] + entries[-3:])
    assert "is no higher than at the start (4 then, 4 now" in finding.explanation
    assert "better" not in finding.explanation  # (flat is not "less than 1 point better")
    assert "12 sessions" in finding.explanation
    assert "Lambert" in finding.explanation


def test_thirteen_flat_sessions_still_fire() -> None:
    assert one(series(13, mood_before=4), NO_IMPROVEMENT) is not None


@pytest.mark.parametrize(
    ("last", "fires"),
    [((5, 5, 4), True), ((5, 5, 5), False), ((5, 6, 5), False)],
    ids=["gain-0.67-below", "gain-1-at", "gain-1.33-above"],
)
def test_the_gain_threshold(last: tuple[int, int, int], fires: bool) -> None:
    rows = moods(4, 4, 4) + [{}] * 6 + moods(*last)
    assert (one(weekly(rows), NO_IMPROVEMENT) is not None) is fires


def test_sessions_without_moods_count_towards_the_twelve() -> None:
    rows = moods(5, 5, 5) + [{}] * 6 + moods(5, 6, 5)
    assert one(weekly(rows), NO_IMPROVEMENT) is not None


def test_too_few_moods_to_compare_stays_silent() -> None:
    rows = moods(5, 5, 5) + [{}] * 6 + moods(5, 5)
    assert one(weekly([*rows, {}]), NO_IMPROVEMENT) is None


@pytest.mark.parametrize("status", ["therapist-cancelled", "client-cancelled", "client-no-show"])
def test_cancelled_appointments_do_not_count_as_sessions(status: str) -> None:
    # 11 attended sessions and 3 that were not: still too soon; one more session is enough.
    rows = moods(4, 4, 4) + [{"status": status}] * 3 + moods(*[4] * 8)
    assert one(weekly(rows), NO_IMPROVEMENT) is None
    assert one(weekly([*rows, {}]), NO_IMPROVEMENT) is not None


def test_a_reliable_improvement_silences_it() -> None:
    rows = [{"mood_before": 4, "phq9": 15}] + moods(4) * 10 + [{"mood_before": 4, "phq9": 9}]
    entries = weekly(rows)
    assert one(entries, "reliable-improvement") is not None
    assert one(entries, NO_IMPROVEMENT) is None


def test_each_therapist_starts_afresh() -> None:
    ana = series(8, mood_before=4)
    ben = series(8, mood_before=4, therapist=BEN, start=ana[-1].date.replace(month=4))
    assert one(ana + ben, NO_IMPROVEMENT) is None
    more = series(4, mood_before=4, therapist=BEN, start=ben[-1].date.replace(month=7))
    finding = one(ana + ben + more, NO_IMPROVEMENT)
    assert finding is not None and finding.therapist == BEN


def test_custom_improvement_thresholds_move_the_rule_and_its_text() -> None:
    thresholds = Thresholds(improvement_sessions=6, improvement_gain=2.0)
    finding = one(weekly(moods(4, 4, 4, 5, 5, 5)), NO_IMPROVEMENT, thresholds=thresholds)
    assert finding is not None
    assert "less than 2 points better" in finding.explanation
    assert "once you have had 6 sessions" in finding.explanation
    assert finding.therapist == ANA


@pytest.mark.parametrize(
    ("last", "fires"),
    [((7, 7, 6), True), ((7, 7, 7), False), ((7, 8, 7), False)],
    ids=["mean-6.67-below-7", "mean-7-at", "mean-7.33-above"],
)
def test_a_client_who_is_doing_well_and_stays_well_is_not_not_improving(
    last: tuple[int, int, int], fires: bool
) -> None:
    """Twelve steady sessions at 7 are a course going well, not one that is "not improving"."""
    rows = moods(7, 7, 7) + [{}] * 6 + moods(*last)
    assert (one(weekly(rows), NO_IMPROVEMENT) is not None) is fires


def test_the_doing_well_setting_moves_no_improvement_and_its_text() -> None:
    rows = moods(7, 7, 7) + [{}] * 6 + moods(7, 7, 7)
    finding = one(weekly(rows), NO_IMPROVEMENT, thresholds=Thresholds(improvement_well=8.0))
    assert finding is not None
    assert "and below 8" in finding.explanation
    assert one(weekly(rows), NO_IMPROVEMENT, thresholds=Thresholds(improvement_well=7.0)) is None

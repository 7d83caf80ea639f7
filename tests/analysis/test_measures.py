"""reliable-deterioration, reliable-improvement and recovery on PHQ-9 and GAD-7."""

from __future__ import annotations

import pytest

from therapylog.analysis.findings import Severity
from therapylog.data.model import Thresholds

from .factories import BEN, ids, one, weekly

DETERIORATION = "reliable-deterioration"
IMPROVEMENT = "reliable-improvement"
RECOVERY = "recovery"


def scores(measure: str, *values: int | None) -> list[dict[str, object]]:
    return [{} if value is None else {measure: value} for value in values]


# --- reliable-deterioration -------------------------------------------------------------------


@pytest.mark.parametrize(("rise", "fires"), [(5, False), (6, True), (7, True)])
def test_phq9_rise_at_the_reliable_change(rise: int, fires: bool) -> None:
    entries = weekly(scores("phq9", 8, 10, None, 8 + rise))
    finding = one(entries, DETERIORATION)
    assert (finding is not None) is fires
    if finding:
        assert finding.severity is Severity.SERIOUS
        assert finding.evidence == ids([entries[0], entries[3]])
        assert "6 points or more on PHQ-9, or 4 or more on GAD-7" in finding.explanation
        assert f"(up {rise} points)" in finding.explanation


@pytest.mark.parametrize(("rise", "fires"), [(3, False), (4, True), (5, True)])
def test_gad7_rise_at_the_reliable_change(rise: int, fires: bool) -> None:
    finding = one(weekly(scores("gad7", 6, 6 + rise)), DETERIORATION)
    assert (finding is not None) is fires


def test_first_to_latest_not_highest_to_lowest() -> None:
    # The score spiked in between but the latest is back near the first.
    assert one(weekly(scores("phq9", 8, 20, 10)), DETERIORATION) is None


def test_scores_on_any_entry_count() -> None:
    rows = [{"phq9": 5}, {"phq9": 12, "status": "client-cancelled"}]
    assert one(weekly(rows), DETERIORATION) is not None


def test_each_therapist_starts_from_their_own_first_score() -> None:
    ana = weekly(scores("phq9", 4))
    ben = weekly(scores("phq9", 12, 13), therapist=BEN, start=ana[-1].date.replace(month=3))
    assert one(ana + ben, DETERIORATION) is None


def test_custom_reliable_change_moves_the_rule_and_its_text() -> None:
    thresholds = Thresholds(phq9_reliable_change=3)
    finding = one(weekly(scores("phq9", 8, 11)), DETERIORATION, thresholds=thresholds)
    assert finding is not None
    assert "3 points or more on PHQ-9" in finding.explanation


def test_one_score_is_not_a_change() -> None:
    assert one(weekly(scores("phq9", 27)), DETERIORATION) is None
    assert one(weekly([{}]), DETERIORATION) is None


# --- reliable-improvement ---------------------------------------------------------------------


@pytest.mark.parametrize(("fall", "fires"), [(5, False), (6, True), (7, True)])
def test_phq9_fall_at_the_reliable_change(fall: int, fires: bool) -> None:
    finding = one(weekly(scores("phq9", 18, None, 18 - fall)), IMPROVEMENT)
    assert (finding is not None) is fires
    if finding:
        assert finding.severity is Severity.POSITIVE
        assert f"(down {fall} points)" in finding.explanation


@pytest.mark.parametrize(("fall", "fires"), [(3, False), (4, True)])
def test_gad7_fall_at_the_reliable_change(fall: int, fires: bool) -> None:
    assert (one(weekly(scores("gad7", 15, 15 - fall)), IMPROVEMENT) is not None) is fires


def test_no_improvement_when_the_other_measure_deteriorated() -> None:
    entries = weekly([{"phq9": 18, "gad7": 3}, {"phq9": 10, "gad7": 7}])
    assert one(entries, IMPROVEMENT) is None
    finding = one(entries, DETERIORATION)
    assert finding is not None and "GAD-7" in finding.title and "PHQ-9" not in finding.title


# --- recovery ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "fires"), [(9, False), (10, True), (11, True)])
def test_recovery_needs_the_first_phq9_at_caseness(first: int, fires: bool) -> None:
    entries = weekly(scores("phq9", first, 9))
    finding = one(entries, RECOVERY)
    assert (finding is not None) is fires
    if finding:
        assert finding.severity is Severity.POSITIVE
        assert "PHQ-9 10 or more, or GAD-7 8 or more" in finding.explanation
        assert finding.evidence == ids(entries)


@pytest.mark.parametrize(("latest", "fires"), [(9, True), (10, False)])
def test_recovery_needs_the_latest_phq9_below_caseness(latest: int, fires: bool) -> None:
    assert (one(weekly(scores("phq9", 14, latest)), RECOVERY) is not None) is fires


@pytest.mark.parametrize(("first", "latest", "fires"), [(7, 3, False), (8, 7, True), (9, 8, False)])
def test_gad7_caseness_at_eight(first: int, latest: int, fires: bool) -> None:
    assert (one(weekly(scores("gad7", first, latest)), RECOVERY) is not None) is fires


def test_a_single_score_is_not_recovery() -> None:
    assert one(weekly(scores("phq9", 14)), RECOVERY) is None


def test_a_never_recorded_measure_is_ignored() -> None:
    finding = one(weekly(scores("phq9", 14, 6)), RECOVERY)
    assert finding is not None
    assert "GAD-7" not in finding.explanation.split("Now they are below it:")[1]


def test_the_latest_must_be_below_both_measures() -> None:
    rows = [{"phq9": 14, "gad7": 9}, {"phq9": 6}]
    # GAD-7 was recorded once, at 9: its latest is still at caseness.
    assert one(weekly(rows), RECOVERY) is None
    rows = [{"phq9": 14, "gad7": 5}, {"phq9": 6}]
    finding = one(weekly(rows), RECOVERY)
    assert finding is not None
    assert "GAD-7 (anxiety) score was 5" in finding.explanation


def test_custom_caseness_moves_the_rule_and_its_text() -> None:
    thresholds = Thresholds(phq9_caseness=15)
    assert one(weekly(scores("phq9", 14, 6)), RECOVERY, thresholds=thresholds) is None
    finding = one(weekly(scores("phq9", 15, 14)), RECOVERY, thresholds=thresholds)
    assert finding is not None
    assert "PHQ-9 15 or more" in finding.explanation

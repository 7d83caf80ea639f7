"""alliance-low: the Session Rating Scale cut-off."""

from __future__ import annotations

import pytest

from therapylog.analysis.findings import Severity
from therapylog.model import Thresholds

from .factories import BEN, ids, one, weekly

RULE = "alliance-low"


def rated(*totals: int | None) -> list[dict[str, object]]:
    """Sessions whose four ratings add up to each total (None: not rated)."""
    rows: list[dict[str, object]] = []
    for total in totals:
        if total is None:
            rows.append({})
            continue
        base, extra = divmod(total, 4)
        scores = [base + (1 if i < extra else 0) for i in range(4)]
        rows.append(
            {"alliance": dict(zip(["overall", "heard", "goals", "approach"], scores, strict=True))}
        )
    return rows


def test_one_low_of_three_is_not_enough() -> None:
    assert one(weekly(rated(30, 38, 39)), RULE) is None


def test_two_low_of_three_fire() -> None:
    entries = weekly(rated(30, 38, 35))
    finding = one(entries, RULE)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == ids([entries[0], entries[2]])
    assert "less than 36 of 40: 30 and 35" in finding.explanation
    assert "2 or more of the last 3" in finding.explanation


def test_three_low_of_three_fire() -> None:
    finding = one(weekly(rated(20, 21, 22)), RULE)
    assert finding is not None and len(finding.evidence) == 3


@pytest.mark.parametrize(("total", "low"), [(35, True), (36, False), (37, False)])
def test_the_cutoff_is_below_36(total: int, low: bool) -> None:
    assert (one(weekly(rated(total, total, 40)), RULE) is not None) is low


def test_with_two_rated_both_must_be_low() -> None:
    assert one(weekly(rated(30, 31)), RULE) is not None
    assert one(weekly(rated(30, 38)), RULE) is None


def test_a_single_rating_stays_silent() -> None:
    assert one(weekly(rated(10)), RULE) is None


def test_only_the_last_three_rated_sessions_count() -> None:
    assert one(weekly(rated(10, 10, 38, None, 39, None, 35)), RULE) is None


def test_unrated_sessions_do_not_dilute_the_window() -> None:
    assert one(weekly(rated(30, None, None, 32, None)), RULE) is not None


def test_the_weakest_scale_is_named() -> None:
    rows = [{"alliance": {"heard": 3, "goals": 9, "approach": 9, "overall": 9}}] * 2
    finding = one(weekly(rows), RULE)
    assert finding is not None
    assert "I felt heard, understood and respected" in finding.explanation


def test_alliance_is_judged_per_therapist() -> None:
    ana = weekly(rated(30))
    ben = weekly(rated(30), therapist=BEN, start=ana[-1].date.replace(month=2))
    assert one(ana + ben, RULE) is None


def test_custom_cutoff_moves_the_rule_and_its_text() -> None:
    thresholds = Thresholds(alliance_cutoff=30)
    assert one(weekly(rated(32, 33, 34)), RULE, thresholds=thresholds) is None
    finding = one(weekly(rated(29, 33, 28)), RULE, thresholds=thresholds)
    assert finding is not None
    assert "less than 30 of 40" in finding.explanation
    assert "cut-off of 30" in finding.explanation


def test_ratings_on_entries_that_were_not_sessions_are_ignored() -> None:
    rows = rated(30, 30)
    rows[1]["status"] = "client-cancelled"
    assert one(weekly(rows), RULE) is None
    rows[1]["status"] = "therapist-cancelled"
    assert one(weekly(rows), RULE) is None

"""alliance-low (a warning: below 30 of 40, or a rating of 5 or less) and alliance-dip (info:
below the Session Rating Scale's 36, or a drop of 6 from the client's own median)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from therapylog.analysis.findings import Severity
from therapylog.data.model import Thresholds
from therapylog.journal.codec import settings_from_toml

from .factories import BEN, findings, ids, one, weekly

LOW = "alliance-low"
DIP = "alliance-dip"


def rated(*totals: int | None) -> list[dict[str, object]]:
    """Sessions whose four ratings add up to each total, as evenly as they go, so that no
    single rating is low unless the total is (None: not rated)."""
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


def ratings(heard: int, goals: int, approach: int, overall: int) -> dict[str, object]:
    return {"alliance": {"heard": heard, "goals": goals, "approach": approach, "overall": overall}}


# --- alliance-low --------------------------------------------------------------------------


def test_good_ratings_are_never_low_nor_a_dip() -> None:
    """The case of the issue: 9,9,8,9 (35 of 40) was called "low" by version 1."""
    entries = weekly([ratings(9, 9, 8, 9)] * 4)
    assert one(entries, LOW) is None


@pytest.mark.parametrize(("total", "low"), [(29, True), (30, False), (31, False)])
def test_a_total_below_30_is_low(total: int, low: bool) -> None:
    assert (one(weekly(rated(total, total, 40)), LOW) is not None) is low


@pytest.mark.parametrize(("rating", "low"), [(4, True), (5, True), (6, False)])
def test_a_single_rating_of_5_or_less_is_low(rating: int, low: bool) -> None:
    rows = [ratings(rating, 10, 10, 10)] * 2
    assert (one(weekly(rows), LOW) is not None) is low


def test_one_low_of_three_is_not_enough_two_are() -> None:
    assert one(weekly(rated(20, 38, 39)), LOW) is None
    entries = weekly(rated(20, 38, 25))
    finding = one(entries, LOW)
    assert finding is not None and finding.severity is Severity.WARNING
    assert finding.evidence == ids([entries[0], entries[2]])
    assert finding.title == "Low alliance ratings in 2 of your last 3 rated sessions"


def test_three_low_of_three_are_each_of_them() -> None:
    finding = one(weekly(rated(20, 21, 22)), LOW)
    assert finding is not None and len(finding.evidence) == 3
    assert finding.title == "Low alliance ratings in each of your last 3 rated sessions"


def test_with_two_rated_both_must_be_low_and_one_is_silent() -> None:
    finding = one(weekly(rated(20, 21)), LOW)
    assert finding is not None
    assert finding.title == "Low alliance ratings in both of your last 2 rated sessions"
    assert one(weekly(rated(20, 38)), LOW) is None
    assert one(weekly(rated(10)), LOW) is None


def test_only_the_last_three_rated_sessions_count() -> None:
    assert one(weekly(rated(10, 10, 38, None, 39, None, 25)), LOW) is None


def test_unrated_sessions_do_not_dilute_the_window() -> None:
    assert one(weekly(rated(20, None, None, 22, None)), LOW) is not None


def test_the_explanation_names_only_what_was_low() -> None:
    rows = [ratings(3, 9, 9, 9), ratings(9, 9, 9, 9), ratings(5, 10, 5, 10)]
    finding = one(weekly(rows), LOW)
    assert finding is not None
    assert "you rated feeling heard 3 of 10;" in finding.explanation
    assert "you rated feeling heard 5 and the way of working 5 of 10." in finding.explanation
    assert "of 40 in all" not in finding.explanation  # (totals of 30 are not low)
    assert "working on what you wanted" not in finding.explanation
    assert "the session overall" not in finding.explanation
    assert "Tell Dr Ana Ames what felt off: feeling heard and the way of working" in (
        finding.suggestion
    )


def test_a_low_total_is_named_as_a_total() -> None:
    finding = one(weekly(rated(24, 25)), LOW)
    assert finding is not None
    assert "your ratings added up to 24 of 40;" in finding.explanation
    assert "your ratings added up to 25 of 40." in finding.explanation


def test_alliance_is_judged_per_therapist() -> None:
    ana = weekly(rated(20))
    ben = weekly(rated(20), therapist=BEN, start=ana[-1].date.replace(month=2))
    assert one(ana + ben, LOW) is None


def test_custom_thresholds_move_the_rule_and_its_text() -> None:
    thresholds = Thresholds(alliance_low_total=34, alliance_low_rating=7)
    finding = one(weekly(rated(33, 33)), LOW, thresholds=thresholds)
    assert finding is not None
    assert "less than 34 of 40 or one of them is 7 or less" in finding.explanation
    assert one(weekly([ratings(7, 10, 10, 10)] * 2), LOW, thresholds=thresholds) is not None
    assert one(weekly([ratings(8, 10, 10, 10)] * 2), LOW, thresholds=thresholds) is None


def test_ratings_on_entries_that_were_not_sessions_are_ignored() -> None:
    rows = rated(20, 20)
    rows[1]["status"] = "client-cancelled"
    assert one(weekly(rows), LOW) is None
    rows[1]["status"] = "therapist-cancelled"
    assert one(weekly(rows), LOW) is None


# --- alliance-dip --------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "dip"), [(35, True), (36, False), (37, False)])
def test_two_of_three_below_36_is_a_dip(total: int, dip: bool) -> None:
    entries = weekly(rated(total, 40, total))
    finding = one(entries, DIP)
    assert (finding is not None) is dip
    if finding is not None:
        assert finding.severity is Severity.INFO
        assert finding.evidence == ids([entries[0], entries[2]])
        assert "added up to 35 and 35 of 40" in finding.explanation
        assert "nothing here is an alarm" in finding.explanation


def test_the_issue_case_is_a_dip_at_most() -> None:
    entries = weekly([ratings(9, 9, 8, 9)] * 4)
    finding = one(entries, DIP)
    assert finding is not None and finding.severity is Severity.INFO
    assert re.search(r"\blow\b", finding.title.lower()) is None


def test_a_low_finding_is_never_also_a_dip() -> None:
    entries = weekly(rated(20, 21, 22))
    assert one(entries, LOW) is not None
    assert one(entries, DIP) is None


def test_with_two_rated_both_must_dip_and_one_is_silent() -> None:
    assert one(weekly(rated(35, 35)), DIP) is not None
    assert one(weekly(rated(35, 38)), DIP) is None
    assert one(weekly(rated(35)), DIP) is None


@pytest.mark.parametrize(("latest", "dip"), [(33, False), (32, True), (31, True)])
def test_a_drop_of_6_from_the_own_median_is_a_dip(latest: int, dip: bool) -> None:
    """Earlier 38, 38, 40: median 38. 32 is 6 below it. (36 and up, so no cut-off part.)"""
    thresholds = Thresholds(alliance_cutoff=30)
    entries = weekly(rated(38, 38, 40, latest))
    finding = one(entries, DIP, thresholds=thresholds)
    assert (finding is not None) is dip
    if finding is not None:
        assert finding.evidence == [entries[-1].id]
        assert f"{latest} of 40, {38 - latest} points below your usual 38" in finding.explanation
        assert "lower than usual" in finding.title


def test_a_drop_needs_three_earlier_rated_sessions() -> None:
    thresholds = Thresholds(alliance_cutoff=30)
    assert one(weekly(rated(40, 40, 31)), DIP, thresholds=thresholds) is None
    assert one(weekly(rated(40, 40, 40, 31)), DIP, thresholds=thresholds) is not None


def test_the_median_of_an_even_count_is_halfway() -> None:
    thresholds = Thresholds(alliance_cutoff=30)
    # earlier 37, 38, 39, 40: median 38.5; 32 is 6.5 below, 33 only 5.5
    assert one(weekly(rated(37, 38, 39, 40, 32)), DIP, thresholds=thresholds) is not None
    assert one(weekly(rated(37, 38, 39, 40, 33)), DIP, thresholds=thresholds) is None


def test_custom_dip_thresholds_move_the_rule() -> None:
    thresholds = Thresholds(alliance_cutoff=30, alliance_drop=3, alliance_baseline=2)
    assert one(weekly(rated(40, 40, 37)), DIP, thresholds=thresholds) is not None
    assert one(weekly(rated(40, 40, 38)), DIP, thresholds=thresholds) is None


def test_a_version_1_settings_file_keeps_its_meaning() -> None:
    """``alliance_cutoff = 36`` in an old file is the dip cut-off now; 9,9,8,9 stays a dip."""
    settings = settings_from_toml(
        Path("settings.toml"),
        b"schema_version = 1\n[thresholds]\nalliance_cutoff = 36\nalliance_window = 3\n"
        b"alliance_low_count = 2\n",
    )
    entries = weekly([ratings(9, 9, 8, 9)] * 3)
    found = findings(entries, LOW, thresholds=settings.thresholds)
    assert found == []
    assert one(entries, DIP, thresholds=settings.thresholds) is not None


def test_steady_ratings_under_the_cut_off_are_not_called_a_dip() -> None:
    """9,9,8,9 every time never changed: the words say it is under the cut-off, not a dip."""
    finding = one(weekly([ratings(9, 9, 8, 9)] * 4), DIP)
    assert finding is not None
    assert "dip" not in finding.explanation
    assert "a little under the cut-off" in finding.explanation


def test_a_drop_from_the_usual_is_told_as_a_dip() -> None:
    finding = one(weekly(rated(38, 38, 40, 31)), DIP, thresholds=Thresholds(alliance_cutoff=30))
    assert finding is not None
    assert "a dip from your usual" in finding.explanation


def test_a_dip_s_evidence_is_only_the_sessions_it_rests_on() -> None:
    """Sessions under the cut-off are evidence when there are enough of them for the dip, and
    the latest session when it dropped from the usual; never a session that was neither."""
    under = weekly(rated(35, 35, 40))  # 2 of 3 under 36; the latest, 40, is not
    finding = one(under, DIP)
    assert finding is not None
    assert finding.evidence == ids(under[:2])
    # 35 and 31 are under 36, but 2 of the last 3 are not enough (3 needed here): the 35 is
    # not evidence, only the drop from the usual 40 is
    dropped = weekly(rated(40, 40, 40, 35, 40, 31))
    finding = one(dropped, DIP, thresholds=Thresholds(alliance_low_count=3))
    assert finding is not None
    assert finding.evidence == [dropped[-1].id]
    assert finding.title == "Your latest alliance rating was lower than usual for you (31 of 40)"

"""thoughts-of-self-harm: PHQ-9 item 9 above 0, said first, calmly, with where to turn."""

from __future__ import annotations

import pytest

from therapylog.analysis import analyze
from therapylog.analysis.findings import Severity

from .factories import BEN, DEFAULT, incident, one, weekly

RULE = "thoughts-of-self-harm"


def items(ninth: int, rest: int = 1) -> dict[str, object]:
    return {"phq9_items": [rest] * 8 + [ninth]}


@pytest.mark.parametrize(("ninth", "fires"), [(0, False), (1, True), (2, True), (3, True)])
def test_item_9_above_0_is_serious(ninth: int, fires: bool) -> None:
    entries = weekly([{}, items(ninth)])
    finding = one(entries, RULE)
    assert (finding is not None) is fires
    if finding is not None:
        assert finding.severity is Severity.SERIOUS
        assert finding.therapist is None
        assert finding.evidence == [entries[1].id]
        assert "988" in finding.suggestion and "116 123" in finding.suggestion
        assert "findahelpline.com" in finding.suggestion
        assert "emergency number" in finding.suggestion
        assert "tell your therapist" in finding.suggestion
        assert "not a failure of yours or of anyone else's" in finding.explanation


def test_only_the_latest_itemised_phq9_counts() -> None:
    assert one(weekly([items(2), items(0)]), RULE) is None
    assert one(weekly([items(0), items(1)]), RULE) is not None


def test_a_total_without_items_says_nothing_about_item_9() -> None:
    assert one(weekly([{"phq9": 27}]), RULE) is None


def test_it_is_judged_across_every_therapist_and_comes_first() -> None:
    ana = weekly([items(0), {"incidents": [incident("inappropriate-touch")]}])
    ben = weekly([items(1)], therapist=BEN, start=ana[-1].date.replace(month=5))
    findings = analyze(ana + ben, [], DEFAULT)
    assert [f.rule for f in findings][:2] == [RULE, "boundary-violation"]
    later_ana = weekly([items(0)], start=ben[-1].date.replace(month=9))
    assert one(ana + ben + later_ana, RULE) is None


def test_it_counts_on_a_day_the_client_cancelled() -> None:
    assert one(weekly([{"status": "client-cancelled", **items(1)}]), RULE) is not None

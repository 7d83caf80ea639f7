"""thoughts-of-self-harm: PHQ-9 item 9 above 0, said first, calmly, with where to turn."""

from __future__ import annotations

import pytest

from tests.conftest import Cli
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


def test_add_says_where_to_turn_only_for_an_answer_to_item_9(cli: Cli) -> None:
    """A PHQ-9 total alone says nothing of item 9: ``add`` stays quiet about it; the ninth
    answer above 0 is met at once with where to turn."""
    common = ("add", "--no-input", "--date", "2026-09-01", "--therapist", "Dr. Lee")
    total = cli(*common, "--phq9", "27")
    assert total.exit_code == 0, total.stderr
    assert "988" not in total.stderr and "PHQ-9" not in total.stderr
    items = cli(*common, "--phq9-items", "0,0,0,0,0,0,0,0,1")
    assert items.exit_code == 0, items.stderr
    assert items.stderr.endswith(
        "On 1 September 2026 you answered the PHQ-9 question about thoughts that you would be "
        'better off dead, or of hurting yourself in some way, with "several days". Thank you '
        "for writing it down: many people have thoughts like these at some point, and they are "
        "not a failure of yours or of anyone else's. You do not have to carry them alone.\n\n"
        "If you are in danger now, call your local emergency number. You can talk to someone at "
        "any hour: call or text 988 in the US and Canada, call Samaritans on 116 123 in the UK "
        "and Ireland, or find a line near you at findahelpline.com. And tell your therapist at "
        "your next session or sooner, or your doctor if you are not seeing one now: this is "
        "exactly what they are there to help with.\n"
    )

"""therapist-unreliable: cancellations, no-shows, double-booking and late moves."""

from __future__ import annotations

import datetime as dt

import pytest

from therapylog.analysis.findings import Severity
from therapylog.data.model import Thresholds

from .factories import ANA, BEN, entry, one

RULE = "therapist-unreliable"
DAY0 = dt.date(2025, 3, 3)


def events(offsets: list[int], status: str = "therapist-cancelled", **kw: object) -> list:
    return [entry(DAY0 + dt.timedelta(days=o), status=status, **kw) for o in offsets]


def test_two_events_are_not_enough() -> None:
    assert one(events([0, 10]), RULE) is None


def test_three_events_exactly_ninety_days_apart_fire() -> None:
    entries = events([0, 45, 90])
    finding = one(entries, RULE)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == [e.id for e in entries]
    assert "3 or more within 90 days" in finding.explanation
    assert "cancelling (3 times)" in finding.explanation


def test_three_events_ninety_one_days_apart_do_not() -> None:
    assert one(events([0, 45, 91]), RULE) is None


def test_four_events_in_the_group_are_all_evidence() -> None:
    entries = events([0, 20, 40, 60])
    finding = one(entries, RULE)
    assert finding is not None and len(finding.evidence) == 4
    assert finding.title.startswith("4 cancellations")


@pytest.mark.parametrize(
    "status",
    ["therapist-cancelled", "therapist-no-show", "double-booked", "therapist-rescheduled"],
)
def test_every_reliability_status_counts(status: str) -> None:
    assert one(events([0, 7, 14], status=status), RULE) is not None


@pytest.mark.parametrize("status", ["client-cancelled", "client-no-show", "attended"])
def test_other_statuses_never_count(status: str) -> None:
    assert one(events([0, 7, 14, 21], status=status), RULE) is None


def test_client_cancellations_in_between_change_nothing() -> None:
    mixed = events([0, 30]) + events([10, 20], status="client-cancelled") + events([200])
    assert one(mixed, RULE) is None


def test_the_latest_group_is_the_evidence() -> None:
    early = events([0, 10, 20])
    late = events([300, 310, 320])
    finding = one(early + late, RULE)
    assert finding is not None
    assert finding.evidence == [e.id for e in late]


def test_a_later_event_outside_the_group_is_not_evidence() -> None:
    group = events([0, 10, 20])
    finding = one(group + events([200]), RULE)
    assert finding is not None
    assert finding.evidence == [e.id for e in group]
    assert finding.title == "3 cancellations or last-minute changes by the therapist within 90 days"
    assert finding.explanation.startswith(
        f"Between 3 March 2025 and 23 March 2025, {ANA} cancelled, missed, double-booked or "
        "moved 3 of your appointments: cancelling (3 times). "
    )


def test_each_therapist_is_counted_separately() -> None:
    ana = events([0, 10])
    ben = events([5], therapist=BEN)
    assert one(ana + ben, RULE) is None
    ben_more = ben + events([6, 7], therapist=BEN)
    finding = one(ana + ben_more, RULE)
    assert finding is not None and finding.therapist == BEN


def test_custom_thresholds_move_the_rule_and_its_text() -> None:
    thresholds = Thresholds(unreliable_events=2, unreliable_days=30)
    finding = one(events([0, 30]), RULE, thresholds=thresholds)
    assert finding is not None
    assert "2 or more within 30 days" in finding.explanation
    assert finding.therapist == ANA
    assert one(events([0, 31]), RULE, thresholds=thresholds) is None

"""boundary-violation and early-warning."""

from __future__ import annotations

import pytest

from therapylog.analysis.findings import Severity
from therapylog.model import Thresholds

from .factories import ANA, BEN, ids, incident, one, series, weekly

BOUNDARY = "boundary-violation"
EARLY = "early-warning"


def rows_with(kind: str, at: int, count: int, **extra: object) -> list[dict[str, object]]:
    return [{"incidents": [incident(kind)], **extra} if i == at else {} for i in range(count)]


# --- boundary-violation -----------------------------------------------------------------------


def test_one_boundary_incident_is_serious() -> None:
    entries = weekly(rows_with("inappropriate-touch", 6, 8))
    finding = one(entries, BOUNDARY)
    assert finding is not None
    assert finding.severity is Severity.SERIOUS
    assert finding.evidence == [entries[6].id]
    assert "licensing board" in finding.suggestion
    assert "inappropriate-touch (once)" in finding.explanation


def test_no_boundary_incident_no_finding() -> None:
    assert one(weekly(rows_with("jargon", 1, 4)), BOUNDARY) is None


def test_a_boundary_incident_counts_even_on_a_client_cancelled_day() -> None:
    entries = weekly(rows_with("romantic-or-sexual", 1, 3, status="client-cancelled"))
    finding = one(entries, BOUNDARY)
    assert finding is not None and finding.evidence == [entries[1].id]


def test_a_repaired_boundary_incident_still_counts() -> None:
    rows = [{"incidents": [incident("dual-relationship", repaired=True)]}]
    assert one(weekly(rows), BOUNDARY) is not None


def test_every_boundary_incident_is_evidence_and_counted() -> None:
    rows = [
        {"incidents": [incident("inappropriate-disclosure")]},
        {},
        {"incidents": [incident("confidentiality-breach"), incident("inappropriate-disclosure")]},
    ]
    entries = weekly(rows)
    finding = one(entries, BOUNDARY)
    assert finding is not None
    assert finding.evidence == [entries[0].id, entries[2].id]
    assert finding.title == "Boundaries were crossed 3 times"


def test_boundary_findings_are_per_therapist() -> None:
    ana = weekly(rows_with("inappropriate-touch", 0, 2))
    ben = weekly([{}, {}], therapist=BEN, start=ana[-1].date.replace(month=6))
    finding = one(ana + ben, BOUNDARY)
    assert finding is not None
    assert finding.therapist == ANA
    assert finding.evidence == [ana[0].id]


# --- early-warning ----------------------------------------------------------------------------


def test_an_incident_in_the_third_session_is_an_early_warning() -> None:
    entries = weekly(rows_with("judgmental", 2, 6))
    finding = one(entries, EARLY)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == [entries[2].id]
    assert "first 3 sessions" in finding.title


def test_an_incident_in_the_fourth_session_is_not() -> None:
    assert one(weekly(rows_with("judgmental", 3, 6)), EARLY) is None


def test_practical_incidents_are_not_red_flags() -> None:
    assert one(weekly(rows_with("billing-error", 0, 3)), EARLY) is None


@pytest.mark.parametrize("kind", ["pushed-technique", "distracted", "inappropriate-disclosure"])
def test_empathic_treatment_and_boundary_incidents_are(kind: str) -> None:
    assert one(weekly(rows_with(kind, 0, 3)), EARLY) is not None


def test_repaired_incidents_count_in_the_first_sessions() -> None:
    rows = [{"incidents": [incident("mislabeled-emotion", repaired=True)]}]
    finding = one(weekly(rows), EARLY)
    assert finding is not None
    assert one(weekly(rows), "rupture-repaired") is not None


def test_a_boundary_incident_in_the_first_sessions_fires_both_rules() -> None:
    entries = weekly(rows_with("inappropriate-disclosure", 1, 4))
    assert one(entries, EARLY) is not None
    assert one(entries, BOUNDARY) is not None


def test_only_attended_sessions_are_the_first_sessions() -> None:
    # A cancelled appointment and a client no-show before the sessions start do not use up a
    # place, and an incident recorded on them is not an early session's incident.
    rows: list[dict[str, object]] = [
        {"status": "therapist-cancelled", "incidents": [incident("dismissive")]},
        {"status": "client-no-show"},
        {},
        {},
        {"incidents": [incident("dismissive")]},
        {"incidents": [incident("dismissive")]},
    ]
    entries = weekly(rows)
    finding = one(entries, EARLY)
    assert finding is not None
    assert finding.evidence == [entries[4].id]


def test_a_new_therapist_has_their_own_first_sessions() -> None:
    ana = series(10)
    ben = weekly(rows_with("self-focus", 0, 3), therapist=BEN, start=ana[-1].date.replace(day=28))
    finding = one(ana + ben, EARLY)
    assert finding is not None and finding.therapist == BEN
    assert finding.evidence == ids(ben[:1])


def test_custom_early_sessions_moves_the_rule_and_its_text() -> None:
    entries = weekly(rows_with("jargon", 3, 6))
    finding = one(entries, EARLY, thresholds=Thresholds(early_sessions=4))
    assert finding is not None
    assert "first 4 sessions" in finding.explanation
    assert one(entries, EARLY, thresholds=Thresholds(early_sessions=2)) is None


def test_no_sessions_no_early_warning() -> None:
    assert one(series(3, status="therapist-cancelled"), EARLY) is None

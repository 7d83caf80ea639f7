"""boundary-violation, felt-unsafe and early-warning."""

from __future__ import annotations

import pytest

from therapylog.analysis.findings import Severity
from therapylog.data.model import Thresholds

from .factories import ANA, BEN, findings, ids, incident, one, series, weekly

BOUNDARY = "boundary-violation"
EARLY = "early-warning"
UNSAFE = "felt-unsafe"


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
    assert "inappropriate touch (once)" in finding.explanation
    assert finding.title == "A boundary was crossed"
    # the client owes them no conversation: someone else, the board, and what to do in danger
    assert "You do not owe Dr Ana Ames a conversation about this" in finding.suggestion
    assert "someone you trust, or with another professional" in finding.suggestion
    assert "emergency number" in finding.suggestion
    assert "respond" not in finding.suggestion


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
    assert finding.title == "Boundaries were crossed in 2 sessions (3 incidents in all)"
    twice = weekly([{"incidents": [incident("dual-relationship"), incident("asked-secrecy")]}])
    found = one(twice, BOUNDARY)
    assert found is not None and found.title == "Boundaries were crossed twice in one session"


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
    assert finding.title == "Early red flags with Dr Ana Ames, in 1 of your first 3 sessions"


def test_an_incident_in_the_fourth_session_is_not() -> None:
    assert one(weekly(rows_with("judgmental", 3, 6)), EARLY) is None


def test_practical_incidents_are_not_red_flags() -> None:
    assert one(weekly(rows_with("billing-error", 0, 3)), EARLY) is None


@pytest.mark.parametrize(
    "kind", ["pushed-technique", "distracted", "no-check-in", "seemed-unsure", "wrong-approach"]
)
def test_empathic_treatment_and_competence_incidents_are(kind: str) -> None:
    assert one(weekly(rows_with(kind, 0, 3)), EARLY) is not None


def test_a_repaired_incident_in_the_first_sessions_is_only_good_news() -> None:
    """The case of the issue: one mistake, repaired in session 2, was both good news and a
    warning. Repaired, it is only good news."""
    rows = [{}, {"incidents": [incident("mislabeled-emotion", repaired=True)]}, {}]
    assert one(weekly(rows), EARLY) is None
    assert one(weekly(rows), "rupture-repaired") is not None


def test_an_unrepaired_incident_beside_a_repaired_one_is_still_a_red_flag() -> None:
    rows = [{"incidents": [incident("mislabeled-emotion", repaired=True), incident("jargon")]}]
    finding = one(weekly(rows), EARLY)
    assert finding is not None
    assert "jargon you did not understand (once)" in finding.explanation
    assert "mislabeled-emotion" not in finding.explanation


@pytest.mark.parametrize(
    "kinds", [["romantic-or-sexual", "inappropriate-touch"], ["felt-unsafe"], ["asked-secrecy"]]
)
def test_boundary_and_safety_incidents_never_fire_an_early_warning(kinds: list[str]) -> None:
    """The case of the issue: misconduct met with "see how they respond". Their own rules
    speak for them."""
    rows: list[dict[str, object]] = [
        {"incidents": [incident(kind) for kind in kinds]},
        {"incidents": [incident(kinds[-1])]},
        {},
    ]
    entries = weekly(rows)
    assert one(entries, EARLY) is None
    assert one(entries, BOUNDARY) is not None or one(entries, UNSAFE) is not None
    for finding in findings(entries, BOUNDARY) + findings(entries, UNSAFE):
        assert "respond" not in finding.suggestion


def test_the_early_warning_title_counts_sessions_and_red_flags() -> None:
    rows = [{"incidents": [incident("jargon"), incident("dismissive")]}, {}, {}]
    finding = one(weekly(rows), EARLY)
    assert finding is not None
    assert finding.title == (
        "Early red flags with Dr Ana Ames, in 1 of your first 3 sessions (2 red flags in all)"
    )
    assert "respond" not in finding.suggestion


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


# --- felt-unsafe ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "severity"), [(1, Severity.WARNING), (2, Severity.SERIOUS), (3, Severity.SERIOUS)]
)
def test_felt_unsafe_is_a_warning_once_and_serious_from_twice(
    count: int, severity: Severity
) -> None:
    rows = [{}] * 3 + [{"incidents": [incident("felt-unsafe")]}] * count
    entries = weekly(rows)
    finding = one(entries, UNSAFE)
    assert finding is not None and finding.severity is severity
    assert finding.evidence == ids(entries[3:])
    assert finding.title == (
        "You felt unsafe with Dr Ana Ames in a session"
        if count == 1
        else f"You felt unsafe with Dr Ana Ames in {count} sessions"
    )
    assert finding.suggestion.startswith("Trust that feeling: it is a reason to stop")
    assert "turn to someone other than Dr Ana Ames" in finding.suggestion
    assert "emergency number" in finding.suggestion
    assert "respond" not in finding.suggestion


def test_no_felt_unsafe_incident_no_finding() -> None:
    assert one(weekly(rows_with("distracted", 0, 3)), UNSAFE) is None


def test_felt_unsafe_counts_even_on_a_client_cancelled_day_and_repaired() -> None:
    rows = [
        {"status": "client-cancelled", "incidents": [incident("felt-unsafe")]},
        {"incidents": [incident("felt-unsafe", repaired=True)]},
    ]
    finding = one(weekly(rows), UNSAFE)
    assert finding is not None and finding.severity is Severity.SERIOUS


def test_the_serious_setting_moves_felt_unsafe() -> None:
    rows = [{"incidents": [incident("felt-unsafe")]}] * 2
    finding = one(weekly(rows), UNSAFE, thresholds=Thresholds(unsafe_serious=3))
    assert finding is not None and finding.severity is Severity.WARNING
    finding = one(weekly(rows[:1]), UNSAFE, thresholds=Thresholds(unsafe_serious=1))
    assert finding is not None and finding.severity is Severity.SERIOUS
    assert "feeling unsafe once or more" in finding.explanation


def test_felt_unsafe_is_per_therapist() -> None:
    ana = weekly([{"incidents": [incident("felt-unsafe")]}])
    ben = weekly(
        [{"incidents": [incident("felt-unsafe")]}],
        therapist=BEN,
        start=ana[0].date.replace(month=3),
    )
    found = findings(ana + ben, UNSAFE)
    assert sorted(f.therapist or "" for f in found) == sorted([ANA, BEN])
    assert all(f.severity is Severity.WARNING for f in found)

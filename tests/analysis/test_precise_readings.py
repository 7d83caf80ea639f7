"""Readings of the rules that a plausible slip in the code would quietly change.

Each test here was written against a bug that the rest of the suite let through (a mutation
run, docs/testing.md): it holds for the rules of docs/analysis.md and fails on that bug.
"""

from __future__ import annotations

from therapylog.analysis.findings import Severity

from .factories import ids, incident, one, weekly

RECURRING = "recurring-empathic-failure"
DECLINE = "mood-decline"


def test_a_forgotten_appointment_counts_even_when_the_entry_also_has_incidents() -> None:
    """A no-show or a double-booking is one failure, and each incident on the same entry is
    another: three such entries are six failures, a serious pattern, not a warning of three."""
    entries = weekly(
        [
            {"status": "double-booked", "incidents": [incident("forgot-details")]},
            {"status": "therapist-no-show", "incidents": [incident("distracted")]},
            {"status": "double-booked", "incidents": [incident("dismissive")]},
        ]
    )
    finding = one(entries, RECURRING)
    assert finding is not None
    assert finding.severity is Severity.SERIOUS
    assert finding.evidence == ids(entries)


def test_of_two_windows_at_the_same_severity_the_latest_is_the_evidence() -> None:
    """Three slips early on and three much later, each a warning on its own: the finding
    rests on the later run, which is what the client will want to talk about now."""
    rows: list[dict[str, object]] = [{} for _ in range(30)]
    for position in (0, 1, 2, 20, 21, 22):
        rows[position] = {"incidents": [incident("forgot-details")]}
    entries = weekly(rows)
    finding = one(entries, RECURRING)
    assert finding is not None
    assert finding.severity is Severity.WARNING
    assert finding.evidence == ids(entries[20:23])


def test_a_flat_zig_zag_mood_is_not_a_decline() -> None:
    """The first three average 7 and the last three 5 (the drop the rule asks for), but the
    least-squares slope of the eight moods is exactly 0: up and down, not falling."""
    moods = (3, 9, 9, 3, 9, 3, 3, 9)
    count = len(moods)
    slope_numerator = count * sum(i * m for i, m in enumerate(moods)) - sum(range(count)) * sum(
        moods
    )
    assert slope_numerator == 0 and sum(moods[:3]) - sum(moods[-3:]) == 6
    assert one(weekly([{"mood_before": mood} for mood in moods]), DECLINE) is None

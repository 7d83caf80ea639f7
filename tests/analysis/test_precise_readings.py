"""Readings of the rules that a plausible slip in the code would quietly change.

Each test here was written against a bug that the rest of the suite let through (a mutation
run, docs/testing.md): it holds for the rules of docs/analysis.md and fails on that bug.
"""

from __future__ import annotations

import pytest

from therapylog.analysis.findings import Severity
from therapylog.data.model import Thresholds
from therapylog.data.words import number

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


@pytest.mark.parametrize(
    ("rule", "phq9", "gad7", "title"),
    [
        ("reliable-deterioration", (8, 14), (5, 5), "Your PHQ-9 score has reliably worsened"),
        (
            "reliable-deterioration",
            (8, 14),
            (5, 9),
            "Your PHQ-9 and GAD-7 scores have reliably worsened",
        ),
        ("reliable-improvement", (14, 8), (5, 5), "Your PHQ-9 score has reliably improved"),
        (
            "reliable-improvement",
            (14, 8),
            (9, 5),
            "Your PHQ-9 and GAD-7 scores have reliably improved",
        ),
    ],
)
def test_a_title_says_score_or_scores_as_a_person_would(
    rule: str, phq9: tuple[int, int], gad7: tuple[int, int], title: str
) -> None:
    entries = weekly([{"phq9": phq9[0], "gad7": gad7[0]}, {"phq9": phq9[1], "gad7": gad7[1]}])
    finding = one(entries, rule)
    assert finding is not None and finding.title == title


def test_means_are_said_to_one_decimal_place_and_a_threshold_as_it_was_set() -> None:
    """Moods 7, 7, 6 average 6.666…, said as 6.7; a drop threshold of 1.96 points is said as
    it was set (a rounded "2" would name a line the rule does not use)."""
    moods = [{"mood_before": m} for m in (7, 7, 6, 5, 4, 4, 4, 4)]
    finding = one(weekly(moods), DECLINE, thresholds=Thresholds(mood_drop=1.96))
    assert finding is not None
    assert "6.7" in finding.title and "6.67" not in finding.title
    assert "at least 1.96 points below" in finding.explanation


def test_a_mean_just_off_a_whole_number_is_said_as_that_whole_number() -> None:
    """4.96 is "5" and 2.04 is "2" (rounded to one decimal first), never "5.0" or "2.0"."""
    assert [number(value) for value in (4.96, 2.04, 6.666, 1.5, 3.0)] == [
        "5",
        "2",
        "6.7",
        "1.5",
        "3",
    ]


def test_the_self_harm_explanation_ends_by_saying_they_are_not_alone() -> None:
    entries = weekly([{}, {"phq9_items": [1] * 8 + [1]}])
    finding = one(entries, "thoughts-of-self-harm")
    assert finding is not None
    assert finding.explanation.endswith("You do not have to carry them alone.")


def test_a_single_slip_is_a_moment_when_the_settings_call_one_a_pattern() -> None:
    settings = Thresholds(empathic_warning=1)
    finding = one(
        weekly([{"incidents": [incident("forgot-details")]}]), RECURRING, thresholds=settings
    )
    assert finding is not None
    assert "you recorded a moment when your therapist was not attuned" in finding.explanation


def test_reliable_deterioration_suggests_a_second_opinion_in_a_sentence_of_its_own() -> None:
    finding = one(weekly([{"phq9": 8}, {"phq9": 14}]), "reliable-deterioration")
    assert finding is not None
    assert ". A second opinion from another therapist is reasonable" in finding.suggestion

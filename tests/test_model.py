"""The model and its TOML files: validation, derived values, round trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings

from tests.conftest import examples
from tests.strategies import entries
from therapylog.data.catalogue import (
    INCIDENT_KINDS,
    KINDS_BY_SLUG,
    Category,
    Felt,
    GoalStatus,
    felt_from_moods,
)
from therapylog.data.errors import DamagedFileError, InputError
from therapylog.data.model import Entry, Goal, Thresholds
from therapylog.data.validation import validated
from therapylog.journal.codec import entry_from_toml, entry_to_toml, goals_from_toml, goals_to_toml


def test_catalogue_matches_the_spec() -> None:
    counts = dict.fromkeys(Category, 0)
    for kind in INCIDENT_KINDS:
        counts[kind.category] += 1
        assert kind.description
    assert counts == {
        Category.EMPATHIC_FAILURE: 12,
        Category.BOUNDARY: 6,
        Category.SAFETY: 1,
        Category.COMPETENCE: 4,
        Category.TREATMENT: 10,
        Category.PRACTICAL: 3,
    }
    assert KINDS_BY_SLUG["asked-secrecy"].category is Category.BOUNDARY
    assert KINDS_BY_SLUG["felt-unsafe"].category is Category.SAFETY
    assert KINDS_BY_SLUG["no-check-in"].category is Category.TREATMENT
    assert {kind.slug for kind in INCIDENT_KINDS if kind.category is Category.COMPETENCE} == {
        "seemed-unsure",
        "wrong-approach",
        "forced-confrontation",
        "no-referral",
    }
    assert len(KINDS_BY_SLUG) == len(INCIDENT_KINDS)


@pytest.mark.parametrize(
    ("before", "after", "felt"),
    [
        (7, 4, Felt.MUCH_WORSE), (7, 3, Felt.MUCH_WORSE), (7, 5, Felt.WORSE), (7, 6, Felt.WORSE),
        (5, 5, Felt.SAME), (5, 6, Felt.BETTER), (5, 7, Felt.BETTER), (5, 8, Felt.MUCH_BETTER),
    ],
)  # fmt: skip
def test_felt_is_derived_from_the_change_in_mood(before: int, after: int, felt: Felt) -> None:
    assert felt_from_moods(before, after) is felt


def test_given_felt_wins_over_the_moods() -> None:
    entry = Entry(id="2026-01-05", date=dt.date(2026, 1, 5), therapist="A", mood_before=2,
                  mood_after=9, felt=Felt.WORSE)  # fmt: skip
    assert entry.effective_felt is Felt.WORSE


def test_ids_must_match_the_date() -> None:
    base = {"date": "2026-01-05", "therapist": "A"}
    assert validated(Entry, {**base, "id": "2026-01-05-2"}).sequence == 2
    for bad in ("2026-01-06", "2026-01-05-1", "2026-01-05-x", "x"):
        with pytest.raises(InputError, match="does not match the date"):
            validated(Entry, {**base, "id": bad})


def test_a_stored_date_is_never_judged_against_the_clock() -> None:
    """A synced journal holds "tomorrow" from another timezone: only typed dates are judged."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    entry = validated(Entry, {"id": tomorrow.isoformat(), "date": tomorrow, "therapist": "A"})
    assert entry.date == tomorrow


@pytest.mark.parametrize(
    ("day", "reason"),
    [("1899-12-31", "is before 1900-01-01"), ("3000-01-01", "is after 2999-12-31")],
)
def test_dates_outside_the_journal_range_are_refused(day: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        validated(Entry, {"id": day, "date": day, "therapist": "A"})
    with pytest.raises(InputError, match=reason):
        validated(Goal, {"id": "g", "title": "G", "created": day})


def test_wrong_types_are_named() -> None:
    with pytest.raises(InputError, match=r"mood_before: True has the wrong type"):
        validated(
            Entry, {"id": "2026-01-05", "date": "2026-01-05", "therapist": "A", "mood_before": True}
        )
    with pytest.raises(InputError, match=r"notes: 5 is not text"):
        validated(Entry, {"id": "2026-01-05", "date": "2026-01-05", "therapist": "A", "notes": 5})


def test_thresholds_default_to_the_spec() -> None:
    t = Thresholds()
    assert (t.empathic_window, t.empathic_warning, t.empathic_serious) == (8, 3, 5)
    assert (t.unreliable_events, t.unreliable_days) == (3, 90)
    assert (t.phq9_reliable_change, t.gad7_reliable_change) == (6, 4)
    assert (t.phq9_caseness, t.gad7_caseness, t.alliance_cutoff) == (10, 8, 36)


@given(entries())
@settings(max_examples=examples(200))
def test_any_valid_entry_survives_the_toml_round_trip(entry: Entry) -> None:
    data = entry_to_toml(entry)
    assert entry_from_toml(Path(f"{entry.id}.toml"), data) == entry


def test_goals_round_trip() -> None:
    goals = [
        Goal(id="sleep", title="Sleep", created=dt.date(2026, 1, 1)),
        Goal(id="work", title="Speak up", created=dt.date(2026, 2, 1), status=GoalStatus.ACHIEVED),
    ]
    assert goals_from_toml(Path("goals.toml"), goals_to_toml(goals)) == goals


def test_a_file_named_differently_from_its_id_is_damaged() -> None:
    entry = Entry(id="2026-01-05", date=dt.date(2026, 1, 5), therapist="A")
    with pytest.raises(DamagedFileError, match="does not match its id"):
        entry_from_toml(Path("2026-01-06.toml"), entry_to_toml(entry))

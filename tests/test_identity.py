"""The one identity function: normalised names, registry aliases, and the near-match measure."""

from __future__ import annotations

import datetime as dt

import pytest

from therapylog.data.identity import (
    Identity,
    Registry,
    TherapistRecord,
    damerau_levenshtein,
    is_near,
    near_matches,
    normalise_name,
    seen_again,
)
from therapylog.journal.registry import RegistryError, merge_imported, registry_from_rows


@pytest.mark.parametrize("spelling", ["Dr. Lee", "Dr Lee", "dr  lee", " DR.   LEE "])
def test_spellings_of_one_name_normalise_alike(spelling: str) -> None:
    assert normalise_name(spelling) == "dr lee"


def test_normalising_drops_unicode_punctuation_and_folds_case() -> None:
    assert normalise_name("Dr. Anna-Marie O’Neil") == "dr annamarie oneil"
    assert normalise_name("STRASSE") == normalise_name("straße")


def test_registry_aliases_join_different_spellings() -> None:
    registry = Registry((TherapistRecord("Dr. Anna Lee", aliases=("Dr Lee", "Anna")),))
    identity = Identity(registry)
    assert identity.same("anna", "Dr. Anna Lee")
    assert identity.same("dr. lee", "Dr Anna Lee")
    assert not identity.same("Dr. Shah", "Dr. Anna Lee")
    assert identity.display("dr lee") == "Dr. Anna Lee"


def test_without_a_registry_the_latest_spelling_names_the_person() -> None:
    identity = Identity().learn(["Dr Lee", "Dr. Lee", "dr lee"])
    assert identity.display("DR LEE") == "dr lee"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("lee", "lee", 0), ("lee", "leee", 1), ("dr lee", "dr ele", 1), ("lee", "shah", 4)],
)
def test_damerau_levenshtein(a: str, b: str, distance: int) -> None:
    assert damerau_levenshtein(a, b) == distance


@pytest.mark.parametrize(
    ("name", "known", "near"),
    [
        ("Dr. Leee", "Dr. Lee", True),  # one letter too many
        ("Dr. Lre", "Dr. Lee", True),  # one wrong letter
        ("Dr. Ele", "Dr. Lee", True),  # two letters swapped
        ("Lee", "Dr. Lee", True),  # title left out
        ("Mrs Lee", "Dr. Lee", True),  # another title
        ("Prof. Anna Lee", "Anna Lee", True),
        ("Dr. Shah", "Dr. Lee", False),
        ("Ann", "Anna", False),  # too short to call a typo: may be two people
        ("Dr. Lewis", "Dr. Lee", False),
        ("Dr. B", "Dr. A", False),  # one letter each without the title: two people
        ("Dr. Al", "Dr. Ali", False),
        ("Dr. Ann", "Dr. Anna", True),
    ],
)
def test_near_match_measure(name: str, known: str, near: bool) -> None:
    assert is_near(name, known) is near


def test_near_matches_names_the_known_display_name_and_not_the_same_person() -> None:
    identity = Identity(Registry((TherapistRecord("Dr. Lee", aliases=("Anna",)),)))
    assert near_matches("Dr. Leee", ["Dr Lee"], identity) == ["Dr. Lee"]
    assert near_matches("dr lee", ["Dr Lee"], identity) == []  # the same person, not "near"
    assert near_matches("Dr. Shah", ["Dr Lee"], identity) == []


def test_seen_again_after_the_end_is_active_again() -> None:
    class Seen:
        def __init__(self, therapist: str, date: dt.date) -> None:
            self.therapist, self.date = therapist, date

    registry = Registry((TherapistRecord("Dr. Lee", ended=dt.date(2026, 9, 30)),))
    assert seen_again(registry, [Seen("Dr Lee", dt.date(2026, 9, 30))]) is registry
    again = seen_again(registry, [Seen("Dr Lee", dt.date(2026, 10, 1))])
    assert again.therapists[0].ended is None


def test_a_spelling_may_belong_to_one_therapist_only() -> None:
    with pytest.raises(RegistryError, match="spelling of both"):
        registry_from_rows([{"name": "Dr. Lee"}, {"name": "Dr. Shah", "aliases": ["dr lee"]}])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"name": ""}], "no letters or digits"),
        ([{"name": "Dr. Lee", "colour": "red"}], "unknown keys colour"),
        ([{"aliases": []}], "name: is missing"),
        ([{"name": "Dr. Lee", "ended": "soon"}], "is not a date"),
        ({"name": "Dr. Lee"}, "must be a list"),
    ],
)
def test_invalid_registries_are_refused_with_the_reason(rows: object, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        registry_from_rows(rows)


def test_merging_an_imported_registry_twice_changes_nothing_more() -> None:
    local = Registry((TherapistRecord("Dr. Lee"),))
    incoming = registry_from_rows(
        [
            {"name": "Dr. Lee", "aliases": ["Dr. Leee"], "ended": "2026-09-30"},
            {"name": "Dr. Shah"},
        ]
    )
    once, changed = merge_imported(local, incoming)
    assert changed == ["Dr. Lee", "Dr. Shah"]
    assert once.find("dr leee") is once.find("Dr. Lee")
    assert once.find("Dr. Lee") is not None
    assert once.find("Dr. Lee").ended == dt.date(2026, 9, 30)  # type: ignore[union-attr]
    twice, changed_again = merge_imported(once, incoming)
    assert changed_again == [] and twice == once


def test_the_registry_example_in_the_docs_is_a_valid_registry() -> None:
    import re
    from pathlib import Path

    from therapylog.journal.registry import registry_from_toml

    doc = Path(__file__).resolve().parents[1] / "docs" / "therapists.md"
    block = re.search(r"```toml\n(.*?)```", doc.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None
    registry = registry_from_toml(Path("therapists.toml"), block.group(1).encode())
    assert registry.find("dr leee") is registry.therapists[0]
    assert registry.therapists[0].ended == dt.date(2026, 9, 30)

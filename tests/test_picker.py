"""The incident picker's answers: categories, names, parts of names and numbers."""

from __future__ import annotations

import pytest

from therapylog.cli.picker import category_lines, kind_lines, parse_category, parse_kinds
from therapylog.data.catalogue import CATEGORY_TITLES, INCIDENT_KINDS
from therapylog.data.errors import InputError


def test_a_category_by_number_or_name_lists_its_kinds() -> None:
    first = next(iter(CATEGORY_TITLES))
    expected = tuple(kind for kind in INCIDENT_KINDS if kind.category is first)
    assert parse_category("1").listed == expected
    assert parse_category(first.value).listed == expected
    assert parse_category("Empathic failure").listed == expected


def test_part_of_a_name_lists_the_kinds_that_match() -> None:
    listed = parse_category("forgot").listed
    assert [kind.slug for kind in listed] == ["forgot-details", "forgot-last-session"]


def test_names_pick_kinds_at_once_and_enter_is_done() -> None:
    assert parse_category("jargon, billing-error").picked == ("jargon", "billing-error")
    assert parse_category("").done


@pytest.mark.parametrize("text", ["0", "99", "xyzzy"])
def test_an_answer_that_is_no_category_nor_name_is_explained(text: str) -> None:
    with pytest.raises(InputError, match="category"):
        parse_category(text)


def test_kinds_by_number_from_the_list_or_by_name() -> None:
    listed = parse_category("forgot").listed
    assert parse_kinds("2, jargon 1 2", listed) == [
        "forgot-last-session",
        "jargon",
        "forgot-details",
    ]
    assert parse_kinds("", listed) == []
    with pytest.raises(InputError, match="neither a number from 1 to 2 nor a kind's name"):
        parse_kinds("3", listed)


def test_every_screen_of_the_picker_fits_80_by_24() -> None:
    assert len(category_lines(80)) + 1 <= 24
    assert all(len(line) < 80 for line in category_lines(80))
    for category in CATEGORY_TITLES:
        kinds = [kind for kind in INCIDENT_KINDS if kind.category is category]
        lines = kind_lines(kinds, 80)
        assert len(lines) + 1 <= 24
        assert all(len(line) < 80 for line in lines)


def test_a_category_of_one_kind_reads_as_one_kind() -> None:
    lines = category_lines(80)
    assert any(line.endswith(": 1 kind") for line in lines), lines
    assert not any("1 kinds" in line for line in lines)

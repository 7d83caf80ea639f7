"""The recovery key: typable, and every single typo or swap is caught with its group named."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapylog.journal import recoverykey
from therapylog.journal.crypto import Secret
from therapylog.journal.recoverykey import ALPHABET, RecoveryKeyTypoError, format_key, parse

secrets_ = st.binary(min_size=20, max_size=20).map(Secret)


def typo_groups(text: str) -> str:
    with pytest.raises(RecoveryKeyTypoError) as caught:
        parse(text)
    assert caught.value.exit_code == 2
    return caught.value.message


def test_a_new_key_is_eight_groups_of_five_and_reads_back() -> None:
    text, secret = recoverykey.generate()
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{5}-){7}[0-9A-HJKMNP-TV-Z]{5}", text)
    assert parse(text) == secret
    assert len(secret) == 20


@given(secrets_)
def test_any_key_round_trips_however_it_is_typed(secret: Secret) -> None:
    text = format_key(secret)
    assert parse(text) == secret
    assert parse(text.lower().replace("-", " ")) == secret
    assert parse(text.replace("-", "")) == secret
    assert parse(text.replace("0", "o").replace("1", "l")) == secret


@given(secrets_, st.integers(min_value=0, max_value=39), st.integers(min_value=1, max_value=31))
def test_every_single_character_typo_is_caught_in_its_group(
    secret: Secret, position: int, change: int
) -> None:
    symbols = list(format_key(secret).replace("-", ""))
    symbols[position] = ALPHABET[(ALPHABET.index(symbols[position]) + change) % 32]
    message = typo_groups("".join(symbols))
    assert f"group {position // 5 + 1} of the recovery key has a typo" in message


@given(secrets_, st.integers(min_value=0, max_value=7), st.integers(min_value=0, max_value=3))
def test_every_swap_of_two_neighbours_within_a_group_is_caught(
    secret: Secret, group: int, offset: int
) -> None:
    """(Including a data character swapped with its group's check character.)"""
    symbols = list(format_key(secret).replace("-", ""))
    position = group * 5 + offset
    if symbols[position] == symbols[position + 1]:
        return  # the swap changes nothing
    symbols[position], symbols[position + 1] = symbols[position + 1], symbols[position]
    assert f"group {group + 1} of the recovery key has a typo" in typo_groups("".join(symbols))


def test_groups_in_the_wrong_order_are_caught() -> None:
    groups = format_key(Secret(bytes(20))).split("-")
    groups[0], groups[1] = groups[1], groups[0]
    assert "groups 1 and 2 of the recovery key have a typo" in typo_groups("-".join(groups))


def test_a_missing_group_or_a_foreign_character_is_named() -> None:
    text = format_key(Secret(bytes(range(20))))
    assert "this one has 35" in typo_groups(text[:-6])
    assert "letters A-Z without I, L, O and U" in typo_groups("U" + text[1:])


def test_the_message_never_echoes_the_key() -> None:
    text = format_key(Secret(bytes(range(20))))
    broken = text[:3] + ("Z" if text[3] != "Z" else "Y") + text[4:]
    message = typo_groups(broken)
    assert all(group not in message for group in text.split("-"))

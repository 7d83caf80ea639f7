"""The recovery key: 160 random bits a person can write down, read back and type.

Shown once at setup, it unwraps the data key when the passphrase is lost. It is written as
eight groups of five characters from Crockford's base32 alphabet (digits and capital letters
without I, L, O and U, so that nothing reads as something else)::

    7K3QD-M9X2A-...

The first four characters of each group carry 20 bits of the key; the fifth is a check
character over them and the group's place in the key. A single mistyped character, or two
neighbours swapped, is always caught and the group named; groups typed in the wrong order
are caught 31 times in 32. (The check is a weighted sum in GF(32), as in bech32's codes.)
Typing is forgiving: lower case, spaces and dashes are fine, O reads as 0 and I or L as 1.

A key with correct checks that does not unlock the journal (another journal's key) is told
apart by the unwrap itself (keys.py).
"""

from __future__ import annotations

import os
from typing import Final

from therapylog.data.errors import InputError
from therapylog.journal.crypto import Secret

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SECRET_BYTES: Final = 20  # 160 bits
GROUPS: Final = 8
DATA_PER_GROUP: Final = 4
GROUP_SIZE: Final = DATA_PER_GROUP + 1
LENGTH: Final = GROUPS * GROUP_SIZE
_VALUES: Final = {char: value for value, char in enumerate(ALPHABET)}
_ALIASES: Final = {"O": 0, "I": 1, "L": 1}
_POLYNOMIAL: Final = 0b100101  # x^5 + x^2 + 1, primitive: x generates GF(32)'s 31 units


class RecoveryKeyTypoError(InputError):
    """The text typed is not a well-formed recovery key (a typo, a missing group)."""


def generate() -> tuple[str, Secret]:
    """A new recovery key: the text to show once, and the secret it stands for."""
    secret = Secret(os.urandom(SECRET_BYTES))
    return format_key(secret), secret


def format_key(secret: Secret) -> str:
    symbols = _to_symbols(secret.reveal())
    groups = []
    for group in range(GROUPS):
        data = symbols[group * DATA_PER_GROUP : (group + 1) * DATA_PER_GROUP]
        check = _check(group, data)
        groups.append("".join(ALPHABET[value] for value in [*data, check]))
    return "-".join(groups)


def parse(text: str) -> Secret:
    """The secret a typed recovery key stands for; raises :class:`RecoveryKeyTypoError`
    naming what is wrong and never echoing the key."""
    compact = "".join(char for char in text.upper() if char not in " -\t\r\n")
    values = []
    for char in compact:
        value = _VALUES.get(char, _ALIASES.get(char))
        if value is None:
            raise RecoveryKeyTypoError(
                "the recovery key has a character that is not in any recovery key: they use "
                "the digits and the letters A-Z without I, L, O and U"
            )
        values.append(value)
    if len(values) != LENGTH:
        raise RecoveryKeyTypoError(
            f"a recovery key has {LENGTH} letters and digits ({GROUPS} groups of "
            f"{GROUP_SIZE}); this one has {len(values)}"
        )
    data: list[int] = []
    wrong = []
    for group in range(GROUPS):
        chunk = values[group * GROUP_SIZE : (group + 1) * GROUP_SIZE]
        if _check(group, chunk[:DATA_PER_GROUP]) != chunk[DATA_PER_GROUP]:
            wrong.append(group + 1)
        data.extend(chunk[:DATA_PER_GROUP])
    if wrong:
        which = _join(wrong)
        raise RecoveryKeyTypoError(
            f"group{'s' if len(wrong) > 1 else ''} {which} of the recovery key "
            f"{'have' if len(wrong) > 1 else 'has'} a typo: compare with the copy you kept"
        )
    return Secret(_from_symbols(data))


def _check(group: int, data: list[int]) -> int:
    """Σ x^(position) · symbol over the group's symbols (positions run through the whole key),
    plus a constant per group so that an all-zero group still depends on its place."""
    total = group + 1
    for offset, value in enumerate(data):
        total ^= _gf_mul(_gf_pow(2, group * DATA_PER_GROUP + offset + 1), value)
    return total


def _gf_mul(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _POLYNOMIAL
    return product


def _gf_pow(base: int, exponent: int) -> int:
    result = 1
    for _ in range(exponent % 31):
        result = _gf_mul(result, base)
    return result


def _to_symbols(raw: bytes) -> list[int]:
    number = int.from_bytes(raw, "big")
    count = GROUPS * DATA_PER_GROUP
    return [(number >> (5 * (count - 1 - index))) & 31 for index in range(count)]


def _from_symbols(values: list[int]) -> bytes:
    number = 0
    for value in values:
        number = (number << 5) | value
    return number.to_bytes(SECRET_BYTES, "big")


def _join(numbers: list[int]) -> str:
    words = [str(number) for number in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

"""Who a therapist is: one function that turns any spelling of a name into the person.

A therapist is a person, not a spelling (docs/therapists.md). Names are compared after
:func:`normalise_name` (case folded, punctuation dropped, runs of spaces collapsed), and the
journal's registry (``therapists.toml``, :mod:`therapylog.journal.registry`) adds aliases: other
spellings that mean the same person. :class:`Identity` is the one resolver every command and
the analysis use. Pure: nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from therapylog.data.safetext import one_line

#: Titles that a name may carry or leave out and still be the same person ("Dr Lee", "Lee").
TITLES = frozenset({"dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor"})
#: Names shorter than this (normalised) are never called a typo of another: "Ann" and "Anna"
#: may well be two people.
TYPO_MIN_LENGTH = 4
#: Without its title, each name must still have this many characters to be called a typo:
#: "Dr. A" and "Dr. B" are two people, one letter each, not one misspelt.
TYPO_MIN_BARE_LENGTH = 3


@functools.lru_cache(maxsize=1024)
def normalise_name(name: str) -> str:
    """``Dr. Lee``, ``Dr Lee`` and ``dr  lee`` all become ``dr lee``.

    Case folded, every punctuation character dropped (Unicode category P*), runs of
    whitespace collapsed to one space. (Cached: a journal names a handful of therapists,
    thousands of times.)
    """
    kept = "".join(char for char in name if not unicodedata.category(char).startswith("P"))
    return " ".join(kept.casefold().split())


def shown(name: str) -> str:
    """A name as it may be printed: on one line, each control character (which could drive a
    terminal) replaced by U+FFFD, by the one cleaner every output uses (safetext)."""
    return one_line(name)


@dataclass(frozen=True)
class TherapistRecord:
    """One therapist in the registry (``therapists.toml``)."""

    name: str  # the display name
    aliases: tuple[str, ...] = ()  # other spellings of the same person
    ended: dt.date | None = None  # when the client stopped seeing them
    note: str | None = None  # the client's words about the ending

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def normalised(self) -> set[str]:
        """Every normalised form that means this therapist."""
        return {normalise_name(spelling) for spelling in self.spellings()}


@dataclass(frozen=True)
class Registry:
    """The therapists the client has named in ``therapists.toml`` (empty when there is none)."""

    therapists: tuple[TherapistRecord, ...] = ()
    _by_key: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for index, record in enumerate(self.therapists):
            for key in record.normalised():
                self._by_key.setdefault(key, index)

    def find(self, name: str) -> TherapistRecord | None:
        """The record that ``name`` (any spelling) belongs to, if any."""
        index = self._by_key.get(normalise_name(name))
        return None if index is None else self.therapists[index]


class Identity:
    """Resolves every spelling of a therapist's name to one person.

    ``key(name)``: equal for two spellings of the same person (their registry record's
    normalised display name, else the spelling's normalised form). ``display(name)``: how the
    person is named in output (the registry's display name, else the spelling seen on their
    latest entry, as given to :meth:`learn`).
    """

    def __init__(self, registry: Registry | None = None) -> None:
        self.registry = registry if registry is not None else Registry()
        self._keys: dict[str, str] = {}
        self._latest: dict[str, str] = {}  # key -> the spelling of the latest entry seen

    def key(self, name: str) -> str:
        found = self._keys.get(name)
        if found is None:
            record = self.registry.find(name)
            found = normalise_name(record.name if record is not None else name)
            self._keys[name] = found
        return found

    def same(self, a: str, b: str) -> bool:
        return self.key(a) == self.key(b)

    def learn(self, spellings_oldest_first: Iterable[str]) -> Identity:
        """Remember the latest spelling of each unregistered person (for :meth:`display`)."""
        for spelling in spellings_oldest_first:
            self._latest[self.key(spelling)] = spelling
        return self

    def display(self, name: str) -> str:
        """The registry's display name, else the latest spelling learnt, else ``name``."""
        record = self.registry.find(name)
        if record is not None:
            return record.name
        return self._latest.get(self.key(name), " ".join(name.split()))

    def record(self, name: str) -> TherapistRecord | None:
        return self.registry.find(name)


# --- near matches: a new name that is probably a known therapist misspelt -------------------


def without_title(normalised: str) -> str:
    """A normalised name without a leading title: ``dr lee`` -> ``lee``."""
    words = normalised.split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def damerau_levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn ``a`` into ``b``."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def is_near(name: str, known: str) -> bool:
    """Whether ``name`` is probably ``known`` spelt another way (docs/therapists.md):

    - the same once a leading title (Dr, Mrs, Ms, Prof, ...) is set aside on both, or
    - one typo apart (Damerau-Levenshtein distance 1, a swap of two neighbours counting as
      one) on the normalised names, with or without their titles, when both are at least
      :data:`TYPO_MIN_LENGTH` characters long and, without their titles, at least
      :data:`TYPO_MIN_BARE_LENGTH`.
    """
    a, b = normalise_name(name), normalise_name(known)
    if a == b:
        return True
    bare_a, bare_b = without_title(a), without_title(b)
    if bare_a and bare_a == bare_b:
        return True
    bare_enough = min(len(bare_a), len(bare_b)) >= TYPO_MIN_BARE_LENGTH
    for left, right in ((a, b), (bare_a, bare_b)):
        long_enough = bare_enough and min(len(left), len(right)) >= TYPO_MIN_LENGTH
        if (
            long_enough
            and abs(len(left) - len(right)) <= 1
            and damerau_levenshtein(left, right) <= 1
        ):
            return True
    return False


def near_matches(name: str, known: Iterable[str], identity: Identity) -> list[str]:
    """The known therapists (display names) that a new ``name`` is probably a misspelling of;
    empty when ``name`` already is a known therapist or resembles none.

    ``known``: every spelling on record (entries' names; registry names and aliases are
    added here)."""
    key = identity.key(name)
    groups: dict[str, set[str]] = {}
    for spelling in (
        *known,
        *(s for record in identity.registry.therapists for s in record.spellings()),
    ):
        groups.setdefault(identity.key(spelling), set()).add(spelling)
    if key in groups:
        return []
    return [
        identity.display(next(iter(spellings)))
        for spellings in groups.values()
        if any(is_near(name, spelling) for spelling in spellings)
    ]


def seen_again(registry: Registry, entries: Iterable[Any]) -> Registry:
    """``registry`` with ``ended`` cleared for each therapist who has an entry after it: a
    therapist seen again after the end is active again from that entry on."""
    again: set[int] = set()
    for entry in entries:
        record = registry.find(entry.therapist)
        if record is not None and record.ended is not None and entry.date > record.ended:
            again.add(id(record))
    if not again:
        return registry
    return Registry(
        tuple(
            replace(record, ended=None, note=None) if id(record) in again else record
            for record in registry.therapists
        )
    )

"""Selecting entries: by period, therapist, status, incident, tag and text. Pure functions.

What ``list`` and ``search`` offer (docs/finding.md): every filter given must hold, and a
filter left out selects everything. Values a person types are checked here, so that a typo is
one line naming the valid choices rather than an empty list that looks like an answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from therapylog.data.catalogue import KINDS_BY_SLUG, Category, Status, choices
from therapylog.data.errors import InputError
from therapylog.data.identity import Identity
from therapylog.data.model import Entry
from therapylog.data.textmatch import Span, find_spans, fold


@dataclass(frozen=True)
class EntryFilter:
    """What to select; ``None`` (or empty) means "any". ``therapist`` is any spelling of the
    name, resolved by ``identity`` (normalised names and the registry's aliases,
    docs/therapists.md), as in every other command."""

    since: dt.date | None = None
    until: dt.date | None = None
    therapist: str | None = None
    identity: Identity = field(default_factory=Identity, compare=False)
    statuses: frozenset[Status] = frozenset()
    kinds: frozenset[str] = frozenset()  # incident kinds, a category already expanded
    tags: frozenset[str] = frozenset()  # folded
    grep: str | None = None  # folded

    def matches(self, entry: Entry) -> bool:
        return (
            (self.since is None or entry.date >= self.since)
            and (self.until is None or entry.date <= self.until)
            and (self.therapist is None or self.identity.same(entry.therapist, self.therapist))
            and (not self.statuses or entry.status in self.statuses)
            and (not self.kinds or any(i.kind in self.kinds for i in entry.incidents))
            and (not self.tags or any(fold(tag) in self.tags for tag in entry.tags))
            and (self.grep is None or self.grep in fold(searchable_text(entry)))
        )


def parse_statuses(values: Iterable[str]) -> frozenset[Status]:
    statuses = set()
    for value in values:
        try:
            statuses.add(Status(value.strip().lower()))
        except ValueError:
            raise InputError(
                f"--status: {value!r} is not a status; use one of {choices(Status)}"
            ) from None
    return frozenset(statuses)


def parse_incident_kinds(values: Iterable[str]) -> frozenset[str]:
    """Incident kinds and categories as typed: a category stands for all of its kinds."""
    kinds: set[str] = set()
    for value in values:
        slug = value.strip().lower()
        if slug in KINDS_BY_SLUG:
            kinds.add(slug)
        elif slug in set(Category):
            kinds.update(k for k, info in KINDS_BY_SLUG.items() if info.category == slug)
        else:
            raise InputError(
                f"--incident: {value!r} is neither an incident kind nor a category; "
                f"categories: {choices(Category)}; kinds: see `therapylog kinds`"
            )
    return frozenset(kinds)


def parse_grep(text: str | None) -> str | None:
    if text is None:
        return None
    folded = fold(text.strip())
    if not folded:
        raise InputError("--grep: give some text to look for")
    return folded


def filter_entries(entries: Iterable[Entry], selection: EntryFilter) -> list[Entry]:
    return [entry for entry in entries if selection.matches(entry)]


# --- searching text ----------------------------------------------------------------------------


def searchable_text(entry: Entry) -> str:
    """All the free text of an entry that ``--grep`` looks in, one piece per line."""
    pieces = [entry.notes]
    pieces.extend(incident.note for incident in entry.incidents if incident.note)
    pieces.extend(entry.tags)
    return "\n".join(pieces)


class MatchingLine(NamedTuple):
    """One line of an entry's text holding the match: where it is from (``notes``, an
    incident's kind, ``tags``), the line, and where the match is in it."""

    source: str
    text: str
    spans: list[Span]


def _lines(entry: Entry) -> Iterator[tuple[str, str]]:
    for line in entry.notes.splitlines():
        yield "notes", line
    for incident in entry.incidents:
        for line in (incident.note or "").splitlines():
            yield incident.kind, line
    if entry.tags:
        yield "tags", ", ".join(entry.tags)


def matching_lines(entry: Entry, folded_query: str) -> list[MatchingLine]:
    """The lines of ``entry`` that hold ``folded_query`` (see :func:`parse_grep`)."""
    found = []
    for source, line in _lines(entry):
        if folded_query in fold(line):
            found.append(MatchingLine(source, line, find_spans(line, folded_query)))
    return found


def tag_counts(entries: Iterable[Entry]) -> list[tuple[str, int]]:
    """Every tag with the number of entries that carry it, most used first; spellings that
    differ only in case or Unicode form count as one tag, shown as first written."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for entry in entries:
        for key in {fold(tag) for tag in entry.tags}:
            counts[key] = counts.get(key, 0) + 1
        for tag in entry.tags:
            shown.setdefault(fold(tag), tag)
    return sorted(((shown[key], n) for key, n in counts.items()), key=lambda t: (-t[1], fold(t[0])))

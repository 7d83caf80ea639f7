"""The client's therapists as people: who they are, when they were seen, whether it ended.

Pure functions of the entries and the registry, for the ``therapists`` commands
(docs/therapists.md). Nothing here reads files or talks to the terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from therapylog.data.catalogue import CLIENT_STATUSES, Status
from therapylog.data.errors import InputError, JournalError
from therapylog.data.identity import (
    Identity,
    Registry,
    TherapistRecord,
    normalise_name,
    seen_again,
    shown,
)
from therapylog.data.model import Entry, entry_sort_key
from therapylog.journal.registry import (
    RegistryError,
    add_aliases,
    record_from_mapping,
    with_record,
    without_record,
)


def identity_for(registry: Registry, entries: Sequence[Entry]) -> Identity:
    """The one resolver for a journal: the registry (with therapists seen again after their
    end made active), and each unregistered person named as on their latest entry."""
    ordered = sorted(entries, key=entry_sort_key)
    identity = Identity(seen_again(registry, ordered))
    return identity.learn(entry.therapist for entry in ordered)


def require_therapist_with_entries(
    registry: Registry, entries: Sequence[Entry], therapist: str
) -> None:
    """Raise :class:`JournalError` unless some entry is with ``therapist``, under any of their
    names (``report --therapist``). An unknown therapist is a fact about the journal (exit 1),
    as in ``therapists``; the message names the therapists there are."""
    identity = identity_for(registry, entries)
    known = {identity.key(entry.therapist): identity.display(entry.therapist) for entry in entries}
    if identity.key(therapist) not in known:
        names = ", ".join(dict.fromkeys(known.values())) or "none yet"
        raise JournalError(f"--therapist: no entries with {therapist!r}; therapists: {names}")


@dataclass(frozen=True)
class TherapistRow:
    """One line of ``therapylog therapists``."""

    name: str
    aliases: tuple[str, ...]  # the registry's aliases and every other spelling on entries
    first: dt.date | None  # first appointment
    last: dt.date | None  # last appointment
    sessions: int  # attended
    ended: dt.date | None  # set while the course is over
    note: str | None

    @property
    def active(self) -> bool:
        return self.ended is None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "first_appointment": self.first.isoformat() if self.first else None,
            "last_appointment": self.last.isoformat() if self.last else None,
            "sessions_attended": self.sessions,
            "status": "active" if self.active else "ended",
            "ended": self.ended.isoformat() if self.ended else None,
            "note": self.note,
        }


def roster(entries: Sequence[Entry], registry: Registry) -> list[TherapistRow]:
    """Every therapist, on entries or in the registry, the most recently seen first."""
    identity = identity_for(registry, entries)
    groups: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=entry_sort_key):
        groups.setdefault(identity.key(entry.therapist), []).append(entry)
    for record in registry.therapists:
        groups.setdefault(identity.key(record.name), [])
    rows = [_row(key, group, identity, registry) for key, group in groups.items()]
    never = dt.date.min
    return sorted(rows, key=lambda row: (row.last or never, row.name), reverse=True)


def _row(key: str, group: list[Entry], identity: Identity, registry: Registry) -> TherapistRow:
    appointments = [entry for entry in group if entry.status not in CLIENT_STATUSES]
    spelled = [entry.therapist for entry in group]
    stored = next((r for r in registry.therapists if identity.key(r.name) == key), None)
    name = stored.name if stored is not None else identity.display(spelled[-1])
    aliases = [*(stored.aliases if stored is not None else ()), *spelled]
    active = identity.record(name)  # as stored, but not ended if seen again since
    ended = active.ended if active is not None else None
    return TherapistRow(
        name=name,
        aliases=tuple(alias for alias in dict.fromkeys(aliases) if alias != name),
        first=appointments[0].date if appointments else None,
        last=appointments[-1].date if appointments else None,
        sessions=sum(1 for entry in group if entry.status is Status.ATTENDED),
        ended=ended,
        note=active.note if active is not None and ended is not None else None,
    )


def find_therapist(name: str, entries: Sequence[Entry], registry: Registry) -> TherapistRow:
    """The therapist ``name`` (any spelling) stands for; unknown: one line naming the known
    ones (exit 1)."""
    identity = identity_for(registry, entries)
    wanted = identity.key(name)
    rows = roster(entries, registry)
    for row in rows:
        if identity.key(row.name) == wanted:
            return row
    known = ", ".join(shown(row.name) for row in rows) or "none yet"
    raise JournalError(f"no therapist {shown(name)!r}; your therapists: {known}")


def check_end_date(row: TherapistRow, day: dt.date, today: dt.date) -> None:
    """An end date must be on or after the last appointment and not after today."""
    if day > today:
        raise InputError(
            f"--date: {day.isoformat()} is in the future; a therapy can be marked ended once "
            "it has ended (use today or an earlier day)"
        )
    if row.first is not None and day < row.first:
        raise InputError(
            f"--date: {day.isoformat()} is before your first appointment with {shown(row.name)} "
            f"({row.first.isoformat()}); choose a day from then on"
        )
    if row.last is not None and day < row.last:
        # (a session after the end would make them active again at once)
        raise InputError(
            f"--date: {day.isoformat()} is before your last appointment with {shown(row.name)} "
            f"({row.last.isoformat()}); choose that day or a later one"
        )


# --- changes to the registry: each returns the new registry, entries are never rewritten -----


def _base(registry: Registry, row: TherapistRow) -> tuple[TherapistRecord | None, TherapistRecord]:
    """The stored record of ``row``'s therapist, and the record to change (a new one when the
    registry does not know them yet: it is created lazily)."""
    stored = registry.find(row.name)
    return stored, stored if stored is not None else TherapistRecord(name=row.name)


def end_therapist(
    registry: Registry, row: TherapistRow, day: dt.date, note: str | None
) -> Registry:
    stored, base = _base(registry, row)
    return with_record(registry, stored, replace(base, ended=day, note=note or None))


def reopen_therapist(registry: Registry, row: TherapistRow) -> Registry:
    stored, base = _base(registry, row)
    if stored is None or stored.ended is None:
        raise InputError(f"{row.name} is not marked as ended; nothing to reopen")
    return with_record(registry, stored, replace(base, ended=None, note=None))


def rename_therapist(
    registry: Registry, row: TherapistRow, new: str, rows: Sequence[TherapistRow]
) -> Registry:
    try:
        new_name = record_from_mapping({"name": new}, "NEW").name
    except RegistryError as error:
        raise InputError(str(error)) from None
    if new_name == row.name:
        raise InputError(f"{row.name} is already called that; nothing to rename")
    for other in rows:
        if other.name != row.name and any(
            normalise_name(new_name) == normalise_name(s) for s in (other.name, *other.aliases)
        ):
            raise InputError(
                f"{new_name!r} is already {other.name}; to make them one person, use "
                f"`therapylog therapists merge {row.name!r} {other.name!r}`"
            )
    stored, base = _base(registry, row)
    renamed = add_aliases(replace(base, name=new_name), [row.name])
    return with_record(registry, stored, renamed)


def merge_therapists(registry: Registry, row: TherapistRow, other: TherapistRow) -> Registry:
    if row.name == other.name:
        raise InputError(
            f"cannot merge {row.name} with itself: both names are already the same therapist; "
            "name two different therapists (see `therapylog therapists`)"
        )
    stored, base = _base(registry, row)
    merged = add_aliases(base, [other.name, *other.aliases])
    other_stored = registry.find(other.name)
    if other_stored is not None:
        registry = without_record(registry, other_stored)
    return with_record(registry, stored, merged)

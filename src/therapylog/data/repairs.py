"""Repairs recorded in a later session (no terminal, no files here).

A therapist often acknowledges a mistake the week after. ``add --repairs ID:KIND`` (and the
interview's question about earlier slips) marks the earlier entry's incidents of that kind as
repaired, with the new session's date as ``repaired_on``. It is the one time an existing
entry is rewritten by therapylog itself; :meth:`therapylog.journal.storage.Journal.add_entry` does it
under the journal's lock, atomically, together with saving the new entry (docs/data-safety.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from therapylog.data.catalogue import KINDS_BY_SLUG, Category
from therapylog.data.errors import InputError
from therapylog.data.identity import Identity
from therapylog.data.model import ENTRY_ID_PATTERN, Entry, Incident

#: Kinds the interview does not offer as "put right": misconduct and feeling unsafe are not
#: a rupture that an apology repairs (docs/analysis.md). ``--repairs`` still accepts them.
NOT_OFFERED = frozenset(
    category for category in Category if category.value in {"boundary", "safety"}
)
#: How far back the interview looks for slips that were not put right: the therapist's last
#: appointments, as many as the empathic-failure window looks at.
RECENT_APPOINTMENTS = 8


class Repair(NamedTuple):
    entry_id: str
    kind: str


class Unrepaired(NamedTuple):
    """An incident of an earlier entry that is not marked repaired."""

    entry: Entry
    incident: Incident


def parse_repair(text: str) -> Repair:
    """``ID:KIND`` as typed after ``--repairs``; one readable line when it is not."""
    entry_id, sep, kind = text.partition(":")
    entry_id, kind = entry_id.strip(), kind.strip().lower()
    if not sep or not entry_id or not kind:
        raise InputError(
            f"--repairs: {text!r} is not ID:KIND (for example 2026-11-03:forgot-details)"
        )
    if not ENTRY_ID_PATTERN.fullmatch(entry_id):
        raise InputError(
            f"--repairs: {entry_id!r} is not an entry id; ids look like 2026-11-03 or "
            "2026-11-03-2 (see `therapylog list`)"
        )
    if kind not in KINDS_BY_SLUG:
        raise InputError(
            f"--repairs: {kind!r} is not an incident kind; choose one of: "
            f"{', '.join(KINDS_BY_SLUG)}"
        )
    return Repair(entry_id, kind)


def apply_repairs(
    earlier: Sequence[Entry],
    repairs: Iterable[Repair],
    *,
    on: dt.date,
    therapist: str,
    identity: Identity,
) -> list[Entry]:
    """The earlier entries with the named incidents marked repaired on ``on``.

    ``earlier`` holds the entry of every repair. Refuses (InputError, nothing changed) a
    repair of an entry after ``on``, with another therapist, without an incident of that kind,
    or whose incidents of that kind are all marked repaired already.
    """
    by_id = {entry.id: entry for entry in earlier}
    changed: dict[str, Entry] = {}
    for repair in dict.fromkeys(repairs):
        entry = changed.get(repair.entry_id, by_id[repair.entry_id])
        where = f"--repairs {repair.entry_id}:{repair.kind}"
        if entry.date > on:
            raise InputError(
                f"{where}: that entry is dated {entry.date.isoformat()}, after this one "
                f"({on.isoformat()}); a repair comes after the incident"
            )
        if not identity.same(entry.therapist, therapist):
            raise InputError(
                f"{where}: that session was with {entry.therapist}, this one is with "
                f"{therapist}; only the same therapist can put it right"
            )
        kinds = [incident.kind for incident in entry.incidents]
        if repair.kind not in kinds:
            listed = ", ".join(dict.fromkeys(kinds)) or "none"
            raise InputError(
                f"{where}: {repair.entry_id} has no {repair.kind} incident; its incidents: {listed}"
            )
        if all(i.repaired for i in entry.incidents if i.kind == repair.kind):
            raise InputError(f"{where}: it is marked repaired already")
        changed[entry.id] = mark_repaired(entry, repair.kind, on)
    return list(changed.values())


def mark_repaired(entry: Entry, kind: str, on: dt.date) -> Entry:
    """``entry`` with its unrepaired incidents of ``kind`` repaired on ``on``."""
    incidents = [
        incident.replace(repaired=True, repaired_on=on)
        if incident.kind == kind and not incident.repaired
        else incident
        for incident in entry.incidents
    ]
    return entry.replace(incidents=incidents)


def recent_unrepaired(
    entries: Sequence[Entry], therapist: str, day: dt.date, identity: Identity
) -> list[Unrepaired]:
    """The therapist's incidents not marked repaired in their last appointments up to ``day``
    (oldest first), misconduct and feeling unsafe left out."""
    theirs = [
        entry
        for entry in entries
        if entry.date <= day and entry.is_appointment and identity.same(entry.therapist, therapist)
    ]
    return [
        Unrepaired(entry, incident)
        for entry in theirs[-RECENT_APPOINTMENTS:]
        for incident in entry.incidents
        if not incident.repaired and KINDS_BY_SLUG[incident.kind].category not in NOT_OFFERED
    ]

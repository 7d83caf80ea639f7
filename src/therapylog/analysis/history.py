"""One therapist's history: the view every rule reads (docs/analysis.md).

Rules look at one therapist at a time. A change of therapist starts every window afresh, and
a therapist seen again later continues their own history, so entries are grouped by person,
never by time: every spelling of a name ("Dr. Lee", "Dr Lee", "dr  lee", a registry alias)
is resolved by the one :class:`therapylog.data.identity.Identity` (docs/therapists.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from operator import attrgetter
from typing import NamedTuple

from therapylog.analysis.findings import Finding, Severity
from therapylog.data.catalogue import CLIENT_STATUSES, EMPATHIC_FAILURE_STATUSES, Category, Status
from therapylog.data.identity import Identity
from therapylog.data.model import Entry, entry_sort_key


class TherapistHistory(NamedTuple):
    """Everything recorded with one therapist, oldest first."""

    therapist: str  # the display name: the registry's, else the spelling of the latest entry
    entries: tuple[Entry, ...]  # every entry, client-caused ones included
    appointments: tuple[Entry, ...]  # every entry except client-cancelled / client-no-show
    attended: tuple[Entry, ...]  # entries with status attended
    #: how many empathic failures each appointment holds (``empathic_failures``), in order
    empathic_counts: tuple[int, ...]
    phq9: tuple[Entry, ...]  # entries with a PHQ-9 score
    gad7: tuple[Entry, ...]  # entries with a GAD-7 score
    #: the day the client stopped seeing this therapist, when the course has ended
    #: (:func:`ended_on`): the rules then word their findings as the whole of it, not "so far"
    ended: dt.date | None = None


_therapist = attrgetter("therapist")


def spellings(entries: Iterable[Entry], identity: Identity) -> dict[str, str]:
    """Each spelling of a therapist's name in ``entries``, and its identity key: worked out
    once per spelling, where a journal has thousands of entries."""
    return {name: identity.key(name) for name in set(map(_therapist, entries))}


def histories(entries: Iterable[Entry], identity: Identity | None = None) -> list[TherapistHistory]:
    """Group entries per therapist (as ``identity`` tells them apart), each in date order."""
    identity = identity if identity is not None else Identity()
    ordered = sorted(entries, key=entry_sort_key)
    key_of = spellings(ordered, identity)
    groups: dict[str, list[Entry]] = {}
    for entry in ordered:
        key = key_of[entry.therapist]
        group = groups.get(key)
        if group is None:
            group = groups[key] = []
        group.append(entry)
    return [_history(group, identity) for group in groups.values()]


def _history(group: list[Entry], identity: Identity) -> TherapistHistory:
    # Entry.is_appointment and Entry.attended, tested on the status directly: a property
    # costs a call per entry, and these run over every entry of every report.
    appointments = tuple(entry for entry in group if entry.status not in CLIENT_STATUSES)
    return TherapistHistory(
        therapist=identity.display(group[-1].therapist),
        entries=tuple(group),
        appointments=appointments,
        attended=tuple(entry for entry in appointments if entry.status is Status.ATTENDED),
        empathic_counts=tuple(
            # (most appointments hold no incident and no forgotten appointment: no call)
            len(empathic_failures(entry))
            if entry.incidents or entry.status in EMPATHIC_FAILURE_STATUSES
            else 0
            for entry in appointments
        ),
        phq9=tuple(entry for entry in group if entry.phq9 is not None),
        gad7=tuple(entry for entry in group if entry.gad7 is not None),
        ended=ended_on(group, identity),
    )


def ended_on(entries: Sequence[Entry], identity: Identity) -> dt.date | None:
    """The day the client stopped seeing the therapist of ``entries`` (oldest first), if the
    course has ended: the registry's ``ended``, with no entry after it (a therapist seen again
    is active again; docs/therapists.md)."""
    record = identity.record(entries[-1].therapist)
    if record is None or record.ended is None:
        return None
    return record.ended if entries[-1].date <= record.ended else None


def latest(entries: Sequence[Entry], count: int, keep: Callable[[Entry], bool]) -> list[Entry]:
    """The last ``count`` of ``entries`` that ``keep`` accepts, oldest first (fewer if there
    are not that many), looking back only as far as it needs to."""
    found = list(islice(filter(keep, reversed(entries)), max(count, 0)))
    found.reverse()
    return found


def empathic_failures(entry: Entry) -> list[str]:
    """The empathic failures on one appointment: one per incident, plus a forgotten appointment.

    Returned as slugs (incident kinds and statuses) so that the text can say what happened.
    The caller passes appointments only: a client's own cancellation never counts against the
    therapist.
    """
    if not entry.incidents:  # most entries: spare them a comprehension
        return [entry.status.value] if entry.status in EMPATHIC_FAILURE_STATUSES else []
    failures = [
        incident.kind
        for incident in entry.incidents
        if incident.info.category is Category.EMPATHIC_FAILURE
    ]
    if entry.status in EMPATHIC_FAILURE_STATUSES:
        failures.append(entry.status.value)
    return failures


def repaired_empathic_failures(entry: Entry) -> list[str]:
    return [
        incident.kind
        for incident in entry.incidents
        if incident.repaired and incident.info.category is Category.EMPATHIC_FAILURE
    ]


def make_finding(
    rule: str,
    severity: Severity,
    history: TherapistHistory,
    *,
    title: str,
    evidence: Sequence[Entry],
    explanation: str,
    suggestion: str,
) -> Finding:
    """A finding whose evidence is listed oldest first, each entry once."""
    ordered = sorted({entry.id: entry for entry in evidence}.values(), key=entry_sort_key)
    return Finding(
        rule=rule,
        severity=severity,
        therapist=history.therapist,
        title=title,
        evidence=[entry.id for entry in ordered],
        explanation=explanation,
        suggestion=suggestion,
    )

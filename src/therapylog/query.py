"""Selecting entries: by period and therapist. Pure functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from therapylog.identity import Identity
from therapylog.model import Entry


def select_entries(
    entries: Iterable[Entry],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    therapist: str | None = None,
    identity: Identity | None = None,
) -> list[Entry]:
    """``therapist``: any spelling of the name, resolved by ``identity`` (normalised names and
    the registry's aliases, docs/therapists.md), as in every other command."""
    identity = identity if identity is not None else Identity()
    wanted = identity.key(therapist) if therapist is not None else None
    return [
        entry
        for entry in entries
        if (since is None or entry.date >= since)
        and (until is None or entry.date <= until)
        and (wanted is None or identity.key(entry.therapist) == wanted)
    ]

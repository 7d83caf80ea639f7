"""Selecting entries: by period and therapist. Pure functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from therapylog.model import Entry


def same_therapist(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def select_entries(
    entries: Iterable[Entry],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    therapist: str | None = None,
) -> list[Entry]:
    return [
        entry
        for entry in entries
        if (since is None or entry.date >= since)
        and (until is None or entry.date <= until)
        and (therapist is None or same_therapist(entry.therapist, therapist))
    ]

"""Therapists side by side, for ``report --all``: one row per therapist. Pure.

So that a client who has switched can see the difference a good fit makes
(docs/therapists.md): sessions, mood before at the start and lately, how sessions left them,
incidents per 10 appointments and the median alliance rating.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from therapylog.analysis.history import histories
from therapylog.data.catalogue import Category, Felt
from therapylog.data.identity import Identity

#: How many sessions make "the start" and "lately" of the mood before a session.
MOOD_SPAN = 3
_BETTER = frozenset({Felt.BETTER, Felt.MUCH_BETTER})
_WORSE = frozenset({Felt.WORSE, Felt.MUCH_WORSE})


@dataclass(frozen=True)
class TherapistComparison:
    therapist: str
    sessions: int  # attended
    mood_before_start: float | None  # mean of the first 3 attended sessions that have it
    mood_before_latest: float | None  # mean of the last 3 (None with fewer than 4 in all)
    better_share: float | None  # of the attended sessions with a "felt", the share better
    worse_share: float | None
    incidents_per_10: float | None  # incidents per 10 appointments
    alliance_median: float | None  # median of the alliance sums (0-40)
    ended: dt.date | None  # the course ended on this day

    def to_json(self) -> dict[str, Any]:
        document = asdict(self)
        document["ended"] = self.ended.isoformat() if self.ended else None
        return document


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def compare_therapists(
    entries: Sequence[Any], identity: Identity | None = None
) -> list[TherapistComparison]:
    """One row per therapist, in the order they were first seen."""
    rows = []
    for history in sorted(histories(entries, identity), key=lambda h: h.entries[0].date):
        moods = [e.mood_before for e in history.attended if e.mood_before is not None]
        felt = [level for e in history.attended if (level := e.effective_felt) is not None]
        incidents = sum(
            1
            for entry in history.entries
            for incident in entry.incidents
            if entry.is_appointment or incident.info.category is Category.BOUNDARY
        )
        alliance = [e.alliance.total for e in history.attended if e.alliance is not None]
        appointments = len(history.appointments)
        rows.append(
            TherapistComparison(
                therapist=history.therapist,
                sessions=len(history.attended),
                mood_before_start=_mean(moods[:MOOD_SPAN]),
                mood_before_latest=_mean(moods[-MOOD_SPAN:]) if len(moods) > MOOD_SPAN else None,
                better_share=round(sum(f in _BETTER for f in felt) / len(felt), 2)
                if felt
                else None,
                worse_share=round(sum(f in _WORSE for f in felt) / len(felt), 2) if felt else None,
                incidents_per_10=round(10 * incidents / appointments, 1) if appointments else None,
                alliance_median=float(statistics.median(alliance)) if alliance else None,
                ended=history.ended,
            )
        )
    return rows

"""Reliability: a therapist who keeps cancelling, missing or moving appointments."""

from __future__ import annotations

from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, make_finding
from therapylog.data.catalogue import RELIABILITY_STATUSES
from therapylog.data.model import Thresholds
from therapylog.data.words import capital, span, tally

UNRELIABLE = "therapist-unreliable"


def find_therapist_unreliable(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """``unreliable_events`` or more reliability events whose first and last are at most
    ``unreliable_days`` apart. The evidence is the latest such group, as large as it gets."""
    events = [entry for entry in history.appointments if entry.status in RELIABILITY_STATUSES]
    latest: tuple[int, int] | None = None
    first = 0
    # Two pointers: for each event, the earliest event still within the limit.
    for last, entry in enumerate(events):
        while (entry.date - events[first].date).days > thresholds.unreliable_days:
            first += 1
        if last - first + 1 >= thresholds.unreliable_events:
            latest = (first, last)
    if latest is None:
        return None
    group = events[latest[0] : latest[1] + 1]
    return make_finding(
        UNRELIABLE,
        Severity.WARNING,
        history,
        title=(
            f"{len(group)} cancellations or last-minute changes by the therapist within "
            f"{thresholds.unreliable_days} days"
        ),
        evidence=group,
        explanation=(
            f"{capital(span(group))}, {history.therapist} cancelled, missed, double-booked or "
            f"moved {len(group)} of your appointments: {tally(e.status.value for e in group)}. "
            f"therapylog flags {thresholds.unreliable_events} or more within "
            f"{thresholds.unreliable_days} days. Frequent cancellations and schedule changes "
            "make it hard to build momentum and can leave you feeling you are not a priority. "
            "Your own cancellations are never counted here."
        ),
        suggestion=(
            f"Ask {history.therapist} what is getting in the way and whether a steadier "
            "schedule is possible. If it keeps happening, it is fair to look for a therapist "
            "who can offer you regular, dependable sessions."
        ),
    )

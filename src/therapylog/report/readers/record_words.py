"""The consultation record's few sentences and the small facts its renderers share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from therapylog.data.catalogue import Status
from therapylog.data.dates import short_day
from therapylog.report.labels import STATUS_LABELS

if TYPE_CHECKING:
    from therapylog.data.model import Entry
    from therapylog.report.readers.record import TherapistRecord

RECORD_TITLE = "Therapy record"
#: Statuses as a third party reads them.
STATUS_WORDS: dict[str, str] = {
    **STATUS_LABELS,
    Status.CLIENT_CANCELLED: "cancelled by the client",
    Status.CLIENT_NO_SHOW: "the client did not attend",
}
INTRO = (
    "Kept by the client in a personal journal (therapylog), one entry per appointment, "
    "written soon after it; prepared on {day}. Everything below is as the client recorded "
    "it. Ratings H/G/A/O are the client's 0–10 ratings of feeling heard, working on their "
    "goals, the approach, and the session overall. Moods are 0–10."
)
NO_NOTES = "The client's free-text notes are left out of this copy."
NO_ENTRIES = "No entries in this period."


def damaged(count: int) -> str:
    """The record says when it is incomplete."""
    if not count:
        return ""
    noun = "file was" if count == 1 else "files were"
    return f"{count} damaged journal {noun} left out of this record."


def span(part: TherapistRecord) -> str:
    """``18 entries in this period, from … to ….`` and when the client stopped."""
    ended = f" The client stopped seeing them on {short_day(part.ended)}." if part.ended else ""
    if part.first is None or part.last is None:
        return "No entries in this period." + ended
    count = len(part.sessions)
    if count == 1:
        return f"One entry in this period, on {short_day(part.first)}." + ended
    if part.first == part.last:  # two appointments on one day
        every = "both" if count == 2 else "all"
        return f"{count} entries in this period, {every} on {short_day(part.first)}.{ended}"
    days = f"from {short_day(part.first)} to {short_day(part.last)}"
    return f"{count} entries in this period, {days}.{ended}"


def ratings(entry: Entry) -> str:
    a = entry.alliance
    return "" if a is None else f"{a.heard}/{a.goals}/{a.approach}/{a.overall}"


#: The columns of a therapist's sessions in the record.
SESSION_HEADER = [
    "Date",
    "Status",
    "Mood before",
    "after",
    "Felt",
    "Ratings H/G/A/O",
    "PHQ-9",
    "GAD-7",
]


def session_cells(entry: Entry) -> list[str]:
    """One session's row of the record, as plain text (every cell a date, a number or a word
    of the catalogue)."""
    felt = entry.effective_felt
    return [
        short_day(entry.date),
        STATUS_WORDS.get(entry.status, entry.status.value),
        "" if entry.mood_before is None else str(entry.mood_before),
        "" if entry.mood_after is None else str(entry.mood_after),
        felt.value if felt else "",
        ratings(entry),
        "" if entry.phq9 is None else str(entry.phq9),
        "" if entry.gad7 is None else str(entry.gad7),
    ]


def measures_line(part: TherapistRecord) -> str:
    """``PHQ-9: 13 (5 May 2026) to 16 (13 Oct 2026), 3 scores.`` for each measure recorded."""
    said = []
    for name, field in (("PHQ-9", "phq9"), ("GAD-7", "gad7")):
        scores = [
            (e.date, getattr(e, field)) for e in part.sessions if getattr(e, field) is not None
        ]
        if len(scores) == 1:
            said.append(f"{name}: {scores[0][1]} ({short_day(scores[0][0])})")
        elif scores:
            (d0, v0), (d1, v1) = scores[0], scores[-1]
            said.append(
                f"{name}: {v0} ({short_day(d0)}) to {v1} ({short_day(d1)}), {len(scores)} scores"
            )
    return "; ".join(said) + "." if said else ""

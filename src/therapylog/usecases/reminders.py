"""What ``therapylog status`` notices: the usual rhythm of appointments, an appointment that
looks missing from the journal, and the questionnaires that are due. Pure functions.

The rhythm is the median gap between the recent appointments with the current therapist
(the therapist of the latest entry): a median shrugs off one holiday or one extra session.
docs/reminders.md explains each rule and its numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from therapylog.data.catalogue import QuestionnaireRhythm
from therapylog.data.identity import Identity
from therapylog.data.model import Entry
from therapylog.data.questionnaires import PHQ9, QUESTIONNAIRES, Questionnaire

#: How many recent appointments with the current therapist the rhythm is read from.
RHYTHM_APPOINTMENTS = 7
#: Fewest appointments (two gaps) before a rhythm is named at all.
RHYTHM_MIN_APPOINTMENTS = 3
#: The window in which a questionnaire counts as recent, for the monthly rhythm.
MONTHLY_DAYS = 28
#: For the every-4th rhythm: sessions without a questionnaire before the next one is due.
EVERY_4TH_SESSIONS = 3


class Rhythm(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    IRREGULAR = "irregular"


#: Each regular rhythm: the gap it means (days) and the medians (days) that read as it.
RHYTHM_DAYS: dict[Rhythm, tuple[int, range]] = {
    Rhythm.WEEKLY: (7, range(5, 10)),
    Rhythm.FORTNIGHTLY: (14, range(11, 18)),
    Rhythm.MONTHLY: (28, range(25, 36)),
}


class Cadence(NamedTuple):
    """How often the client sees ``therapist``: ``rhythm``, read from ``median_gap``."""

    therapist: str
    rhythm: Rhythm
    median_gap: float
    appointments: int  # how many it was read from

    @property
    def days(self) -> int | None:
        """The gap the rhythm means, in days; ``None`` when irregular."""
        regular = RHYTHM_DAYS.get(self.rhythm)
        return regular[0] if regular else None


def cadence(entries: Sequence[Entry], identity: Identity | None = None) -> Cadence | None:
    """The rhythm with the therapist of the latest entry, or ``None`` when there are too few
    appointments to tell. ``entries`` oldest first; ``identity`` tells which spellings are
    the same therapist (docs/therapists.md). Every entry counts as a booked slot, whoever
    cancelled it; two on one day count once."""
    if not entries:
        return None
    identity = identity if identity is not None else Identity()
    therapist = entries[-1].therapist
    key = identity.key(therapist)
    days = sorted({entry.date for entry in entries if identity.key(entry.therapist) == key})
    recent = days[-RHYTHM_APPOINTMENTS:]
    if len(recent) < RHYTHM_MIN_APPOINTMENTS:
        return None
    median = statistics.median((b - a).days for a, b in itertools.pairwise(recent))
    rhythm = next(
        (name for name, (_, band) in RHYTHM_DAYS.items() if round(median) in band),
        Rhythm.IRREGULAR,
    )
    return Cadence(therapist, rhythm, median, len(recent))


class MissingAppointment(NamedTuple):
    """The journal is quiet for longer than the rhythm allows: an appointment on about
    ``expected`` may not have been recorded."""

    last: dt.date
    expected: dt.date
    cadence: Cadence


def missing_appointment(
    entries: Sequence[Entry], *, today: dt.date, identity: Identity | None = None
) -> MissingAppointment | None:
    """An appointment that looks missing: more than one and a half usual gaps since the
    latest entry, with a regular rhythm. Never for an irregular rhythm (nothing to expect),
    nor when the client ended therapy with that therapist after their latest entry."""
    identity = identity if identity is not None else Identity()
    if entries and _ended_since(entries[-1], identity):
        return None
    found = cadence(entries, identity)
    if found is None or found.days is None:
        return None
    last = entries[-1].date
    if (today - last).days <= found.days * 3 // 2:
        return None
    return MissingAppointment(last, last + dt.timedelta(days=found.days), found)


def _ended_since(latest: Entry, identity: Identity) -> bool:
    record = identity.record(latest.therapist)
    return record is not None and record.ended is not None and record.ended >= latest.date


def _score(entry: Entry, questionnaire: Questionnaire) -> int | None:
    return entry.phq9 if questionnaire is PHQ9 else entry.gad7


def questionnaires_due(
    entries: Sequence[Entry], *, today: dt.date, rhythm: QuestionnaireRhythm
) -> list[Questionnaire]:
    """The questionnaires to fill in at the next session (``entries`` oldest first):

    - ``every-session``: both, always;
    - ``every-4th``: each one not filled in at any of the last three attended sessions (or
      at any attended session yet, when there are fewer);
    - ``monthly``: each one not filled in on any entry of the last 28 days.

    A journal with no entries yet has nothing due: the first session comes first.
    """
    if not entries:
        return []
    if rhythm is QuestionnaireRhythm.EVERY_SESSION:
        return list(QUESTIONNAIRES.values())
    if rhythm is QuestionnaireRhythm.EVERY_4TH:
        recent = [entry for entry in entries if entry.attended][-EVERY_4TH_SESSIONS:]
    else:
        start = today - dt.timedelta(days=MONTHLY_DAYS - 1)
        recent = [entry for entry in entries if start <= entry.date <= today]
    return [q for q in QUESTIONNAIRES.values() if all(_score(entry, q) is None for entry in recent)]

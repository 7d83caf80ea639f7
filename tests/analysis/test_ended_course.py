"""When a course counts as ended: the registry's ``ended``, and no entry after it
(docs/therapists.md). The analysis checks this itself, so that a registry not yet cleared for
a therapist seen again never tells an ongoing therapy as the past."""

from __future__ import annotations

import datetime as dt

from therapylog.analysis import Finding, analyze
from therapylog.data.identity import Identity, Registry, TherapistRecord
from therapylog.data.model import Entry

from .factories import ANA, DEFAULT, incident, weekly

RECURRING = "recurring-empathic-failure"
DISMISSIVE = {"incidents": [incident("dismissive")]}


def recurring(entries: list[Entry], ended: dt.date) -> Finding:
    """The pattern's finding, with a registry that says the course with Ana ended on ``ended``."""
    identity = Identity(Registry((TherapistRecord(ANA, ended=ended),)))
    (finding,) = [
        f for f in analyze(entries, [], DEFAULT, identity=identity) if f.rule == RECURRING
    ]
    return finding


def test_a_course_ended_on_the_day_of_its_last_entry_is_over() -> None:
    entries = weekly([DISMISSIVE] * 3)
    finding = recurring(entries, entries[-1].date)
    assert finding.ended == entries[-1].date
    assert finding.title.endswith("in each of your 3 appointments")


def test_a_therapist_seen_after_the_end_is_seen_again_not_past() -> None:
    """The end was recorded on the day of the third session; one more came after it."""
    entries = weekly([DISMISSIVE, DISMISSIVE, {}, DISMISSIVE])
    finding = recurring(entries, entries[2].date)
    assert finding.ended is None
    assert finding.title.endswith("in 3 of your 4 appointments so far")

"""The words said about a course that has ended (docs/therapists.md, "Ended therapy"), read whole.

A client who has stopped seeing a therapist reads these: each must be true to what they
recorded, kind, and safe. Misconduct never gets "talk it over with them" or a closing session;
how the client felt is not assumed to have ended with the course.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from therapylog.analysis import analyze
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.past import reflective_suggestion
from therapylog.data.identity import Identity, Registry, TherapistRecord
from therapylog.data.model import Entry

from .factories import ANA, DEFAULT, incident, weekly

ENDED = dt.date(2025, 6, 30)
LOOK_BACK = "Talking it over with a new therapist can help you make sense of it."
CLOSING = (
    f"If the ending felt unfinished, you can ask {ANA} for one closing session to say what did "
    "not work for you; you do not owe them one."
)


def ended(rows: Sequence[dict[str, Any]]) -> dict[str, Finding]:
    """The findings about Ana, whose course ended on 30 June 2025, by rule."""
    identity = Identity(Registry((TherapistRecord(ANA, ended=ENDED),)))
    entries: list[Entry] = weekly(rows)
    found = analyze(entries, [], DEFAULT, identity=identity)
    assert all(f.ended == ENDED for f in found if f.therapist == ANA)
    return {f.rule: f for f in found}


def test_a_boundary_crossed_in_an_ended_course_is_not_yours_to_talk_over_with_them() -> None:
    found = ended([{"incidents": [incident("inappropriate-touch")]}, {"felt": "worse"}])
    assert found["boundary-violation"].suggestion == (
        f"What happened with {ANA} was not your fault, and you owe them no conversation about "
        "it. If it still weighs on you, talk it over with someone you trust or with another "
        "professional; reporting it to their licensing board is still an option now that you "
        "have stopped. If you are in danger, call your local emergency number."
    )


def test_feeling_unsafe_in_an_ended_course_keeps_where_to_report_and_turn() -> None:
    """Stopping ends the sessions, not the right to report nor the need for help in danger."""
    found = ended([{"incidents": [incident("felt-unsafe")]}])
    assert found["felt-unsafe"].suggestion == (
        "Trust that feeling: it was reason enough to stop, it was not your fault, and you owe "
        f"{ANA} no explanation. If it still weighs on you, talk it over with someone you trust "
        "or with another professional. If something happened that crossed a line, reporting "
        "it to their licensing board or professional body is still an option now that you "
        "have stopped; your dated record can help. If you start with someone new, you can let "
        "them know early what made you feel unsafe, so that they can help you feel safe. If "
        "you are in danger now, call your local emergency number."
    )


def test_feeling_worse_in_an_ended_course_is_not_said_to_be_behind_you() -> None:
    """The course is over; how the client feels may not be: help now comes first."""
    found = ended([{"felt": "worse"}] * 4)
    assert found["feeling-worse"].suggestion == (
        f"Your time with {ANA} is over, though how you feel may not have changed with it: if "
        "you are still struggling, you need not wait for a next therapist, as your doctor can "
        "help now. If you feel unsafe, contact your doctor, a crisis line or emergency services "
        "now. With a next therapist, look for whether sessions begin to help within the first "
        f"weeks, and say so early if they do not. {LOOK_BACK} {CLOSING}"
    )


@pytest.mark.parametrize(
    "rule", ["feeling-worse", "mood-decline", "no-improvement", "reliable-deterioration"]
)
def test_every_finding_about_how_you_felt_puts_help_now_first(rule: str) -> None:
    finding = Finding(rule, Severity.WARNING, ANA, "t", ["2025-01-06"], "e", "s")
    assert reflective_suggestion(finding, offer_closing=False) == (
        f"Your time with {ANA} is over, though how you feel may not have changed with it: if "
        "you are still struggling, you need not wait for a next therapist, as your doctor can "
        "help now. If you feel unsafe, contact your doctor, a crisis line or emergency services "
        "now. With a next therapist, look for whether sessions begin to help within the first "
        f"weeks, and say so early if they do not. {LOOK_BACK}"
    )


def test_what_went_well_in_an_ended_course_is_something_to_look_for_again() -> None:
    found = ended([{"incidents": [incident("forgot-details", repaired=True)]}])
    assert found["rupture-repaired"].suggestion == (
        f"This is part of what went well with {ANA}. Keep it in mind: it is something to look "
        "for, and to ask for, with a next therapist."
    )


def test_the_most_serious_concern_of_an_ended_course_offers_one_closing_session() -> None:
    """Five dismissive sessions (serious) and a red flag in the first three (a warning): the
    closing session is offered once, on the serious one; each says what to look for next."""
    found = ended([{"incidents": [incident("dismissive")]}] * 5)
    assert found["recurring-empathic-failure"].suggestion == (
        "This is behind you now. It may help to look back on it: with a next therapist, look "
        "for someone who is tuned in to you and notices when something lands badly. "
        f"{LOOK_BACK} {CLOSING}"
    )
    assert found["early-warning"].suggestion == (
        "This is behind you now. It may help to look back on it: with a next therapist, look "
        "for someone who is tuned in to you from the first sessions and explains how they "
        f"work. {LOOK_BACK}"
    )


def test_a_rule_without_its_own_words_still_gets_a_whole_sentence() -> None:
    """Every rule today has its own words of what to look for; one added later without them
    gets these, never a blank."""
    finding = Finding("a-later-rule", Severity.WARNING, ANA, "t", ["2025-01-06"], "e", "s")
    assert reflective_suggestion(finding, offer_closing=False) == (
        "This is behind you now. It may help to look back on it: with a next therapist, look "
        f"for what helped and what did not, so that you can ask for it early. {LOOK_BACK}"
    )

"""Findings about a therapist the client has stopped seeing, told as the past. Pure.

A layer over every rule's own words: when the registry says a course has ended (``ended`` set,
and no entry with that therapist after that day), each finding about it is marked ``ended``
and its suggestion becomes a reflective one: what to look for in a next therapist, talking it
over with a new one, and a closing session where none happened. Never "tell them" or "decide
whether to stay": that choice has been made (docs/therapists.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from therapylog.analysis.advice import IN_CRISIS
from therapylog.analysis.findings import SEVERITY_ORDER, Finding, Severity
from therapylog.analysis.goals import PROGRESS_UNRECORDED
from therapylog.analysis.incidents import IN_DANGER

if TYPE_CHECKING:
    from therapylog.analysis.history import TherapistHistory
    from therapylog.data.model import Entry

#: A session tagged this way was a closing session (``add --tag closing``).
CLOSING_TAG = "closing"

#: Misconduct: the client owes that therapist nothing, not even a closing session.
MISCONDUCT_RULES = frozenset({"boundary-violation", "felt-unsafe"})

#: What to look for next time, by rule: the good that was missing, said as something to seek.
LOOK_FOR: dict[str, str] = {
    # Neutral about the kinds recorded: the pattern may be forgetting, distraction or
    # dismissiveness, and these words must be true of each.
    "recurring-empathic-failure": "someone who is tuned in to you and notices when something "
    "lands badly",
    "early-warning": "someone who is tuned in to you from the first sessions and explains how "
    "they work",
    "therapist-unreliable": "someone who keeps the appointments they offer",
    "feeling-worse": "whether sessions begin to help within the first weeks, and say so "
    "early if they do not",
    "mood-decline": "whether sessions begin to help within the first weeks, and say so "
    "early if they do not",
    "no-improvement": "whether sessions begin to help within the first weeks, and say so "
    "early if they do not",
    "reliable-deterioration": "whether sessions begin to help within the first weeks, and "
    "say so early if they do not",
    "goal-stagnation": "agreeing on goals together at the start and checking on them now and then",
    "progress-unrecorded": "agreeing on goals together at the start and checking on them now "
    "and then",
    "alliance-low": "feeling heard, and working on what you want in a way that suits you",
    "alliance-dip": "feeling heard, and working on what you want in a way that suits you",
}
DEFAULT_LOOK_FOR = "what helped and what did not, so that you can ask for it early"

#: Findings about how the client felt: the course has ended, but the feeling may not have.
FEELING_RULES = frozenset(
    {"feeling-worse", "mood-decline", "no-improvement", "reliable-deterioration"}
)


def had_closing_session(entries: Sequence[Entry]) -> bool:
    return any(CLOSING_TAG in entry.tags for entry in entries)


def reflective_suggestion(finding: Finding, *, offer_closing: bool) -> str:
    """What a client can do about a finding from a course that has ended; ``offer_closing``:
    mention asking for a closing session (once per course, see :func:`as_past`)."""
    name = finding.therapist
    if finding.rule == "boundary-violation":
        return (
            f"What happened with {name} was not your fault, and you owe them no conversation "
            "about it. If it still weighs on you, talk it over with someone you trust or with "
            "another professional; reporting it to their licensing board is still an option "
            "now that you have stopped. If you are in danger, call your local emergency number."
        )
    if finding.rule == "felt-unsafe":
        # Still where to turn and how to report: stopping ends the sessions, not the right to
        # report or the need for help in danger (docs/therapists.md).
        return (
            f"Trust that feeling: it was reason enough to stop, it was not your fault, and you "
            f"owe {name} no explanation. If it still weighs on you, talk it over with someone "
            "you trust or with another professional. If something happened that crossed a "
            "line, reporting it to their licensing board or professional body is still an "
            "option now that you have stopped; your dated record can help. If you start with "
            "someone new, you can let them know early what made you feel unsafe, so that they "
            f"can help you feel safe. {IN_DANGER}"
        )
    if finding.severity is Severity.POSITIVE:
        return (
            f"This is part of what went well with {name}. Keep it in mind: it is something to "
            "look for, and to ask for, with a next therapist."
        )
    look_for = LOOK_FOR.get(finding.rule, DEFAULT_LOOK_FOR)
    if finding.rule in FEELING_RULES:
        # The course is over, but how the client feels may not be: help now comes first.
        text = (
            f"Your time with {name} is over, though how you feel may not have changed with it: "
            "if you are still struggling, you need not wait for a next therapist, as your "
            "doctor can help now. "
            f"{IN_CRISIS} With a next therapist, look for {look_for}."
        )
    else:
        text = (
            "This is behind you now. It may help to look back on it: with a next therapist, "
            f"look for {look_for}."
        )
    text += " Talking it over with a new therapist can help you make sense of it."
    if offer_closing:
        text += (
            f" If the ending felt unfinished, you can ask {name} for one closing session to "
            "say what did not work for you; you do not owe them one."
        )
    return text


def as_past(findings: list[Finding], history: TherapistHistory) -> list[Finding]:
    """``findings`` (all about ``history``'s therapist), marked ``ended`` with a reflective
    suggestion when the course has ended (``history.ended``), without the reminder to record
    goal progress; unchanged otherwise. The rules have already worded their titles and
    explanations for an ended course."""
    ended = history.ended
    if ended is None:
        return findings
    # A reminder to note how goals are moving means nothing once the course is over.
    findings = [finding for finding in findings if finding.rule != PROGRESS_UNRECORDED]
    closing = _closing_offered_on(findings, history)
    return [
        replace(
            finding,
            ended=ended,
            suggestion=reflective_suggestion(finding, offer_closing=finding is closing),
        )
        for finding in findings
    ]


def _closing_offered_on(findings: list[Finding], history: TherapistHistory) -> Finding | None:
    """The one finding whose suggestion offers a closing session: the most serious concern of
    a course that had none. Never after misconduct: the client owes that therapist nothing."""
    if had_closing_session(history.entries):
        return None
    if any(finding.rule in MISCONDUCT_RULES for finding in findings):
        return None
    concerns = [f for f in findings if f.severity in {Severity.SERIOUS, Severity.WARNING}]
    return min(concerns, key=lambda f: SEVERITY_ORDER[f.severity], default=None)

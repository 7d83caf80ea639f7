"""Empathic failure: the recurring pattern, and the single rupture that was repaired.

The distinction at the heart of therapylog: one mistake that the therapist owns and makes
right is a normal part of therapy and good news; a pattern that keeps coming back deserves
attention whether or not each instance was repaired.
"""

from __future__ import annotations

from itertools import accumulate
from operator import sub
from typing import NamedTuple

from therapylog.analysis.advice import SECOND_OPINION, TALK_FIRST
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import (
    TherapistHistory,
    empathic_failures,
    make_finding,
    repaired_empathic_failures,
)
from therapylog.data.model import Thresholds
from therapylog.data.words import happened, in_all, join, share, span, tally

RECURRING = "recurring-empathic-failure"
REPAIRED = "rupture-repaired"


class _Window(NamedTuple):
    severity: Severity
    start: int  # index of the window's first appointment
    size: int
    failures: int


def _severity(failures: int, thresholds: Thresholds) -> Severity | None:
    if failures >= thresholds.empathic_serious:
        return Severity.SERIOUS
    if failures >= thresholds.empathic_warning:
        return Severity.WARNING
    return None


def _worst_window(history: TherapistHistory, thresholds: Thresholds) -> _Window | None:
    """The latest run of ``empathic_window`` consecutive appointments at the worst severity.

    With fewer appointments than the window, all of them are the one window. A running sum
    keeps this linear in the number of appointments.
    """
    counts = history.empathic_counts
    if not counts:
        return None
    size = min(thresholds.empathic_window, len(counts))
    sums = [0, *accumulate(counts)]
    totals = list(map(sub, sums[size:], sums))  # totals[start]: failures from ``start`` on
    severity = _severity(max(totals), thresholds)
    if severity is None:
        return None
    least = (
        thresholds.empathic_serious if severity is Severity.SERIOUS else thresholds.empathic_warning
    )
    start = next(start for start in reversed(range(len(totals))) if totals[start] >= least)
    return _Window(severity, start, size, totals[start])


def _where(window: _Window, history: TherapistHistory, thresholds: Thresholds) -> str:
    """Which appointments, counted as a person counts them: ``in 6 of your last 8
    appointments``; ``in 3 of your 5 appointments so far``; ``in 4 of 8 appointments in a row
    between …`` for a run that is not the latest."""
    appointments = history.appointments[window.start : window.start + window.size]
    slipped = sum(1 for entry in appointments if empathic_failures(entry))
    if len(history.appointments) < thresholds.empathic_window:
        # (a course that has ended has no "so far": its count is the whole of it)
        so_far = "" if history.ended else " so far"
        return f"in {share(slipped, window.size, 'appointment', last=False)}{so_far}"
    if window.start + window.size == len(history.appointments):
        return f"in {share(slipped, window.size, 'appointment')}"
    return f"in {slipped} of {window.size} appointments in a row, {span(appointments)}"


def find_recurring_empathic_failure(
    history: TherapistHistory, thresholds: Thresholds
) -> Finding | None:
    """``empathic_warning`` or more empathic failures in some run of ``empathic_window``
    consecutive appointments, repaired or not; serious at ``empathic_serious``. Each incident
    and each forgotten appointment counts once."""
    window = _worst_window(history, thresholds)
    if window is None:
        return None
    appointments = history.appointments[window.start : window.start + window.size]
    evidence = [entry for entry in appointments if empathic_failures(entry)]
    failures = [slug for entry in evidence for slug in empathic_failures(entry)]
    repaired = sum(len(repaired_empathic_failures(entry)) for entry in evidence)
    where = _where(window, history, thresholds)
    slips = in_all(window.failures, len(evidence), "slip")
    explanation = (
        f"With {history.therapist}, {where}, you recorded "
        f"{'moments' if window.failures > 1 else 'a moment'} when your therapist was not "
        f"attuned to you{slips}: {tally(failures)}. therapylog counts "
        "forgotten details and sessions, distraction, dismissiveness and the like, and "
        "appointments the therapist forgot (no-shows, double-booking). It calls "
        f"{thresholds.empathic_warning} or more in any {thresholds.empathic_window} consecutive "
        f"appointments a pattern, and {thresholds.empathic_serious} or more serious. "
        "Every therapist slips now and then; what matters is when it keeps happening. If you "
        "grew up around people who were rarely tuned in to you, this can feel normal, which "
        "is exactly why a dated record helps."
    )
    if repaired:
        explanation += (
            f" {'One' if repaired == 1 else str(repaired)} of these "
            f"{'was' if repaired == 1 else 'were'} acknowledged and repaired, and that is "
            "good to see; but a pattern that keeps coming back deserves attention even when "
            "each slip is repaired."
        )
    suggestion = (
        f"{TALK_FIRST}: bring this list to {history.therapist}, name the pattern rather than "
        "only the latest slip, and ask what will change. "
        f"{SECOND_OPINION}, and help you decide whether to stay."
    )
    if window.severity is Severity.SERIOUS:
        suggestion += (
            " Feeling unheard again and again is a good reason to leave: looking for a "
            "therapist who is more attuned to you is a sound choice, not a failure."
        )
    return make_finding(
        RECURRING,
        window.severity,
        history,
        title=f"A recurring pattern of empathic failure, {where}{slips}",
        evidence=evidence,
        explanation=explanation,
        suggestion=suggestion,
    )


def find_rupture_repaired(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """An empathic failure the therapist acknowledged and repaired, with no recurring pattern."""
    if _worst_window(history, thresholds) is not None:
        return None
    evidence = [entry for entry in history.appointments if repaired_empathic_failures(entry)]
    if not evidence:
        return None
    repaired = [slug for entry in evidence for slug in repaired_empathic_failures(entry)]
    one = len(repaired) == 1
    return make_finding(
        REPAIRED,
        Severity.POSITIVE,
        history,
        title="A rupture that was repaired" if one else "Ruptures that were repaired",
        evidence=evidence,
        explanation=(
            f"You recorded {'a mistake' if one else 'mistakes'} "
            f"({join([happened(kind) for kind in dict.fromkeys(repaired)])}) {span(evidence)}, "
            "and that "
            f"{history.therapist} acknowledged {'it' if one else 'them'} and made "
            f"{'it' if one else 'them'} right. An occasional rupture that is owned and "
            "repaired is a normal part of therapy, and can even strengthen it: it shows the "
            "relationship can hold a difficulty. There is no recurring pattern "
            f"({thresholds.empathic_warning} or more empathic failures in "
            f"{thresholds.empathic_window} consecutive appointments) in your appointments with "
            f"{history.therapist}."
        ),
        suggestion=(
            f"Nothing you need to do. If you like, let {history.therapist} know that you "
            "noticed: saying what works is feedback too."
        ),
    )

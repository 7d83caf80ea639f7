"""The analyzer (docs/analysis.md): entries, goals and thresholds in, findings out.

Pure: nothing here reads files or talks to the terminal. Each rule family lives in its own
module, one small function per rule; :func:`analyze` runs them for each therapist in turn.
Everything is linear in the number of entries after one sort.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from therapylog.analysis.alliance import find_alliance_dip, find_alliance_low
from therapylog.analysis.empathy import find_recurring_empathic_failure, find_rupture_repaired
from therapylog.analysis.findings import SEVERITY_ORDER, Finding, Severity
from therapylog.analysis.goals import find_goal_stagnation, find_progress_unrecorded
from therapylog.analysis.history import TherapistHistory, histories
from therapylog.analysis.incidents import (
    find_boundary_violation,
    find_early_warning,
    find_felt_unsafe,
)
from therapylog.analysis.measures import (
    find_recovery,
    find_reliable_deterioration,
    find_reliable_improvement,
)
from therapylog.analysis.outcomes import find_feeling_worse, find_mood_decline, find_no_improvement
from therapylog.analysis.past import as_past
from therapylog.analysis.reliability import find_therapist_unreliable
from therapylog.analysis.safety import SELF_HARM, find_thoughts_of_self_harm
from therapylog.data.model import Entry, Goal, Thresholds

if TYPE_CHECKING:
    from therapylog.data.identity import Identity

__all__ = [
    "RULES",
    "SEVERITY_ORDER",
    "Finding",
    "Severity",
    "analyze",
    "analyze_therapist",
    "sort_findings",
]

#: Every rule id of docs/analysis.md, in the order of its table.
RULES: tuple[str, ...] = (
    "recurring-empathic-failure",
    "rupture-repaired",
    "therapist-unreliable",
    "boundary-violation",
    "felt-unsafe",
    "early-warning",
    "feeling-worse",
    "goal-stagnation",
    "progress-unrecorded",
    "mood-decline",
    "no-improvement",
    "reliable-deterioration",
    "reliable-improvement",
    "recovery",
    "alliance-low",
    "alliance-dip",
    "thoughts-of-self-harm",
)


def analyze_therapist(
    history: TherapistHistory, goals: Sequence[Goal], thresholds: Thresholds
) -> list[Finding]:
    """Every rule, for one therapist: at most one finding per rule."""
    candidates = (
        find_recurring_empathic_failure(history, thresholds),
        find_rupture_repaired(history, thresholds),
        find_therapist_unreliable(history, thresholds),
        find_boundary_violation(history),
        find_felt_unsafe(history, thresholds),
        find_early_warning(history, thresholds),
        find_feeling_worse(history, thresholds),
        find_goal_stagnation(history, goals, thresholds),
        find_progress_unrecorded(history, goals, thresholds),
        find_mood_decline(history, thresholds),
        find_no_improvement(history, thresholds),
        find_reliable_deterioration(history, thresholds),
        find_reliable_improvement(history, thresholds),
        find_recovery(history, thresholds),
        find_alliance_low(history, thresholds),
        find_alliance_dip(history, thresholds),
    )
    return [finding for finding in candidates if finding is not None]


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """The most pressing first (thoughts of self-harm before anything else), then by
    therapist and rule, so the order never wobbles."""
    return sorted(
        findings,
        key=lambda f: (f.rule != SELF_HARM, SEVERITY_ORDER[f.severity], f.therapist or "", f.rule),
    )


def analyze(
    entries: Sequence[Entry],
    goals: Sequence[Goal],
    thresholds: Thresholds,
    *,
    identity: Identity | None = None,
) -> list[Finding]:
    """All findings for a journal, in any order of entries, one therapist at a time, and the
    one about the client's own safety, across every therapist.

    ``identity`` tells therapists apart (normalised names and the registry's aliases); the
    findings about a therapist the client has stopped seeing are then told as the past
    (:mod:`therapylog.analysis.past`).
    """
    findings = [
        finding
        for history in histories(entries, identity)
        for finding in as_past(analyze_therapist(history, goals, thresholds), history)
    ]
    self_harm = find_thoughts_of_self_harm(entries)
    if self_harm is not None:
        findings.append(self_harm)
    return sort_findings(findings)

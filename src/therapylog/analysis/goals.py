"""Goals: sessions that go on without moving any of the client's active goals."""

from __future__ import annotations

from collections.abc import Sequence

from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, make_finding
from therapylog.analysis.text import SECOND_OPINION, join, span
from therapylog.catalogue import ProgressLevel
from therapylog.model import Entry, Goal, Thresholds

GOAL_STAGNATION = "goal-stagnation"


def _moved(entry: Entry, active: set[str]) -> bool:
    return any(
        level is not ProgressLevel.NONE
        for goal_id, level in entry.progress.items()
        if goal_id in active
    )


def find_goal_stagnation(
    history: TherapistHistory, goals: Sequence[Goal], thresholds: Thresholds
) -> Finding | None:
    """``stagnation_sessions`` or more attended sessions, at least one goal active now, and
    none of the last ``stagnation_window`` attended sessions recording progress above none on
    an active goal. A session that records nothing counts as no progress."""
    active = [goal for goal in goals if goal.active]
    sessions = len(history.attended)
    if not active or sessions < thresholds.stagnation_sessions:
        return None
    window = history.attended[-thresholds.stagnation_window :]
    ids = {goal.id for goal in active}
    if any(_moved(entry, ids) for entry in window):
        return None
    titles = join([f'"{goal.title}"' for goal in active])
    return make_finding(
        GOAL_STAGNATION,
        Severity.WARNING,
        history,
        title=f"No progress on your goals in your last {len(window)} sessions",
        evidence=window,
        explanation=(
            f"You have had {sessions} sessions with {history.therapist}. In the last "
            f"{len(window)} ({span(window)}) you recorded no progress on "
            f"{'your active goal' if len(active) == 1 else 'any of your active goals'}: "
            f"{titles}. therapylog looks once you have had {thresholds.stagnation_sessions} "
            f"sessions and flags {thresholds.stagnation_window} in a row without progress. "
            "Progress is rarely a straight line, but no movement for this long is worth "
            "talking about."
        ),
        suggestion=(
            f"Review your goals with {history.therapist}: are they still the right ones, and "
            "is the way of working helping you reach them? Ask how they see your progress and "
            f"what might change. {SECOND_OPINION}."
        ),
    )

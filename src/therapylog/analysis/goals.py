"""Goals: sessions that go on without moving any of the client's active goals, and a gentle
reminder when progress has not been recorded at all.

A goal absent from an entry's ``progress`` was not answered (the interview lets the client
skip it): that is unknown, never "no progress". ``goal-stagnation`` reads only the sessions
that answered; ``progress-unrecorded`` is the reminder, never a verdict on therapy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from therapylog.analysis.advice import SECOND_OPINION
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, latest, make_finding
from therapylog.data.catalogue import ProgressLevel
from therapylog.data.model import Entry, Goal, Thresholds
from therapylog.data.words import few, join, plural, span

GOAL_STAGNATION = "goal-stagnation"
PROGRESS_UNRECORDED = "progress-unrecorded"


def _answered(active: set[str]) -> Callable[[Entry], bool]:
    def answered(entry: Entry) -> bool:
        return bool(entry.progress) and not active.isdisjoint(entry.progress)

    return answered


def _moved(entry: Entry, active: set[str]) -> bool:
    return any(
        level is not ProgressLevel.NONE
        for goal_id, level in entry.progress.items()
        if goal_id in active
    )


def _titles(active: Sequence[Goal]) -> str:
    return join([f'"{goal.title}"' for goal in active])


def find_goal_stagnation(
    history: TherapistHistory, goals: Sequence[Goal], thresholds: Thresholds
) -> Finding | None:
    """``stagnation_sessions`` or more attended sessions, at least one goal active now, and in
    the last ``stagnation_window`` attended sessions that answered progress for an active goal,
    every such answer ``none``. Silent with fewer answered sessions than that."""
    active = [goal for goal in goals if goal.active]
    sessions = len(history.attended)
    if not active or sessions < thresholds.stagnation_sessions:
        return None
    ids = {goal.id for goal in active}
    window = latest(history.attended, thresholds.stagnation_window, _answered(ids))
    if len(window) < thresholds.stagnation_window or any(_moved(e, ids) for e in window):
        return None
    return make_finding(
        GOAL_STAGNATION,
        Severity.WARNING,
        history,
        title=f"No progress on your goals the {few('last', len(window), 'time')} you recorded it",
        evidence=window,
        explanation=(
            f"You have had {plural(sessions, 'session')} with {history.therapist}. The "
            f"{few('last', len(window), 'time')} you recorded progress ({span(window)}), you recorded "
            "none on "
            f"{'your active goal' if len(active) == 1 else 'any of your active goals'}: "
            f"{_titles(active)}. Sessions where you left progress blank are not counted: a "
            "blank is not a 'none'. therapylog looks once you have had "
            f"{thresholds.stagnation_sessions} sessions and needs "
            f"{thresholds.stagnation_window} answers. Progress is rarely a straight line, but "
            "no movement for this long is worth talking about."
        ),
        suggestion=(
            f"Review your goals with {history.therapist}: are they still the right ones, and "
            "is the way of working helping you reach them? Ask how they see your progress and "
            f"what might change. {SECOND_OPINION}."
        ),
    )


def find_progress_unrecorded(
    history: TherapistHistory, goals: Sequence[Goal], thresholds: Thresholds
) -> Finding | None:
    """At least one goal active now, ``unrecorded_sessions`` or more attended sessions, and
    none of the last ``unrecorded_sessions`` answered progress for an active goal."""
    active = [goal for goal in goals if goal.active]
    count = thresholds.unrecorded_sessions
    if not active or len(history.attended) < count:
        return None
    window = history.attended[-count:]
    ids = {goal.id for goal in active}
    if any(map(_answered(ids), window)):
        return None
    one = len(active) == 1
    return make_finding(
        PROGRESS_UNRECORDED,
        Severity.INFO,
        history,
        # (a reminder about note-taking: never worded as if the therapy made no progress)
        title=f"You haven't noted goal progress in your {few('last', len(window), 'session')}",
        evidence=window,
        explanation=(
            f"You have {'an active goal' if one else 'active goals'} ({_titles(active)}), and "
            f"in your {few('last', len(window), 'session')} with {history.therapist} ({span(window)}) you "
            f"did not record how {'it was' if one else 'they were'} moving. That is fine, and therapylog does not read a "
            "blank as 'no progress'. A quick note, even 'none' or 'slight', is what lets it "
            "show you when a goal is moving, and when it is stuck."
        ),
        suggestion=(
            "When you next record a session, add a word on each goal (in the interview, or "
            "with --progress GOAL=LEVEL). If a goal no longer fits, you can mark it reached "
            "with `therapylog goals done` or let it go with `therapylog goals drop`."
        ),
    )

"""How sessions leave the client: feeling worse afterwards, a falling mood, no improvement.

Only attended sessions count here: a cancelled appointment says nothing about how a session
felt.
"""

from __future__ import annotations

from therapylog.analysis.advice import SECOND_OPINION, TALK_FIRST
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, latest, make_finding
from therapylog.analysis.measures import find_reliable_improvement
from therapylog.data.catalogue import Felt
from therapylog.data.model import Entry, Thresholds
from therapylog.data.words import capital, dates, few, mean, number, points, setting, share

FEELING_WORSE = "feeling-worse"
MOOD_DECLINE = "mood-decline"
NO_IMPROVEMENT = "no-improvement"

_WORSE = frozenset({Felt.WORSE, Felt.MUCH_WORSE})
# Means of whole numbers compared with a threshold such as 2.0: allow for float rounding.
_EPSILON = 1e-9


def find_feeling_worse(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """Of the last ``worse_window`` attended sessions with a felt (given or derived from the
    moods), ``worse_count`` or more left the client worse; needs ``worse_count`` such sessions."""
    window = latest(history.attended, thresholds.worse_window, _has_felt)
    if len(window) < thresholds.worse_count:
        return None
    worse = [entry for entry in window if entry.effective_felt in _WORSE]
    if len(worse) < thresholds.worse_count:
        return None
    return make_finding(
        FEELING_WORSE,
        Severity.WARNING,
        history,
        title=f"{capital(share(len(worse), len(window), 'session'))} left you feeling worse",
        evidence=worse,
        explanation=(
            f"Of your {few('last', len(window), 'session')} with {history.therapist} where you noted how "
            "you felt afterwards (or gave your mood before and after), "
            f"{len(worse)} left you worse or much worse: {dates(worse)}. therapylog flags "
            f"{thresholds.worse_count} or more of the last {thresholds.worse_window}. Some hard "
            "sessions are part of therapy, but over time therapy should leave you more hopeful "
            "and more capable. Feeling worse after most sessions is a signal worth taking "
            "seriously, and therapists often do not notice it unless they are told."
        ),
        suggestion=(
            f"{TALK_FIRST}: tell {history.therapist} how sessions have been leaving you and "
            f"ask what they make of it. {SECOND_OPINION}. It is all right to leave therapy "
            "that keeps making you feel worse."
        ),
    )


def _has_felt(entry: Entry) -> bool:
    return entry.effective_felt is not None


def _has_mood(entry: Entry) -> bool:
    return entry.mood_before is not None


def _slope_is_negative(moods: list[int]) -> bool:
    """The sign of the least-squares slope of mood against session number, in whole numbers."""
    count = len(moods)
    sum_x = count * (count - 1) // 2
    sum_xy = sum(index * mood for index, mood in enumerate(moods))
    return count * sum_xy - sum_x * sum(moods) < 0


def _moods(history: TherapistHistory) -> list[Entry]:
    return list(filter(_has_mood, history.attended))


def _before(entries: list[Entry]) -> list[int]:
    return [entry.mood_before for entry in entries if entry.mood_before is not None]


def find_mood_decline(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """Over the last ``mood_window`` attended sessions with a mood before: a falling
    least-squares trend, and the last ``mood_edge`` at least ``mood_drop`` points below the
    first ``mood_edge``. Silent with fewer than ``mood_min_sessions`` such sessions."""
    window = latest(history.attended, thresholds.mood_window, _has_mood)
    edge = thresholds.mood_edge
    if len(window) < max(thresholds.mood_min_sessions, 2 * edge):
        return None
    moods = _before(window)
    start, end = mean(moods[:edge]), mean(moods[-edge:])
    if not _slope_is_negative(moods) or start - end < thresholds.mood_drop - _EPSILON:
        return None
    return make_finding(
        MOOD_DECLINE,
        Severity.WARNING,
        history,
        title=f"Your mood before sessions has been falling, from {number(start)} to {number(end)}",
        evidence=window,
        explanation=(
            f"Over your last {len(window)} sessions with {history.therapist}, your mood before "
            f"the session went from an average of {number(start)} (the first {edge}) to "
            f"{number(end)} (the last {edge}), and the trend across all of them is downward. "
            "therapylog flags a falling trend over the last "
            f"{thresholds.mood_window} sessions when the last {edge} average at least "
            f"{points(thresholds.mood_drop, exact=True)} below the first {edge}. A slide like this is easy "
            "to miss from one week to the next."
        ),
        suggestion=(
            f"Show these numbers to {history.therapist} and ask whether the plan should change. "
            f"{SECOND_OPINION}. If you are struggling between sessions, ask what support is "
            "available; if you feel unsafe, contact your doctor, a crisis line or emergency "
            "services now."
        ),
    )


def _compared(start: float, end: float, edge: int, gain: float) -> str:
    """The last sessions' mood against the first's, said as it is: "no higher than at the
    start" when it is not higher (never "less than 1 point better" for a fall)."""
    if end <= start + _EPSILON:
        return (
            f"is no higher than at the start ({number(start)} then, {number(end)} now, "
            f"averaged over the first and the last {edge})"
        )
    return (
        f"averages {number(end)} in the last {edge}, against {number(start)} in the first "
        f"{edge}: less than {points(gain, exact=True)} better"
    )


def find_no_improvement(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """After ``improvement_sessions`` attended sessions, the mean mood before of the last
    ``improvement_edge`` (with a mood) is less than ``improvement_gain`` above the first's and
    below ``improvement_well`` (a client who is doing well and stays well is not "not
    improving"), and the questionnaires show no reliable improvement."""
    sessions = len(history.attended)
    edge = thresholds.improvement_edge
    with_mood = _moods(history)
    # Needs two separate ends to compare; overlapping ends would compare a session with itself.
    if sessions < thresholds.improvement_sessions or len(with_mood) < 2 * edge:
        return None
    first, last = with_mood[:edge], with_mood[-edge:]
    start, end = mean(_before(first)), mean(_before(last))
    gain = thresholds.improvement_gain
    if end - start >= gain - _EPSILON or end >= thresholds.improvement_well - _EPSILON:
        return None
    if find_reliable_improvement(history, thresholds) is not None:
        return None
    return make_finding(
        NO_IMPROVEMENT,
        Severity.WARNING,
        history,
        title=f"Not yet improving after {sessions} sessions",
        evidence=[*first, *last],
        explanation=(
            f"After {sessions} sessions with {history.therapist}, your mood before sessions "
            f"{_compared(start, end, edge, gain)}, and below "
            f"{setting(thresholds.improvement_well)}. therapylog looks once you have had "
            f"{thresholds.improvement_sessions} sessions. Research on tracking progress in "
            "therapy (Michael Lambert's 'not on track' idea) suggests that when someone is not "
            "improving after a reasonable number of sessions, it is time to review the plan "
            "together. It does not mean therapy has failed, or that you have."
        ),
        suggestion=(
            f"Ask {history.therapist} how they see your progress and what they would change: "
            f"a different focus, a different approach, more or less often. {SECOND_OPINION}."
        ),
    )

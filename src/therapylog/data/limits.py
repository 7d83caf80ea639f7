"""The range of each analysis threshold: one rule for ``settings.toml``, backups and the index.

Validation (:mod:`therapylog.data.schemas`) refuses a settings file whose thresholds leave these
ranges, and the journal's caches ignore a stored copy that does. Kept apart from the schemas so
that checking a value costs no pydantic import at start-up.
"""

from __future__ import annotations

from typing import Any

#: The range of each threshold, the same for ``check``, ``import`` and the reports: counts of
#: sessions up to 1000, days up to ten years, scores within their questionnaire's range, mood
#: points within the 0-10 scale. Whole numbers, except the points (given as floats below).
_SESSIONS = (1, 1000)
THRESHOLD_LIMITS: dict[str, tuple[int | float, int | float]] = {
    "empathic_window": _SESSIONS,
    "empathic_warning": _SESSIONS,
    "empathic_serious": _SESSIONS,
    "unreliable_events": _SESSIONS,
    "unreliable_days": (1, 3650),
    "early_sessions": _SESSIONS,
    "unsafe_serious": _SESSIONS,
    "worse_window": _SESSIONS,
    "worse_count": _SESSIONS,
    "stagnation_sessions": _SESSIONS,
    "stagnation_window": _SESSIONS,
    "unrecorded_sessions": _SESSIONS,
    "mood_window": (2, 1000),
    "mood_min_sessions": (2, 1000),
    "mood_edge": _SESSIONS,
    "mood_drop": (0.1, 10.0),
    "improvement_sessions": _SESSIONS,
    "improvement_edge": _SESSIONS,
    "improvement_gain": (0.1, 10.0),
    "improvement_well": (0.1, 10.0),
    "phq9_reliable_change": (1, 27),
    "gad7_reliable_change": (1, 21),
    "phq9_caseness": (1, 27),
    "gad7_caseness": (1, 21),
    "alliance_cutoff": (1, 40),
    "alliance_low_total": (1, 40),
    "alliance_low_rating": (1, 10),
    "alliance_window": _SESSIONS,
    "alliance_low_count": _SESSIONS,
    "alliance_drop": (1, 40),
    "alliance_baseline": _SESSIONS,
}


def threshold_problem(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be the threshold ``name``, or None if it can."""
    low, high = THRESHOLD_LIMITS[name]
    points = isinstance(low, float)
    if isinstance(value, bool) or not isinstance(value, (int, float) if points else int):
        kind = "a number" if points else "a whole number"
        return f"{value!r} is not {kind}; use {kind} from {low:g} to {high:g}"
    if not low <= value <= high:  # NaN fails this too
        kind = "a number" if points else "a whole number"
        return f"{value!r} is out of range; use {kind} from {low:g} to {high:g}"
    return None

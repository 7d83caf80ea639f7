"""The working alliance: how the client rated being heard, the goals and the approach."""

from __future__ import annotations

from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, latest, make_finding
from therapylog.analysis.text import SECOND_OPINION, dates, join
from therapylog.catalogue import ALLIANCE_SCALES
from therapylog.model import Alliance, Entry, Thresholds

ALLIANCE_LOW = "alliance-low"


def _weakest_scale(ratings: list[Alliance]) -> str:
    """The description of the scale rated lowest overall, for the client to name."""
    totals = {name: sum(getattr(rating, name) for rating in ratings) for name, _ in ALLIANCE_SCALES}
    weakest = min(ALLIANCE_SCALES, key=lambda scale: totals[scale[0]])
    return weakest[1]


def _rated(entry: Entry) -> bool:
    return entry.alliance is not None


def _total(entry: Entry) -> int:
    return entry.alliance.total if entry.alliance is not None else 0


def find_alliance_low(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """An alliance total below ``alliance_cutoff`` in ``alliance_low_count`` or more of the
    last ``alliance_window`` rated sessions. With fewer rated sessions than that count, all of
    them must be low; a single rating on its own stays silent."""
    window = latest(history.attended, thresholds.alliance_window, _rated)
    if len(window) < min(2, thresholds.alliance_window):
        return None
    low = [entry for entry in window if _total(entry) < thresholds.alliance_cutoff]
    if len(low) < min(thresholds.alliance_low_count, len(window)):
        return None
    scores = join([str(_total(entry)) for entry in low])
    share = (
        f"each of your last {len(window)}"
        if len(low) == len(window)
        else f"{len(low)} of your last {len(window)}"
    )
    weakest = _weakest_scale([entry.alliance for entry in low if entry.alliance is not None])
    return make_finding(
        ALLIANCE_LOW,
        Severity.WARNING,
        history,
        title=f"Low alliance ratings in {share} rated sessions",
        evidence=low,
        explanation=(
            f"In {share} rated sessions with "
            f"{history.therapist} ({dates(low)}), your four ratings added up to less than "
            f"{thresholds.alliance_cutoff} of 40: {scores}. The scale you rated lowest was "
            f'"{weakest}". '
            f"therapylog flags {thresholds.alliance_low_count} or more of the last "
            f"{thresholds.alliance_window}, using the Session Rating Scale's cut-off of "
            f"{thresholds.alliance_cutoff}. How well you and your therapist work together is "
            "one of the strongest signs of whether therapy will help."
        ),
        suggestion=(
            f"Tell {history.therapist} which part feels off: being heard, the goals, or the way "
            "of working. Good therapists ask for this feedback and adjust to it. "
            f"{SECOND_OPINION}; sometimes it is simply a question of fit."
        ),
    )

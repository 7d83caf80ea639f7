"""The working alliance: how the client rated being heard, the goals and the approach.

Two rules, read from the Session Rating Scale (docs/analysis.md). Integer ratings of 8 or 9
are a good session, so "low" starts below ``alliance_low_total`` (30 of 40) or at a single
rating of ``alliance_low_rating`` (5) or less: ``alliance-low``, a warning. The scale's own
discussion cut-off (``alliance_cutoff``, 36) and a drop from the client's own usual ratings are
a gentle prompt to talk, never an alarm: ``alliance-dip``, info.
"""

from __future__ import annotations

from statistics import median

from therapylog.analysis.advice import SECOND_OPINION
from therapylog.analysis.findings import Finding, Severity
from therapylog.analysis.history import TherapistHistory, latest, make_finding
from therapylog.data.catalogue import ALLIANCE_SCALES
from therapylog.data.model import Alliance, Entry, Thresholds
from therapylog.data.words import day, join, number, points, share

ALLIANCE_LOW = "alliance-low"
ALLIANCE_DIP = "alliance-dip"

#: Each scale as the client would name it in a sentence.
SCALE_NAMES: dict[str, str] = {
    "heard": "feeling heard",
    "goals": "working on what you wanted",
    "approach": "the way of working",
    "overall": "the session overall",
}


def _rated(entry: Entry) -> bool:
    return entry.alliance is not None


def _ratings(entry: Entry) -> Alliance:
    assert entry.alliance is not None  # (only rated sessions are passed in)
    return entry.alliance


def low_scales(rating: Alliance, thresholds: Thresholds) -> list[str]:
    """The scales of one rating at ``alliance_low_rating`` or less, in the scale's order."""
    return [
        name
        for name, _ in ALLIANCE_SCALES
        if getattr(rating, name) <= thresholds.alliance_low_rating
    ]


def _is_low(entry: Entry, thresholds: Thresholds) -> bool:
    rating = _ratings(entry)
    return rating.total < thresholds.alliance_low_total or bool(low_scales(rating, thresholds))


def _what_was_low(entry: Entry, thresholds: Thresholds) -> str:
    """``on 3 March 2026, you rated feeling heard 4 of 10 (27 of 40 in all)``: only what was
    low, never a scale that was rated well."""
    rating = _ratings(entry)
    scales = [
        f"{SCALE_NAMES[name]} {getattr(rating, name)}" for name in low_scales(rating, thresholds)
    ]
    when = f"on {day(entry.date)}"
    if not scales:
        return f"{when}, your ratings added up to {rating.total} of 40"
    total = (
        f" ({rating.total} of 40 in all)" if rating.total < thresholds.alliance_low_total else ""
    )
    return f"{when}, you rated {join(scales)} of 10{total}"


def _window(history: TherapistHistory, thresholds: Thresholds) -> list[Entry] | None:
    """The last ``alliance_window`` rated sessions; None when too few to judge (one rating on
    its own says nothing about a pattern)."""
    window = latest(history.attended, thresholds.alliance_window, _rated)
    return window if len(window) >= min(2, thresholds.alliance_window) else None


def _enough(count: int, window: list[Entry], thresholds: Thresholds) -> bool:
    """``alliance_low_count`` of the window, or all of it when it is smaller than that."""
    return count >= min(thresholds.alliance_low_count, len(window))


def _low(history: TherapistHistory, thresholds: Thresholds) -> tuple[list[Entry], list[Entry]]:
    """The window and its low sessions, when they are enough for ``alliance-low``."""
    window = _window(history, thresholds)
    if window is None:
        return [], []
    low = [entry for entry in window if _is_low(entry, thresholds)]
    return (window, low) if _enough(len(low), window, thresholds) else ([], [])


def find_alliance_low(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """In ``alliance_low_count`` or more of the last ``alliance_window`` rated sessions, a total
    below ``alliance_low_total`` or a rating of ``alliance_low_rating`` or less."""
    window, low = _low(history, thresholds)
    if not low:
        return None
    named = sorted(
        {name for entry in low for name in low_scales(_ratings(entry), thresholds)},
        key=list(SCALE_NAMES).index,
    )
    which = (
        join([SCALE_NAMES[name] for name in named])
        if named
        else "feeling heard, working on what you wanted, or the way of working"
    )
    return make_finding(
        ALLIANCE_LOW,
        Severity.WARNING,
        history,
        title=f"Low alliance ratings in {share(len(low), len(window), 'rated session')}",
        evidence=low,
        explanation=(
            f"With {history.therapist}: "
            f"{'; '.join(_what_was_low(entry, thresholds) for entry in low)}. "
            f"therapylog calls a session's ratings low when they add up to less than "
            f"{thresholds.alliance_low_total} of 40 or one of them is "
            f"{thresholds.alliance_low_rating} or less, and looks at your last "
            f"{thresholds.alliance_window} rated sessions. How well you and your therapist work "
            "together is one of the strongest signs of whether therapy will help."
        ),
        suggestion=(
            f"Tell {history.therapist} what felt off: {which}. Good therapists ask for this "
            f"feedback and adjust to it. {SECOND_OPINION}; sometimes it is simply a question of "
            "fit."
        ),
    )


def find_alliance_dip(history: TherapistHistory, thresholds: Thresholds) -> Finding | None:
    """Not ``alliance-low``, and either ``alliance_low_count`` of the last ``alliance_window``
    rated sessions add up to less than ``alliance_cutoff``, or the latest total is
    ``alliance_drop`` or more below the median of the earlier rated sessions (at least
    ``alliance_baseline`` of them)."""
    if _low(history, thresholds)[1]:
        return None
    window = _window(history, thresholds) or []
    under = [entry for entry in window if _ratings(entry).total < thresholds.alliance_cutoff]
    below_cutoff = bool(window) and _enough(len(under), window, thresholds)
    totals = [entry.alliance.total for entry in history.attended if entry.alliance is not None]
    newest = window[-1:]  # the latest rated session
    earlier = totals[:-1]
    usual = median(earlier) if len(earlier) >= thresholds.alliance_baseline else 0.0
    dropped = (
        len(earlier) >= thresholds.alliance_baseline
        and bool(newest)
        and _ratings(newest[0]).total <= usual - thresholds.alliance_drop
    )
    if not below_cutoff and not dropped:
        return None
    parts = []
    title = (
        f"Your alliance ratings were a little below {thresholds.alliance_cutoff} in "
        f"{share(len(under), len(window), 'rated session')}"
    )
    if below_cutoff:
        added = join([str(_ratings(entry).total) for entry in under])
        parts.append(
            f"In {share(len(under), len(window), 'rated session')} with {history.therapist}, "
            f"your four ratings added up to {added} of 40: below "
            f"{thresholds.alliance_cutoff}, where the Session Rating Scale suggests a word "
            "about what could be better."
        )
    if dropped:
        total = _ratings(newest[0]).total
        if not below_cutoff:
            title = f"Your latest alliance rating was lower than usual for you ({total} of 40)"
        parts.append(
            f"On {day(newest[0].date)} your ratings added up to {total} of 40, "
            f"{points(usual - total)} below your usual {number(usual)} with "
            f"{history.therapist} (the middle of your earlier ratings)."
        )
    return make_finding(
        ALLIANCE_DIP,
        Severity.INFO,
        history,
        title=title,
        evidence=(under if below_cutoff else []) + (newest if dropped else []),
        explanation=" ".join(parts)
        + " These are not low ratings, and nothing here is an alarm: "
        + (
            "a dip from your usual is simply a moment worth noticing while it is easy to "
            "talk about."
            if dropped
            else "ratings a little under the cut-off are simply a prompt to say what could "
            "make sessions more useful, while it is easy to talk about."
        ),
        suggestion=(
            f"If something was missing, a short word with {history.therapist} at the start of "
            "your next session can help: say what would have made it a 10 for you."
        ),
    )

"""Small helpers for writing in plain words: counts, numbers, lists and dates.

The one set of them: the findings, every reader of the report (the talking points, the
review, the handout) and the command line say numbers and lists with these. Month names come from
:data:`therapylog.data.dates.MONTHS`, so that no text changes with the computer's locale.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from therapylog.data.catalogue import WHAT_HAPPENED
from therapylog.data.dates import MONTHS
from therapylog.data.model import Entry


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 session``, ``3 sessions``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def few(which: str, count: int, noun: str) -> str:
    """``last session``, ``first 3 sessions``: never ``last 1 sessions`` (a client may set a
    window of one)."""
    return f"{which} {noun}" if count == 1 else f"{which} {count} {noun}s"


def share(part: int, whole: int, noun: str, *, last: bool = True) -> str:
    """How a person counts a part of some sessions: ``3 of your last 8 appointments``,
    ``each of your last 3 sessions``, ``both of your last 2 sessions``, ``your only session``.
    With ``last`` False: ``3 of your 5 appointments`` (all there are so far)."""
    recent = "last " if last else ""
    if whole == 1:
        return f"your {'last' if last else 'only'} {noun}"
    nouns = plural(whole, noun).split(" ", 1)[1]
    if part == whole:
        return f"{'both' if whole == 2 else 'each'} of your {recent}{whole} {nouns}"
    return f"{part} of your {recent}{whole} {nouns}"


def in_all(count: int, shown: int, noun: str) -> str:
    """`` (9 slips in all)`` when a count of events differs from the count of sessions
    already said; nothing when they agree."""
    return "" if count == shown else f" ({plural(count, noun)} in all)"


def times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def number(value: float) -> str:
    """``2`` for 2.0, ``1.5`` for 1.5, ``4.7`` for 4.67: thresholds and means as a person
    writes them."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}"


def setting(value: float) -> str:
    """A threshold as the client set it, never rounded: ``2`` for 2.0, ``2.05`` for 2.05 (a
    rounded "2" would name a line the finding does not use)."""
    return f"{value:g}"


def points(value: float, *, exact: bool = False) -> str:
    """``1 point``, ``2.5 points``; ``exact``: a threshold, said as :func:`setting` says it."""
    return f"{setting(value) if exact else number(value)} point" + ("" if value == 1 else "s")


def day(date: dt.date) -> str:
    """``3 March 2026``."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def span(entries: Sequence[Entry]) -> str:
    """``on 3 March 2026`` or ``between 3 March 2026 and 12 May 2026``."""
    first, last = entries[0].date, entries[-1].date
    if first == last:
        return f"on {day(first)}"
    return f"between {day(first)} and {day(last)}"


def dates(entries: Sequence[Entry]) -> str:
    """``3 March 2026, 10 March 2026 and 17 March 2026`` (each date once)."""
    return join(list(dict.fromkeys(day(entry.date) for entry in entries)))


def join(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def happened(slug: str) -> str:
    """An incident kind or status in plain words (``falling asleep`` for ``fell-asleep``);
    every kind and every status counted against a therapist has its words."""
    return WHAT_HAPPENED[slug]


def tally(slugs: Iterable[str]) -> str:
    """``forgetting details of your life (twice) and falling asleep (once)``: what happened, in
    plain words (:data:`~therapylog.data.catalogue.WHAT_HAPPENED`), most frequent first."""
    counts = Counter(slugs)
    return join([f"{happened(slug)} ({times(count)})" for slug, count in counts.most_common()])


def capital(text: str) -> str:
    """The text with its first letter capitalised (``str.capitalize`` lowercases the rest)."""
    return text[:1].upper() + text[1:]


def mean(values: Sequence[int]) -> float:
    return sum(values) / len(values)

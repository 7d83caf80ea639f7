"""Small builders for journal entries in analysis tests.

Dates stay in 2025-2026 and before 2026-11-22 (today in these tests' world): entries in the
future are invalid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from therapylog.analysis import analyze
from therapylog.analysis.findings import Finding
from therapylog.data.model import Entry, Goal, Thresholds
from therapylog.data.validation import validate

DEFAULT = Thresholds()
ANA = "Dr Ana Ames"
BEN = "Ben Brook"
START = dt.date(2025, 1, 6)


def entry(day: dt.date | str, *, seq: int = 1, therapist: str = ANA, **fields: Any) -> Entry:
    """One entry; ``seq`` 2 gives the id ``YYYY-MM-DD-2``."""
    date = dt.date.fromisoformat(day) if isinstance(day, str) else day
    entry_id = date.isoformat() if seq == 1 else f"{date.isoformat()}-{seq}"
    return validate(Entry, {"id": entry_id, "date": date, "therapist": therapist, **fields})


def series(
    count: int,
    *,
    start: dt.date = START,
    step: int = 7,
    therapist: str = ANA,
    **fields: Any,
) -> list[Entry]:
    """``count`` entries ``step`` days apart, all alike."""
    return [
        entry(start + dt.timedelta(days=step * index), therapist=therapist, **fields)
        for index in range(count)
    ]


def weekly(
    rows: Sequence[dict[str, Any]], *, start: dt.date = START, therapist: str = ANA
) -> list[Entry]:
    """One entry a week, each with its own fields."""
    return [
        entry(start + dt.timedelta(days=7 * index), therapist=therapist, **row)
        for index, row in enumerate(rows)
    ]


def incident(kind: str, *, repaired: bool = False, note: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "repaired": repaired, "note": note}


def goal(goal_id: str = "sleep", *, status: str = "active", title: str | None = None) -> Goal:
    return validate(
        Goal,
        {
            "id": goal_id,
            "title": title or goal_id.replace("-", " ").capitalize(),
            "created": dt.date(2025, 1, 1),
            "status": status,
        },
    )


def findings(
    entries: Sequence[Entry],
    rule: str,
    *,
    goals: Sequence[Goal] = (),
    thresholds: Thresholds = DEFAULT,
) -> list[Finding]:
    """The findings of one rule, every therapist."""
    return [f for f in analyze(entries, goals, thresholds) if f.rule == rule]


def one(
    entries: Sequence[Entry],
    rule: str,
    *,
    goals: Sequence[Goal] = (),
    thresholds: Thresholds = DEFAULT,
) -> Finding | None:
    """The single finding of one rule, or None; fails if there are several."""
    found = findings(entries, rule, goals=goals, thresholds=thresholds)
    assert len(found) <= 1, found
    return found[0] if found else None


def ids(entries: Sequence[Entry]) -> list[str]:
    return [e.id for e in entries]

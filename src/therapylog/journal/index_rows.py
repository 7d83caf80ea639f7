"""Records rebuilt from the JSON the index holds for them, without validating them again.

Only for rows the index can prove this computer wrote (journal/index.py: a key only this
computer's user has, or an encrypted journal's seal), each written from a record that had
passed validation. Anything else in the index is validated like a file (``validate``). The
shapes are the inverses of ``Entry.to_stored_json``, ``Goal.to_json`` and ``Settings.to_json``;
a row of another shape raises ValueError, KeyError or TypeError, and the file is read instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from therapylog.data.catalogue import Felt, GoalStatus, ProgressLevel, QuestionnaireRhythm, Status
from therapylog.data.model import Alliance, Entry, Goal, Incident, Settings, Thresholds

_day = dt.date.fromisoformat


def entry(row: dict[str, Any]) -> Entry:
    alliance = row["alliance"]
    felt = row["felt"]
    return Entry(
        id=row["id"],
        date=_day(row["date"]),
        therapist=row["therapist"],
        status=Status(row["status"]),
        mood_before=row["mood_before"],
        mood_after=row["mood_after"],
        felt=None if felt is None else Felt(felt),
        progress={goal: ProgressLevel(level) for goal, level in row["progress"].items()},
        incidents=[_incident(item) for item in row["incidents"]],
        alliance=None if alliance is None else Alliance(**alliance),
        phq9=row["phq9"],
        gad7=row["gad7"],
        phq9_items=row["phq9_items"],
        gad7_items=row["gad7_items"],
        tags=row["tags"],
        notes=row["notes"],
    )


def _incident(row: dict[str, Any]) -> Incident:
    repaired_on = row.get("repaired_on")
    return Incident(
        kind=row["kind"],
        note=row["note"],
        repaired=row["repaired"],
        repaired_on=None if repaired_on is None else _day(repaired_on),
    )


def goals(rows: list[dict[str, Any]]) -> list[Goal]:
    return [
        Goal(
            id=row["id"],
            title=row["title"],
            created=_day(row["created"]),
            status=GoalStatus(row["status"]),
        )
        for row in rows
    ]


def settings(row: dict[str, Any]) -> Settings:
    return Settings(
        thresholds=Thresholds(**row["thresholds"]),
        questionnaire_rhythm=QuestionnaireRhythm(row["questionnaire_rhythm"]),
    )

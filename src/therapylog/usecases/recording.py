"""Turning what the user typed about an appointment into entry fields (no terminal here).

The command line and the guided interview both end in :func:`entry_fields`, so one set of
rules decides what a valid appointment is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from therapylog.data.catalogue import KINDS_BY_SLUG, ProgressLevel, choices
from therapylog.data.errors import InputError
from therapylog.data.model import ENTRY_ID_PATTERN, Entry, Goal, id_sequence
from therapylog.data.numbers import whole_number


@dataclass
class AppointmentInput:
    """Everything ``add`` accepts, as typed (already-parsed dates excepted)."""

    date: dt.date
    therapist: str | None = None
    status: str | None = None
    mood_before: int | None = None
    mood_after: int | None = None
    felt: str | None = None
    progress: Sequence[str] = ()  # "GOAL=LEVEL"
    incidents: Sequence[str] = ()  # "KIND" or "KIND: note"
    repaired: Sequence[str] = ()  # kinds
    alliance: str | None = None  # "H,G,A,O"
    phq9: int | None = None
    gad7: int | None = None
    phq9_items: str | None = None  # "0,1,2,…": nine answers
    gad7_items: str | None = None  # seven answers
    tags: Sequence[str] = ()
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


SCORE_RANGES = {"mood_before": (0, 10), "mood_after": (0, 10), "phq9": (0, 27), "gad7": (0, 21)}


def parse_whole(text: str | None, field_name: str) -> int | None:
    """A score as typed; the model checks the range, this only checks it is a number."""
    if text is None:
        return None
    number = whole_number(text.strip())
    if number is None:
        low, high = SCORE_RANGES[field_name]
        raise InputError(
            f"{field_name}: {text!r} is not a whole number; use a whole number from {low} to {high}"
        )
    return number


#: How many answers each questionnaire has.
ITEM_COUNTS = {"phq9_items": 9, "gad7_items": 7}


def parse_items(text: str | None, field_name: str) -> list[int] | None:
    """A questionnaire's answers as typed, ``0,1,2,…``; the model checks each is 0-3."""
    if text is None:
        return None
    count = ITEM_COUNTS[field_name]
    numbers = [whole_number(part.strip()) for part in text.split(",")]
    if len(numbers) != count or any(number is None or number < 0 for number in numbers):
        raise InputError(
            f"{field_name}: {text!r} is not valid; give {count} answers, each a whole number "
            f"from 0 to 3, separated by commas (for example {','.join(['1'] * count)})"
        )
    return [number for number in numbers if number is not None]


def parse_incident(text: str) -> dict[str, Any]:
    kind, _, note = text.partition(":")
    slug = kind.strip().lower()
    if slug not in KINDS_BY_SLUG:
        raise InputError(
            f"incident: {kind.strip()!r} is not an incident kind; choose one of: "
            f"{', '.join(KINDS_BY_SLUG)}",
        )
    return {"kind": slug, "note": note.strip() or None, "repaired": False}


def parse_progress(text: str, goals: Sequence[Goal]) -> tuple[str, str]:
    goal_id, sep, level = text.partition("=")
    goal_id, level = goal_id.strip(), level.strip().lower()
    if not sep or not goal_id or not level:
        raise InputError(f"progress: {text!r} is not GOAL=LEVEL (for example sleep=slight)")
    active = [goal.id for goal in goals if goal.active]
    if goal_id not in active:
        listed = ", ".join(active) if active else "none yet: add one with `therapylog goals add`"
        raise InputError(f"progress: no active goal {goal_id!r}; active goals: {listed}")
    if level not in {member.value for member in ProgressLevel}:
        raise InputError(
            f"progress: {level!r} for {goal_id} is not a level; choose one of: {choices(ProgressLevel)}"
        )
    return goal_id, level


def entry_fields(
    answer: AppointmentInput, *, goals: Sequence[Goal], last_therapist: str | None
) -> dict[str, Any]:
    """The fields of a new entry (without ``id``), validated piece by piece."""
    therapist = answer.therapist if answer.therapist is not None else last_therapist
    if not therapist:
        raise InputError(
            "therapist: this is the first entry; say who it was with (--therapist NAME)"
        )
    incidents = [parse_incident(text) for text in answer.incidents]
    for kind in answer.repaired:
        slug = kind.strip().lower()
        matching = [incident for incident in incidents if incident["kind"] == slug]
        if not matching:
            recorded = ", ".join(incident["kind"] for incident in incidents) or "none"
            raise InputError(
                f"repaired: {kind!r} is not an incident of this entry; its incidents: {recorded}"
            )
        for incident in matching:
            incident["repaired"] = True
    progress: dict[str, str] = {}
    for text in answer.progress:
        goal_id, level = parse_progress(text, goals)
        progress[goal_id] = level
    fields: dict[str, Any] = {
        "date": answer.date,
        "therapist": therapist,
        "mood_before": answer.mood_before,
        "mood_after": answer.mood_after,
        "felt": answer.felt,
        "progress": progress,
        "incidents": incidents,
        "phq9": answer.phq9,
        "gad7": answer.gad7,
        "phq9_items": parse_items(answer.phq9_items, "phq9_items"),
        "gad7_items": parse_items(answer.gad7_items, "gad7_items"),
        "tags": list(answer.tags),
        "notes": answer.notes.strip(),
    }
    if answer.status is not None:
        fields["status"] = answer.status
    if answer.alliance is not None:
        from therapylog.data.validation import parse_alliance  # pydantic only when rated

        fields["alliance"] = parse_alliance(answer.alliance).to_dict()
    return {key: value for key, value in fields.items() if value is not None}


def check_new_entry(fields: dict[str, Any]) -> None:
    """Raise the InputError that saving ``fields`` as a new entry would raise, without saving:
    so that ``add --edit`` refuses bad options before the user writes anything."""
    from therapylog.data.validation import validated
    from therapylog.journal import codec

    codec.entry_to_toml(validated(Entry, {**fields, "id": fields["date"].isoformat()}))


def ids_on_day(entry_names: Iterable[str], day: dt.date) -> list[str]:
    """The ids of the entries of ``day`` among these file names (``2026-11-20.toml``), in
    their order within the day: a second entry on a day may be a repeat (``add`` says so)."""
    ids = [
        name[: -len(".toml")]
        for name in entry_names
        if name.startswith(day.isoformat()) and ENTRY_ID_PATTERN.fullmatch(name[: -len(".toml")])
    ]
    return sorted(ids, key=id_sequence)

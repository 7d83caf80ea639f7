"""What a valid entry, goal and settings file is: the one place that decides, for data from
outside (TOML files, backups, what the user typed). Applied by :mod:`therapylog.data.validation`.

The rules are pydantic schemas, written with pydantic-core's schema builders rather than as
``BaseModel`` classes: pydantic-core is the validation engine of pydantic v2, and using it
directly skips pydantic's Python-level schema generation, which costs about 0.13 s at the
start of every command that defines a model (docs/performance.md). Each schema validates a
dict and ends in a function that builds the frozen dataclass of :mod:`therapylog.data.model`.

Messages are written for the person at the keyboard: each names the field, the value given and
what would have been accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from pydantic_core import core_schema as cs

from therapylog.data.catalogue import (
    ALLIANCE_SCALES,
    KINDS_BY_SLUG,
    Felt,
    GoalStatus,
    ProgressLevel,
    QuestionnaireRhythm,
    Status,
    choices,
)
from therapylog.data.dates import stored_day
from therapylog.data.limits import THRESHOLD_LIMITS, threshold_problem
from therapylog.data.model import (
    ENTRY_ID_PATTERN,
    GOAL_ID_PATTERN,
    MAX_GOAL_TITLE_LENGTH,
    MAX_THERAPIST_LENGTH,
    Alliance,
    Entry,
    Goal,
    Incident,
    Record,
    Settings,
    Thresholds,
)

# --- checks on single values (a ValueError becomes a "value_error" naming the field) ----------


def _in_range(low: int, high: int) -> Callable[[int], int]:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"{value} is out of range; use a whole number from {low} to {high}")
        return value

    return check


def _one_of(enum: type[StrEnum]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, enum):
            return value
        if isinstance(value, str):
            try:
                return enum(value.strip().lower())
            except ValueError:
                pass
        raise ValueError(f"{value!r} is not valid; choose one of: {choices(enum)}")

    return check


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    # TOML readers may turn CRLF inside multi-line strings into LF: store LF from the start so
    # that what is saved is exactly what is read back.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def validate_goal_id(value: str) -> str:
    if not GOAL_ID_PATTERN.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid goal id; use lowercase letters, digits and dashes "
            "(up to 40 characters)"
        )
    return value


def _therapist_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise ValueError("is empty; give the therapist's name")
    if len(name) > MAX_THERAPIST_LENGTH:
        raise ValueError(f"is longer than {MAX_THERAPIST_LENGTH} characters")
    return name


def _known_kind(value: str) -> str:
    slug = value.strip().lower()
    if slug not in KINDS_BY_SLUG:
        raise ValueError(
            f"{value!r} is not an incident kind; choose one of: {', '.join(KINDS_BY_SLUG)}"
        )
    return slug


def _blank_is_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _clean_tags(value: list[str]) -> list[str]:
    tags = [tag.strip() for tag in value]
    if any(not tag for tag in tags):
        raise ValueError("a tag is empty")
    return list(dict.fromkeys(tags))


def _goal_title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise ValueError("is empty; describe the goal in a few words")
    if len(title) > MAX_GOAL_TITLE_LENGTH:
        raise ValueError(f"is longer than {MAX_GOAL_TITLE_LENGTH} characters")
    return title


# --- checks across fields, then the dataclass ------------------------------------------------


def _items_and_total(data: dict[str, Any], total: str, items: str) -> None:
    """The total of a questionnaire filled in item by item is the sum of its items: taken from
    them when it is not given, refused when it disagrees."""
    answers = data.get(items)
    if answers is None:
        return
    if data.get(total) is None:
        data[total] = sum(answers)
    elif data[total] != sum(answers):
        raise ValueError(
            f"{total}: {data[total]} is not the sum of {items} ({sum(answers)}); give one of "
            "them, or make them agree"
        )


def _entry(data: dict[str, Any]) -> Entry:
    entry_id, day = data["id"], data["date"]
    match = ENTRY_ID_PATTERN.fullmatch(entry_id)
    if match is None or match.group(1) != day.isoformat():
        raise ValueError(
            f"id {entry_id!r} does not match the date {day.isoformat()}; "
            f"ids look like {day.isoformat()} or {day.isoformat()}-2"
        )
    for incident in data.get("incidents", ()):
        if incident.repaired_on is not None and incident.repaired_on < day:
            raise ValueError(
                f"incident {incident.kind}: repaired_on {incident.repaired_on.isoformat()} is "
                f"before the entry's date {day.isoformat()}"
            )
    _items_and_total(data, "phq9", "phq9_items")
    _items_and_total(data, "gad7", "gad7_items")
    return Entry(**data)


def _incident(data: dict[str, Any]) -> Incident:
    if data.get("repaired_on") is not None and not data.get("repaired", False):
        raise ValueError("repaired_on is set but repaired is false; set repaired = true")
    return Incident(**data)


def _thresholds(data: dict[str, Any]) -> Thresholds:
    thresholds = Thresholds(**data)
    if thresholds.empathic_serious < thresholds.empathic_warning:
        raise ValueError("empathic_serious must be at least empathic_warning")
    if (
        thresholds.mood_edge * 2 > thresholds.mood_window
        or thresholds.mood_min_sessions > thresholds.mood_window
    ):
        raise ValueError("mood_edge twice and mood_min_sessions must fit in mood_window")
    return thresholds


# --- the schemas -------------------------------------------------------------------------------


def _then(function: Callable[[Any], Any], schema: cs.CoreSchema) -> cs.CoreSchema:
    return cs.no_info_after_validator_function(function, schema)


def _check(function: Callable[[Any], Any]) -> cs.CoreSchema:
    return cs.no_info_plain_validator_function(function)


def _score(high: int) -> cs.CoreSchema:
    return _then(_in_range(0, high), cs.int_schema(strict=True))


def _count_of(count: int) -> Callable[[list[int]], list[int]]:
    def check(value: list[int]) -> list[int]:
        if len(value) != count:
            raise ValueError(
                f"has {len(value)} answers; give all {count}, each a whole number from 0 to 3"
            )
        return value

    return check


def _items(count: int) -> cs.CoreSchema:
    """A questionnaire's item answers: exactly ``count`` whole numbers 0-3."""
    return _then(_count_of(count), cs.list_schema(_score(3)))


def _record(
    build: Callable[[dict[str, Any]], Any],
    required: dict[str, cs.CoreSchema],
    optional: dict[str, cs.CoreSchema] | None = None,
) -> cs.CoreSchema:
    """A table with these keys and no others, turned into a record by ``build``."""
    fields = {name: cs.typed_dict_field(schema) for name, schema in required.items()}
    for name, schema in (optional or {}).items():
        fields[name] = cs.typed_dict_field(schema, required=False)
    return _then(build, cs.typed_dict_schema(fields, extra_behavior="forbid"))


TEXT = _check(_text)
OPTIONAL_TEXT = cs.nullable_schema(TEXT)
DAY = _check(stored_day)
GOAL_ID = _then(validate_goal_id, TEXT)
MOOD = _score(10)

INCIDENT = _record(
    _incident,
    {"kind": _then(_known_kind, TEXT)},
    {
        "note": _then(_blank_is_none, OPTIONAL_TEXT),
        "repaired": cs.bool_schema(strict=True),
        "repaired_on": cs.nullable_schema(DAY),
    },
)
ALLIANCE = _record(
    lambda data: Alliance(**data),
    {name: _score(10) for name, _ in ALLIANCE_SCALES},
)
ENTRY = _record(
    _entry,
    {
        "id": TEXT,
        # never judged against the clock: only what the user types is (therapylog.data.dates)
        "date": DAY,
        "therapist": _then(_therapist_name, TEXT),
    },
    {
        "status": _check(_one_of(Status)),
        "mood_before": cs.nullable_schema(MOOD),
        "mood_after": cs.nullable_schema(MOOD),
        "felt": cs.nullable_schema(_check(_one_of(Felt))),
        "progress": cs.dict_schema(GOAL_ID, _check(_one_of(ProgressLevel))),
        "incidents": cs.list_schema(INCIDENT),
        "alliance": cs.nullable_schema(ALLIANCE),
        "phq9": cs.nullable_schema(_score(27)),
        "gad7": cs.nullable_schema(_score(21)),
        "phq9_items": cs.nullable_schema(_items(9)),
        "gad7_items": cs.nullable_schema(_items(7)),
        "tags": _then(_clean_tags, cs.list_schema(TEXT)),
        "notes": TEXT,
    },
)
GOAL = _record(
    lambda data: Goal(**data),
    {"id": GOAL_ID, "title": _then(_goal_title, TEXT), "created": DAY},
    {"status": _check(_one_of(GoalStatus))},
)


def _threshold_schema(name: str) -> cs.CoreSchema:
    """The limits of THRESHOLD_LIMITS: exactly what the reports can work with."""
    points = isinstance(THRESHOLD_LIMITS[name][0], float)

    def check(value: Any) -> int | float:
        problem = threshold_problem(name, value)
        if problem is not None:
            raise ValueError(problem)
        return float(value) if points else int(value)

    return _check(check)


THRESHOLDS = _record(
    _thresholds,
    {},
    {name: _threshold_schema(name) for name in Thresholds.__dataclass_fields__},
)
SETTINGS = _record(
    lambda data: Settings(**data),
    {},
    {"thresholds": THRESHOLDS, "questionnaire_rhythm": _check(_one_of(QuestionnaireRhythm))},
)

#: The schema of each record, by its dataclass (:func:`therapylog.data.validation.validate`).
SCHEMAS: dict[type[Record], cs.CoreSchema] = {
    Incident: INCIDENT,
    Alliance: ALLIANCE,
    Entry: ENTRY,
    Goal: GOAL,
    Thresholds: THRESHOLDS,
    Settings: SETTINGS,
}

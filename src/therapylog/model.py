"""The journal's data: entries, goals and settings (SPEC §1), validated with pydantic.

Validation messages are written for the person at the keyboard: each names the field, the
value given and what would have been accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    Strict,
    ValidationError,
    field_validator,
    model_validator,
)

from therapylog.catalogue import (
    ALLIANCE_SCALES,
    CLIENT_STATUSES,
    KINDS_BY_SLUG,
    Felt,
    GoalStatus,
    IncidentKind,
    ProgressLevel,
    Status,
    choices,
    felt_from_moods,
)
from therapylog.errors import InputError

SCHEMA_VERSION = 1

M = TypeVar("M", bound=BaseModel)

ENTRY_ID_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-([2-9]|[1-9]\d+))?$")
GOAL_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_THERAPIST_LENGTH = 120


def _in_range(low: int, high: int) -> Callable[[int], int]:
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"{value} is out of range; use a whole number from {low} to {high}")
        return value

    return check


def _one_of(enum: type[Any]) -> Callable[[Any], Any]:
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
    return value


def _unix_newlines(value: str) -> str:
    # TOML readers may turn CRLF inside multi-line strings into LF: store LF from the start so
    # that what is saved is exactly what is read back.
    return value.replace("\r\n", "\n").replace("\r", "\n")


Text = Annotated[str, BeforeValidator(_text), AfterValidator(_unix_newlines)]
Mood = Annotated[int, Strict(), AfterValidator(_in_range(0, 10))]
AllianceScore = Annotated[int, Strict(), AfterValidator(_in_range(0, 10))]
Phq9 = Annotated[int, Strict(), AfterValidator(_in_range(0, 27))]
Gad7 = Annotated[int, Strict(), AfterValidator(_in_range(0, 21))]
StatusField = Annotated[Status, BeforeValidator(_one_of(Status))]
FeltField = Annotated[Felt, BeforeValidator(_one_of(Felt))]
LevelField = Annotated[ProgressLevel, BeforeValidator(_one_of(ProgressLevel))]
GoalStatusField = Annotated[GoalStatus, BeforeValidator(_one_of(GoalStatus))]


def _day(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value.isoformat()} is not a plain date; use YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date; use YYYY-MM-DD")


Day = Annotated[dt.date, BeforeValidator(_day)]


def validate_goal_id(value: str) -> str:
    if not GOAL_ID_PATTERN.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid goal id; use lowercase letters, digits and dashes "
            "(up to 40 characters)"
        )
    return value


GoalId = Annotated[str, BeforeValidator(_text), AfterValidator(validate_goal_id)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


class Incident(_Model):
    kind: Text
    note: Text | None = None
    repaired: Annotated[bool, Strict()] = False

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        slug = value.strip().lower()
        if slug not in KINDS_BY_SLUG:
            raise ValueError(
                f"{value!r} is not an incident kind; choose one of: {', '.join(KINDS_BY_SLUG)}"
            )
        return slug

    @field_validator("note")
    @classmethod
    def _blank_note_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @property
    def info(self) -> IncidentKind:
        return KINDS_BY_SLUG[self.kind]


class Alliance(_Model):
    heard: AllianceScore
    goals: AllianceScore
    approach: AllianceScore
    overall: AllianceScore

    @property
    def total(self) -> int:
        return self.heard + self.goals + self.approach + self.overall

    @classmethod
    def parse(cls, text: str) -> Alliance:
        """Read ``H,G,A,O`` as typed on the command line."""
        parts = [part.strip() for part in text.split(",")]
        names = [name for name, _ in ALLIANCE_SCALES]
        if len(parts) != len(names) or not all(part.lstrip("-").isdigit() for part in parts):
            raise InputError(
                f"alliance: {text!r} is not valid; give four whole numbers 0-10 as "
                "heard,goals,approach,overall (for example 8,9,7,8)"
            )
        return validated(
            cls, dict(zip(names, (int(part) for part in parts), strict=True)), prefix="alliance"
        )


class Entry(_Model):
    id: Text
    date: Day
    therapist: Text
    status: StatusField = Status.ATTENDED
    mood_before: Mood | None = None
    mood_after: Mood | None = None
    felt: FeltField | None = None
    progress: dict[GoalId, LevelField] = Field(default_factory=dict)
    incidents: list[Incident] = Field(default_factory=list)
    alliance: Alliance | None = None
    phq9: Phq9 | None = None
    gad7: Gad7 | None = None
    tags: list[Text] = Field(default_factory=list)
    notes: Text = ""

    @field_validator("date")
    @classmethod
    def _not_in_future(cls, value: dt.date) -> dt.date:
        if value > dt.date.today():
            raise ValueError(
                f"{value.isoformat()} is in the future; record appointments that have happened"
            )
        return value

    @field_validator("therapist")
    @classmethod
    def _therapist_name(cls, value: str) -> str:
        name = " ".join(value.split())
        if not name:
            raise ValueError("is empty; give the therapist's name")
        if len(name) > MAX_THERAPIST_LENGTH:
            raise ValueError(f"is longer than {MAX_THERAPIST_LENGTH} characters")
        return name

    @field_validator("tags")
    @classmethod
    def _clean_tags(cls, value: list[str]) -> list[str]:
        tags = [tag.strip() for tag in value]
        if any(not tag for tag in tags):
            raise ValueError("a tag is empty")
        return list(dict.fromkeys(tags))

    @model_validator(mode="wrap")
    @classmethod
    def _id_matches_date(cls, data: Any, handler: ModelWrapValidatorHandler[Entry]) -> Entry:
        if isinstance(data, Entry):
            # Already valid. An "after" validator would run again for every entry placed in
            # another model (a report holds thousands): pydantic keeps instances as they are.
            return data
        entry = handler(data)
        match = ENTRY_ID_PATTERN.fullmatch(entry.id)
        if match is None or match.group(1) != entry.date.isoformat():
            raise ValueError(
                f"id {entry.id!r} does not match the date {entry.date.isoformat()}; "
                f"ids look like {entry.date.isoformat()} or {entry.date.isoformat()}-2"
            )
        return entry

    @property
    def is_appointment(self) -> bool:
        """Every entry except the client's own cancellations and no-shows (SPEC §3)."""
        return self.status not in CLIENT_STATUSES

    @property
    def attended(self) -> bool:
        return self.status is Status.ATTENDED

    @property
    def effective_felt(self) -> Felt | None:
        """``felt`` as given, else derived from the moods, else None."""
        if self.felt is not None:
            return self.felt
        if self.mood_before is not None and self.mood_after is not None:
            return felt_from_moods(self.mood_before, self.mood_after)
        return None

    @property
    def sequence(self) -> int:
        """1 for ``2026-11-20``, 2 for ``2026-11-20-2``: the order within a day."""
        # A valid id is YYYY-MM-DD or YYYY-MM-DD-N (sorting thousands of entries calls this).
        return int(self.id[11:]) if len(self.id) > 10 else 1

    def to_json(self) -> dict[str, Any]:
        """The entry as in ``show --json`` and backups: every field, null when absent."""
        return self.model_dump(mode="json")


def entry_sort_key(entry: Entry) -> tuple[dt.date, int]:
    return (entry.date, entry.sequence)


class Goal(_Model):
    id: GoalId
    title: Text
    created: Day
    status: GoalStatusField = GoalStatus.ACTIVE

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        title = " ".join(value.split())
        if not title:
            raise ValueError("is empty; describe the goal in a few words")
        return title

    @property
    def active(self) -> bool:
        return self.status is GoalStatus.ACTIVE


class Thresholds(_Model):
    """The analysis thresholds of SPEC §3. Users change them in ``settings.toml``."""

    empathic_window: int = Field(8, ge=1, description="appointments in the empathic-failure window")
    empathic_warning: int = Field(3, ge=1, description="empathic failures for a warning")
    empathic_serious: int = Field(5, ge=1, description="empathic failures for a serious finding")
    unreliable_events: int = Field(3, ge=1, description="reliability events for a warning")
    unreliable_days: int = Field(90, ge=1, description="days those events fall within")
    early_sessions: int = Field(3, ge=1, description="first attended sessions watched closely")
    worse_window: int = Field(6, ge=1, description="recent sessions looked at for feeling worse")
    worse_count: int = Field(4, ge=1, description="sessions that left you worse")
    stagnation_sessions: int = Field(8, ge=1, description="sessions before stagnation is judged")
    stagnation_window: int = Field(6, ge=1, description="recent sessions with no goal progress")
    mood_window: int = Field(8, ge=2, description="recent sessions for the mood trend")
    mood_min_sessions: int = Field(6, ge=2, description="fewest sessions for a mood trend")
    mood_edge: int = Field(3, ge=1, description="sessions averaged at each end of the trend")
    mood_drop: float = Field(2.0, gt=0, description="points the mood must fall")
    improvement_sessions: int = Field(12, ge=1, description="sessions before no-improvement")
    improvement_edge: int = Field(3, ge=1, description="sessions averaged at each end")
    improvement_gain: float = Field(1.0, gt=0, description="points of improvement expected")
    phq9_reliable_change: int = Field(6, ge=1, description="PHQ-9 points of reliable change")
    gad7_reliable_change: int = Field(4, ge=1, description="GAD-7 points of reliable change")
    phq9_caseness: int = Field(10, ge=1, description="PHQ-9 score at caseness")
    gad7_caseness: int = Field(8, ge=1, description="GAD-7 score at caseness")
    alliance_cutoff: int = Field(36, ge=1, le=40, description="alliance total that counts as low")
    alliance_window: int = Field(3, ge=1, description="recent rated sessions looked at")
    alliance_low_count: int = Field(2, ge=1, description="low ratings among them")

    @model_validator(mode="after")
    def _consistent(self) -> Thresholds:
        if self.empathic_serious < self.empathic_warning:
            raise ValueError("empathic_serious must be at least empathic_warning")
        if self.mood_edge * 2 > self.mood_window or self.mood_min_sessions > self.mood_window:
            raise ValueError("mood_edge twice and mood_min_sessions must fit in mood_window")
        return self


class Settings(_Model):
    thresholds: Thresholds = Field(default_factory=Thresholds)


# --- turning pydantic's errors into one line a person can act on -----------------------------


def _location(loc: tuple[int | str, ...], prefix: str | None) -> str:
    parts = [str(part) for part in loc if not str(part).startswith("function-")]
    if prefix:
        parts.insert(0, prefix)
    return ".".join(parts) or "value"


def describe_validation_error(error: ValidationError, *, prefix: str | None = None) -> str:
    """One line naming each invalid field, its value and what is accepted."""
    messages = []
    for item in error.errors(include_url=False):
        where = _location(item["loc"], prefix)
        kind = item["type"]
        value = item.get("input")
        if kind == "value_error":
            text = str(item["msg"]).removeprefix("Value error, ")
            if item["loc"] == ():
                messages.append(text)
                continue
            messages.append(f"{where}: {text}")
        elif kind == "missing":
            messages.append(f"{where}: is required")
        elif kind == "extra_forbidden":
            messages.append(f"{where}: is not a known field")
        elif kind.startswith(("int_", "bool_", "dict_", "list_", "string_", "model_")):
            messages.append(f"{where}: {value!r} has the wrong type ({item['msg'].lower()})")
        else:
            messages.append(f"{where}: {value!r}: {item['msg']}")
    return "; ".join(messages)


def validated(model: type[M], data: Any, *, prefix: str | None = None) -> M:
    """Validate ``data`` as ``model``, raising :class:`InputError` with a readable message."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(describe_validation_error(error, prefix=prefix)) from None

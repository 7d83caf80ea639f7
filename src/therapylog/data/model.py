"""The journal's data: entries, goals and settings.

Plain frozen dataclasses: building, copying and reading them costs nothing at start-up, and
this module imports no validation. What may be stored in them is decided in one place,
:mod:`therapylog.data.schemas`, which every piece of data from outside (a TOML file, a backup,
what the user typed) passes through by :mod:`therapylog.data.validation`:
``validate(Entry, data)`` returns a valid entry or raises pydantic's ``ValidationError``, and
``validated(Entry, data)`` raises an :class:`InputError` with one readable line. Constructing
a dataclass directly, as the library does with data it has already validated, checks nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

from therapylog.data.catalogue import (
    CLIENT_STATUSES,
    KINDS_BY_SLUG,
    Felt,
    GoalStatus,
    IncidentKind,
    ProgressLevel,
    QuestionnaireRhythm,
    Status,
    felt_from_moods,
)

SCHEMA_VERSION = 1

ENTRY_ID_PATTERN = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:-([2-9]|[1-9][0-9]{1,5}))?$")
GOAL_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_THERAPIST_LENGTH = 120
MAX_GOAL_TITLE_LENGTH = 200
#: The largest journal file therapylog reads or writes (an entry, goals.toml, settings.toml),
#: in bytes: an entry is a few KB, so 1 MB is generous. A bigger file is reported as damaged
#: and never parsed; add and edit refuse text that would make an entry bigger
#: (docs/data-safety.md, promise 6).
MAX_ENTRY_BYTES = 1_000_000


def id_sequence(entry_id: str) -> int:
    """The order within its day of the entry with this (valid) id: ``2026-11-20-2`` -> 2."""
    # A valid id is YYYY-MM-DD or YYYY-MM-DD-N: no regex (thousands of entries are read).
    return int(entry_id[11:]) if len(entry_id) > 10 else 1


class Record:
    """What every journal record can do: copy with changes, dump."""

    __slots__ = ()

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (not validated: give valid values)."""
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]

    def to_dict(self) -> dict[str, Any]:
        """Every field, nested records as dicts; dates and enums as Python objects."""
        return {
            item.name: _python(getattr(self, item.name))
            for item in dataclasses.fields(self)  # type: ignore[arg-type]
        }

    def to_json(self) -> dict[str, Any]:
        """Every field as JSON values (dates ``YYYY-MM-DD``, enums as their slugs), null
        when absent: the shape of ``show --json`` and of backups."""
        document: dict[str, Any] = _json(self.to_dict())
        return document


def _python(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_python(item) for item in value]
    if isinstance(value, dict):
        return {key: _python(item) for key, item in value.items()}
    return value


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # a StrEnum member as its plain value
    return value


@dataclass(frozen=True)
class Incident(Record):
    kind: str
    note: str | None = None
    repaired: bool = False
    #: When it was put right, if that happened in a later session (``add --repairs``).
    repaired_on: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        """As :meth:`Record.to_dict`, without ``repaired_on`` when it is not set: dumps of
        incidents put right in their own session stay as they always were."""
        document = super().to_dict()
        if self.repaired_on is None:
            del document["repaired_on"]
        return document

    @property
    def info(self) -> IncidentKind:
        return KINDS_BY_SLUG[self.kind]


@dataclass(frozen=True)
class Alliance(Record):
    heard: int
    goals: int
    approach: int
    overall: int

    @property
    def total(self) -> int:
        return self.heard + self.goals + self.approach + self.overall


#: Where an entry keeps its sort key, ``(date, sequence)`` (see ``Entry.__post_init__``).
SORT_KEY = "_sort_key"


class _Sorted(Record):
    """Room for the sort key, which is not a field (so in no dump and no comparison)."""

    __slots__ = (SORT_KEY,)


@dataclass(frozen=True, slots=True)
class Entry(_Sorted):
    """One appointment. Slots, not a ``__dict__``: a journal holds thousands, and an instance
    dict costs more to build and to keep than the entry's values themselves."""

    id: str
    date: dt.date
    therapist: str
    status: Status = Status.ATTENDED
    mood_before: int | None = None
    mood_after: int | None = None
    felt: Felt | None = None
    progress: dict[str, ProgressLevel] = field(default_factory=dict)
    incidents: list[Incident] = field(default_factory=list)
    alliance: Alliance | None = None
    phq9: int | None = None
    gad7: int | None = None
    #: item answers (0-3 each) when a questionnaire was filled in item by item
    phq9_items: list[int] | None = None
    gad7_items: list[int] | None = None
    tags: list[str] = field(default_factory=list)
    notes: str = ""

    def __post_init__(self) -> None:
        # Entries are sorted many times per report (thousands of them): the key is computed
        # once. It is not a field, so it is in no dump and no comparison.
        object.__setattr__(self, SORT_KEY, (self.date, self.sequence))

    @property
    def is_appointment(self) -> bool:
        """Every entry except the client's own cancellations and no-shows (docs/analysis.md)."""
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
        return id_sequence(self.id)

    def to_json(self) -> dict[str, Any]:
        """The entry as every JSON output shows it (``show --json``, ``list --json``, exports):
        ``felt`` is the value in force, given or derived from the moods, and ``felt_derived``
        says which (docs/finding.md)."""
        felt = self.effective_felt
        return self._json(
            None if felt is None else felt.value, self.felt is None and felt is not None
        )

    def to_stored_json(self) -> dict[str, Any]:
        """The entry as stored, without derived values: the shape of backups."""
        return self._json(None if self.felt is None else self.felt.value, None)

    def _json(self, felt: str | None, derived: bool | None) -> dict[str, Any]:
        # Written out rather than the generic walk of Record.to_json: ``list --json``,
        # backups and exports dump thousands of entries, and the walk costs five times as much.
        alliance = self.alliance
        document: dict[str, Any] = {
            "id": self.id,
            "date": self.date.isoformat(),
            "therapist": self.therapist,
            "status": self.status.value,
            "mood_before": self.mood_before,
            "mood_after": self.mood_after,
            "felt": felt,
        }
        if derived is not None:
            document["felt_derived"] = derived
        document |= {
            "progress": {goal: level.value for goal, level in self.progress.items()},
            "incidents": [_incident_json(incident) for incident in self.incidents],
            "alliance": None
            if alliance is None
            else {
                "heard": alliance.heard,
                "goals": alliance.goals,
                "approach": alliance.approach,
                "overall": alliance.overall,
            },
            "phq9": self.phq9,
            "gad7": self.gad7,
            "phq9_items": None if self.phq9_items is None else list(self.phq9_items),
            "gad7_items": None if self.gad7_items is None else list(self.gad7_items),
            "tags": list(self.tags),
            "notes": self.notes,
        }
        return document


def _incident_json(incident: Incident) -> dict[str, Any]:
    """An incident as JSON; ``repaired_on`` only when it was put right in a later session
    (older readers of the JSON never see a key they do not know)."""
    document: dict[str, Any] = {
        "kind": incident.kind,
        "note": incident.note,
        "repaired": incident.repaired,
    }
    if incident.repaired_on is not None:
        document["repaired_on"] = incident.repaired_on.isoformat()
    return document


#: The fields of an entry, in the order of the dataclass (and of ``show --json``).
ENTRY_FIELDS: tuple[str, ...] = tuple(item.name for item in dataclasses.fields(Entry))


#: Entries in the order of the journal: by date, then by their sequence within the day.
entry_sort_key: Callable[[Entry], tuple[dt.date, int]] = operator.attrgetter(SORT_KEY)


@dataclass(frozen=True)
class Goal(Record):
    id: str
    title: str
    created: dt.date
    status: GoalStatus = GoalStatus.ACTIVE

    @property
    def active(self) -> bool:
        return self.status is GoalStatus.ACTIVE


def _threshold(default: Any, description: str) -> Any:
    return field(default=default, metadata={"description": description})


@dataclass(frozen=True)
class Thresholds(Record):
    """The analysis thresholds (docs/analysis.md). Users change them in ``settings.toml``; the
    limits on each value are in :mod:`therapylog.data.limits`."""

    empathic_window: int = _threshold(8, "appointments in the empathic-failure window")
    empathic_warning: int = _threshold(3, "empathic failures for a warning")
    empathic_serious: int = _threshold(5, "empathic failures for a serious finding")
    unreliable_events: int = _threshold(3, "reliability events for a warning")
    unreliable_days: int = _threshold(90, "days those events fall within")
    early_sessions: int = _threshold(3, "first attended sessions watched closely")
    unsafe_serious: int = _threshold(2, "times you felt unsafe for a serious finding")
    worse_window: int = _threshold(6, "recent sessions looked at for feeling worse")
    worse_count: int = _threshold(4, "sessions that left you worse")
    stagnation_sessions: int = _threshold(8, "sessions before stagnation is judged")
    stagnation_window: int = _threshold(6, "recent sessions with no goal progress")
    unrecorded_sessions: int = _threshold(6, "sessions without recorded progress for a reminder")
    mood_window: int = _threshold(8, "recent sessions for the mood trend")
    mood_min_sessions: int = _threshold(6, "fewest sessions for a mood trend")
    mood_edge: int = _threshold(3, "sessions averaged at each end of the trend")
    mood_drop: float = _threshold(2.0, "points the mood must fall")
    improvement_sessions: int = _threshold(12, "sessions before no-improvement")
    improvement_edge: int = _threshold(3, "sessions averaged at each end")
    improvement_gain: float = _threshold(1.0, "points of improvement expected")
    improvement_well: float = _threshold(7.0, "mood before at which you count as doing well")
    phq9_reliable_change: int = _threshold(6, "PHQ-9 points of reliable change")
    gad7_reliable_change: int = _threshold(4, "GAD-7 points of reliable change")
    phq9_caseness: int = _threshold(10, "PHQ-9 score at caseness")
    gad7_caseness: int = _threshold(8, "GAD-7 score at caseness")
    # alliance_cutoff kept its name from version 1, where it meant "low": an old settings file
    # keeps its meaning, and 9,9,8,9 (35) is never "low" again (docs/analysis.md).
    alliance_cutoff: int = _threshold(36, "alliance total below which a dip is worth a word")
    alliance_low_total: int = _threshold(30, "alliance total below which it counts as low")
    alliance_low_rating: int = _threshold(5, "a single rating this low or lower counts as low")
    alliance_window: int = _threshold(3, "recent rated sessions looked at")
    alliance_low_count: int = _threshold(2, "low (or dipping) ratings among them")
    alliance_drop: int = _threshold(6, "points below your own median that count as a dip")
    alliance_baseline: int = _threshold(3, "earlier rated sessions needed for that median")


@dataclass(frozen=True)
class Settings(Record):
    thresholds: Thresholds = field(default_factory=Thresholds)
    #: When the PHQ-9 and GAD-7 are due (docs/reminders.md)
    questionnaire_rhythm: QuestionnaireRhythm = QuestionnaireRhythm.MONTHLY

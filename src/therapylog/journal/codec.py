"""Entries, goals and settings to and from their TOML files. Pure: bytes in, models out.

Every file carries ``schema_version``. A file from a newer version is refused (it is reported
and left alone, never rewritten by this older reader).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

# tomllib and tomli_w are imported where they are used: a command that finds every file in
# the index (therapylog.journal.index) parses no TOML at all.
from therapylog.data.errors import DamagedFileError, InputError
from therapylog.data.model import MAX_ENTRY_BYTES, SCHEMA_VERSION, Entry, Goal, Record, Settings

R = TypeVar("R", bound=Record)

#: Field order in an entry file: what a person reading it wants first.
_ENTRY_SCALARS = (
    "id",
    "date",
    "therapist",
    "status",
    "mood_before",
    "mood_after",
    "felt",
    "phq9",
    "gad7",
    "phq9_items",
    "gad7_items",
    "tags",
    "notes",
)


def _dumps(document: dict[str, Any], *, multiline_strings: bool = False) -> str:
    import tomli_w  # here: commands that only read never load the TOML writer

    return tomli_w.dumps(document, multiline_strings=multiline_strings)


def too_large(size: int) -> str:
    """Why a file of ``size`` bytes is not read (the cap is in docs/data-safety.md)."""
    return (
        f"the file is {size:,} bytes, more than the {MAX_ENTRY_BYTES:,} bytes (1 MB) a journal "
        "file may hold; it is not read"
    )


def _document(path: Path, data: bytes) -> dict[str, Any]:
    """Parse a journal file's bytes and check its schema version."""
    if len(data) > MAX_ENTRY_BYTES:
        raise DamagedFileError(path, too_large(len(data)))
    if not data.strip():
        raise DamagedFileError(path, "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DamagedFileError(path, f"not valid UTF-8 text (byte {error.start})") from None
    import tomllib  # here: files served from the index never load the TOML parser

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DamagedFileError(path, f"not valid TOML: {error}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        raise DamagedFileError(path, "not valid TOML: arrays or tables nested too deeply") from None
    version = document.pop("schema_version", None)
    if version is None:
        raise DamagedFileError(path, "schema_version is missing")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFileError(path, f"schema_version {version!r} is not a positive whole number")
    if version > SCHEMA_VERSION:
        raise DamagedFileError(
            path,
            f"written by a newer therapylog (schema {version}, this one reads {SCHEMA_VERSION}); "
            "upgrade therapylog to read it; it is left untouched",
        )
    return document


def _validated(path: Path, model: type[R], data: Any, *, prefix: str | None = None) -> R:
    # Imported here: only commands that read or write journal data load validation.
    from therapylog.data.validation import ValidationError, describe_validation_error, validate

    try:
        return validate(model, data)
    except ValidationError as error:
        raise DamagedFileError(path, describe_validation_error(error, prefix=prefix)) from None


def entry_from_toml(path: Path, data: bytes) -> Entry:
    entry = _validated(path, Entry, _document(path, data))
    if path.stem != entry.id:
        raise DamagedFileError(path, f"the file name does not match its id {entry.id!r}")
    return entry


def entry_to_toml(entry: Entry) -> bytes:
    data = _without_none(entry.to_dict())
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    for key in _ENTRY_SCALARS:
        if key in data:
            document[key] = data[key]
    if not entry.tags:
        document.pop("tags", None)
    if not entry.notes:
        document.pop("notes", None)
    if entry.progress:
        document["progress"] = data["progress"]
    if entry.alliance is not None:
        document["alliance"] = data["alliance"]
    if entry.incidents:
        document["incidents"] = data["incidents"]
    encoded = _encode(_dumps(_plain(document), multiline_strings=True))
    if len(encoded) > MAX_ENTRY_BYTES:
        raise InputError(
            f"{entry.id}: the entry would be {len(encoded):,} bytes, more than the "
            f"{MAX_ENTRY_BYTES:,} bytes (1 MB) an entry may hold; shorten the notes; "
            "nothing was saved"
        )
    return encoded


def goals_from_toml(path: Path, data: bytes) -> list[Goal]:
    document = _document(path, data)
    rows = document.pop("goals", [])
    if document:
        raise DamagedFileError(path, f"unknown keys: {', '.join(sorted(document))}")
    return goals_from_rows(path, rows)


def goals_from_rows(path: Path, rows: Any) -> list[Goal]:
    """The goals of the ``[[goals]]`` tables of ``path`` (parsed, or as the index keeps them)."""
    if not isinstance(rows, list):
        raise DamagedFileError(path, "goals must be a list of [[goals]] tables")
    goals = []
    for index, row in enumerate(rows):
        goals.append(_validated(path, Goal, row, prefix=f"goals[{index}]"))
    ids = [goal.id for goal in goals]
    duplicates = sorted({goal_id for goal_id in ids if ids.count(goal_id) > 1})
    if duplicates:
        raise DamagedFileError(path, f"goal ids used twice: {', '.join(duplicates)}")
    return goals


def goals_to_toml(goals: list[Goal]) -> bytes:
    document = {
        "schema_version": SCHEMA_VERSION,
        "goals": [_plain(goal.to_dict()) for goal in goals],
    }
    encoded = _encode(_dumps(document))
    if len(encoded) > MAX_ENTRY_BYTES:
        raise InputError(
            f"the goals file would be {len(encoded):,} bytes, more than the "
            f"{MAX_ENTRY_BYTES:,} bytes (1 MB) a journal file may hold; nothing was saved"
        )
    return encoded


def settings_from_toml(path: Path, data: bytes) -> Settings:
    return settings_from_document(path, _document(path, data))


def settings_from_document(path: Path, document: Any) -> Settings:
    """The settings in the tables of ``path`` (parsed, or as the index keeps them)."""
    return _validated(path, Settings, document)


def settings_set_in(path: Path, data: bytes) -> dict[str, Any]:
    """What a settings file sets, with its validated values: what a backup keeps of it (what
    it leaves out is a default, and a default may change). The questionnaire rhythm when the
    file sets it, and the thresholds it sets, in its order (always present, maybe empty)."""
    document = _document(path, data)
    settings = _validated(path, Settings, document)
    kept: dict[str, Any] = {}
    if "questionnaire_rhythm" in document:
        kept["questionnaire_rhythm"] = settings.questionnaire_rhythm.value
    written = document.get("thresholds", {})
    kept["thresholds"] = {name: getattr(settings.thresholds, name) for name in written}
    return kept


def settings_to_toml(
    settings: Settings, *, only: Iterable[str] | None = None, rhythm: bool = True
) -> bytes:
    """The settings file; ``only``: just these thresholds, in this order, and the questionnaire
    rhythm only if ``rhythm`` (a file restored from a backup sets what the backed-up file set,
    and no more)."""
    thresholds = settings.thresholds.to_dict()
    if only is not None:
        thresholds = {name: thresholds[name] for name in only}
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if rhythm:
        document["questionnaire_rhythm"] = settings.questionnaire_rhythm.value
    if thresholds or only is None:
        document["thresholds"] = thresholds
    return _encode(_dumps(_plain(document)))


def _encode(text: str) -> bytes:
    """UTF-8 bytes of a file; text that has none (unpaired surrogates, which Python makes of
    non-UTF-8 bytes on the command line or ``\\udcff`` in JSON) is invalid input."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        line = text[: error.start].rpartition("\n")[2] + text[error.start : error.end]
        raise InputError(
            f"cannot save {line.strip()!r}: it holds characters that are not valid UTF-8 "
            "text (is the terminal or file in another encoding?); nothing was saved"
        ) from None


def _without_none(value: Any) -> Any:
    """TOML has no null: absent values are left out, at every level."""
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value


def _plain(value: Any) -> Any:
    """Enums to their string values, recursively, for tomli-w."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)
    return value

"""The whole journal as one JSON document (``therapylog backup``), and reading one back
(docs/data-safety.md). Putting a read document into a journal is therapylog.journal.importing.
"""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from therapylog.data.errors import InputError, JournalError
from therapylog.data.identity import Registry
from therapylog.data.model import Entry, Goal, Record, Settings, entry_sort_key
from therapylog.data.validation import ValidationError, describe_validation_error, validate
from therapylog.journal.fsutil import describe_os_error, read_regular_file
from therapylog.journal.registry import RegistryError, record_to_json, registry_from_rows

FORMAT = "therapylog-backup"
VERSION = 1


def backup_document(
    entries: list[Entry],
    goals: list[Goal],
    settings: dict[str, Any] | None,
    therapists: Registry | None = None,
) -> dict[str, Any]:
    """``settings``: what the settings file sets (``Journal.read_settings_set``), so that a
    restored file sets that and no more; None without a settings file. ``therapists``: the
    registry, included (as ``"therapists"``) when it has any."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "goals": [goal.to_json() for goal in goals],
        # as stored: a derived ``felt`` is not written back as if the client had given it
        "entries": [entry.to_stored_json() for entry in sorted(entries, key=entry_sort_key)],
    }
    if therapists is not None and therapists.therapists:
        document["therapists"] = [record_to_json(record) for record in therapists.therapists]
    if settings is not None:
        document["settings"] = settings
    return document


@dataclass
class ParsedBackup:
    entries: list[Entry]
    goals: list[Goal]
    settings: Settings | None
    therapists: Registry = field(default_factory=Registry)
    #: the thresholds the backed-up settings file set, in its order, and whether it set the
    #: questionnaire rhythm: all that is written back
    thresholds_set: tuple[str, ...] = ()
    rhythm_set: bool = False


class _DuplicateKeyError(ValueError):
    pass


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, unless a key appears twice (JSON readers disagree on which one wins)."""
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise _DuplicateKeyError(key)
        document[key] = value
    return document


def parse_backup(source: str, text: str) -> ParsedBackup:
    try:
        document = json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except json.JSONDecodeError as error:
        raise InputError(f"{source}: not valid JSON ({error.msg}, line {error.lineno})") from None
    except _DuplicateKeyError as error:
        raise InputError(
            f"{source}: the key {str(error)!r} appears twice in one object; nothing was imported"
        ) from None
    except RecursionError:
        raise InputError(
            f"{source}: not a therapylog backup (arrays or objects nested too deeply)"
        ) from None
    except ValueError:  # a number of thousands of digits, which Python refuses to read
        raise InputError(f"{source}: not a therapylog backup (a number is far too long)") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f'{source}: not a therapylog backup ("format" must be {FORMAT!r})')
    version = document.get("version")
    if type(version) is not int or version != VERSION:  # true and 1.0 equal 1 in Python
        raise InputError(
            f"{source}: backup version {version!r} is not supported (this reads {VERSION})"
        )
    unknown = set(document) - {"format", "version", "goals", "entries", "settings", "therapists"}
    if unknown:
        raise InputError(f"{source}: unknown keys {', '.join(sorted(unknown))}")
    rows = document.get("entries", [])
    if isinstance(rows, list):
        rows = [_as_stored(row) for row in rows]
    entries = _validate_rows(source, "entries", rows, Entry)
    goals = _validate_rows(source, "goals", document.get("goals", []), Goal)
    settings, thresholds_set, rhythm_set = None, (), False
    if document.get("settings") is not None:
        try:
            settings = validate(Settings, document["settings"])
        except ValidationError as error:
            raise InputError(
                f"{source}: {describe_validation_error(error, prefix='settings')}"
            ) from None
        thresholds_set = tuple(document["settings"].get("thresholds", {}))
        rhythm_set = "questionnaire_rhythm" in document["settings"]
    _refuse_duplicates(source, "entry", [entry.id for entry in entries])
    _refuse_duplicates(source, "goal", [goal.id for goal in goals])
    therapists = _therapists(source, document)
    return ParsedBackup(entries, goals, settings, therapists, thresholds_set, rhythm_set)


def _therapists(source: str, document: dict[str, Any]) -> Registry:
    """The optional ``"therapists"`` of a backup (older backups have none)."""
    rows = document.get("therapists")
    if rows is None:
        return Registry()
    try:
        return registry_from_rows(rows)
    except RegistryError as error:
        raise InputError(f"{source}: {error}; nothing was imported") from None


def _as_stored(row: Any) -> Any:
    """An entry in the shape of ``show --json`` as stored: a ``felt`` that was derived from
    the moods is dropped with its ``felt_derived`` mark, so it stays derived."""
    if not isinstance(row, dict) or not isinstance(row.get("felt_derived"), bool):
        return row
    stored = dict(row)
    if stored.pop("felt_derived"):
        stored["felt"] = None
    return stored


def _validate_rows(source: str, key: str, rows: Any, model: type[Record]) -> list[Any]:
    if not isinstance(rows, list):
        raise InputError(f"{source}: {key!r} must be a list")
    parsed = []
    for index, row in enumerate(rows):
        try:
            parsed.append(validate(model, row))
        except ValidationError as error:
            raise InputError(
                f"{source}: {describe_validation_error(error, prefix=f'{key}[{index}]')}; "
                "nothing was imported"
            ) from None
    return parsed


def _refuse_duplicates(source: str, what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise InputError(f"{source}: {what} id {item!r} appears twice; nothing was imported")
        seen.add(item)


def read_backup_bytes(path: Path) -> bytes:
    """The bytes of a backup file: a regular file only (a FIFO would wait forever, /dev/zero
    would fill the memory)."""
    try:
        return read_regular_file(path, follow=True)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        if error.errno == errno.EINVAL:
            raise InputError(f"{path}: not a regular file; give a backup file") from None
        raise JournalError(f"cannot read {path}: {describe_os_error(error)}") from None


def parse_backup_bytes(source: str, data: bytes) -> ParsedBackup:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{source}: not UTF-8 text; is it a therapylog backup?") from None
    return parse_backup(source, text)

"""The whole journal as one JSON document, and restoring or merging one (docs/data-safety.md).

Import is idempotent and all-or-nothing: the document is validated as a whole before
anything is written; an entry already in the journal (same date, same content) is skipped;
an entry whose id is taken by a different entry gets the next free id for its date.
"""

from __future__ import annotations

import contextlib
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
from therapylog.journal.storage import Journal, SavedButNotConfirmedError

FORMAT = "therapylog-backup"
VERSION = 1


def backup_document(
    entries: list[Entry],
    goals: list[Goal],
    thresholds: dict[str, Any] | None,
    therapists: Registry | None = None,
) -> dict[str, Any]:
    """``thresholds``: those the settings file sets (``Journal.read_thresholds_set``), so that
    a restored file sets them and no more; None without a settings file. ``therapists``: the
    registry, included (as ``"therapists"``) when it has any."""
    from therapylog.journal.registry import record_to_json

    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "goals": [goal.to_json() for goal in goals],
        # as stored: a derived ``felt`` is not written back as if the client had given it
        "entries": [entry.to_stored_json() for entry in sorted(entries, key=entry_sort_key)],
    }
    if therapists is not None and therapists.therapists:
        document["therapists"] = [record_to_json(record) for record in therapists.therapists]
    if thresholds is not None:
        document["settings"] = {"thresholds": thresholds}
    return document


@dataclass
class ParsedBackup:
    entries: list[Entry]
    goals: list[Goal]
    settings: Settings | None
    therapists: Registry = field(default_factory=Registry)
    #: the thresholds the backed-up settings file set, in its order: all that is written back
    thresholds_set: tuple[str, ...] = ()


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)  # ids written
    renamed: dict[str, str] = field(default_factory=dict)  # backup id -> new id
    skipped: int = 0  # entries already present
    goals_added: list[str] = field(default_factory=list)
    goals_kept: list[str] = field(default_factory=list)  # ids present locally with other content
    settings_written: bool = False
    therapists_changed: list[str] = field(default_factory=list)  # names added or extended
    #: Why the backup's settings were not applied, when they differ from this journal's.
    settings_not_applied: str | None = None


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
    settings, thresholds_set = None, ()
    if document.get("settings") is not None:
        try:
            settings = validate(Settings, document["settings"])
        except ValidationError as error:
            raise InputError(
                f"{source}: {describe_validation_error(error, prefix='settings')}"
            ) from None
        thresholds_set = tuple(document["settings"].get("thresholds", {}))
    _refuse_duplicates(source, "entry", [entry.id for entry in entries])
    _refuse_duplicates(source, "goal", [goal.id for goal in goals])
    return ParsedBackup(entries, goals, settings, _therapists(source, document), thresholds_set)


def _therapists(source: str, document: dict[str, Any]) -> Registry:
    """The optional ``"therapists"`` of a backup (older backups have none)."""
    from therapylog.journal.registry import RegistryError, registry_from_rows

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


def _content(entry: Entry) -> dict[str, Any]:
    data = entry.to_stored_json()
    data.pop("id")
    return data


def import_backup(journal: Journal, backup: ParsedBackup) -> ImportResult:
    result = ImportResult()
    with journal.locked():
        current = journal.read_entries()
        damaged = {problem.path.stem for problem in current.problems}
        by_date: dict[Any, list[dict[str, Any]]] = {}
        for entry in current.entries:
            by_date.setdefault(entry.date, []).append(_content(entry))
        taken = {entry.id for entry in current.entries} | damaged
        to_write: list[Entry] = []
        for entry in sorted(backup.entries, key=entry_sort_key):
            content = _content(entry)
            same_day = by_date.get(entry.date, [])
            if content in same_day:
                # Each local entry matches one backup entry: two identical appointments on
                # one day are two entries, and both must come back.
                same_day.remove(content)
                result.skipped += 1
                continue
            new_id = _free_id(entry, taken)
            if new_id != entry.id:
                result.renamed[entry.id] = new_id
                entry = entry.replace(id=new_id)
            taken.add(new_id)
            to_write.append(entry)

        goals, goals_problem = journal.read_goals()
        if goals_problem is not None and backup.goals:
            raise JournalError(
                f"{goals_problem}; fix it before importing goals; nothing was imported"
            )
        local = {goal.id: goal for goal in goals}
        new_goals = []
        for goal in backup.goals:
            if goal.id not in local:
                new_goals.append(goal)
                result.goals_added.append(goal.id)
            elif local[goal.id] != goal:
                result.goals_kept.append(goal.id)

        registry, registry_before = _merged_registry(journal, backup, result)

        if backup.settings is not None and journal.settings_path.exists():
            result.settings_not_applied = _settings_not_applied(journal, backup.settings)
        journal.write_new_entries(to_write)
        try:
            if backup.settings is not None and not journal.settings_path.exists():
                journal.write_settings_unlocked(
                    backup.settings, new=True, only=backup.thresholds_set
                )
                result.settings_written = True
            if result.therapists_changed:
                journal.write_therapists_unlocked(registry, new=registry_before is None)
            # The one file replaced comes last, so that a failure before it undoes everything.
            if new_goals:
                journal.write_goals_unlocked(goals + new_goals)
        except SavedButNotConfirmedError:
            raise  # everything is in place; only the last rename is unconfirmed, as it says
        except BaseException:
            journal.remove_new_entries([entry.id for entry in to_write])
            if result.settings_written:
                journal.remove_new_files([journal.settings_path])
            _restore_registry(journal, result, registry_before)
            raise
        result.added = [entry.id for entry in to_write]
    return result


def _merged_registry(
    journal: Journal, backup: ParsedBackup, result: ImportResult
) -> tuple[Registry, bytes | None]:
    """The journal's registry with the backup's merged in, and the file's bytes before (None
    when there was no file). A damaged registry is never overwritten."""
    from therapylog.journal.registry import merge_imported

    if not backup.therapists.therapists:
        return Registry(), None
    local, problem = journal.read_therapists()
    if problem is not None:
        raise JournalError(f"{problem}; fix it before importing therapists; nothing was imported")
    merged, result.therapists_changed = merge_imported(local, backup.therapists)
    try:
        before = journal.therapists_path.read_bytes()
    except FileNotFoundError:
        before = None
    return merged, before


def _restore_registry(journal: Journal, result: ImportResult, before: bytes | None) -> None:
    """Undo the registry's part of an import that failed later (best effort)."""
    if not result.therapists_changed:
        return
    if before is None:
        journal.remove_new_files([journal.therapists_path])
        return
    with contextlib.suppress(OSError, JournalError):
        from therapylog.journal.fsutil import atomic_write

        atomic_write(journal.therapists_path, before)


def _settings_not_applied(journal: Journal, settings: Settings) -> str | None:
    """Local settings are never replaced by an import; say so when the backup's differ."""
    local, problem = journal.read_settings()
    if problem is not None:
        return (
            f"the backup's settings were not applied: {journal.settings_path} cannot be read "
            "(run `therapylog check`)"
        )
    if local != settings:
        return f"the backup's settings differ; kept this journal's {journal.settings_path}"
    return None


def _free_id(entry: Entry, taken: set[str]) -> str:
    if entry.id not in taken:
        return entry.id
    number = 2
    while f"{entry.date.isoformat()}-{number}" in taken:
        number += 1
    return f"{entry.date.isoformat()}-{number}"


def read_backup_file(path: Path) -> ParsedBackup:
    """Read a backup file: a regular file only (a FIFO would wait forever, /dev/zero would
    fill the memory)."""
    try:
        data = read_regular_file(path, follow=True)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        if error.errno == errno.EINVAL:
            raise InputError(f"{path}: not a regular file; give a backup file") from None
        raise JournalError(f"cannot read {path}: {describe_os_error(error)}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; is it a therapylog backup?") from None
    return parse_backup(str(path), text)

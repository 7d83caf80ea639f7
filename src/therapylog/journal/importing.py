"""Restoring or merging a backup into a journal (``therapylog import``, docs/data-safety.md).

Import is idempotent and all-or-nothing: the document is validated as a whole before
anything is written (therapylog.journal.backup); an entry already in the journal (same date,
same content) is skipped; an entry whose id is taken by a different entry gets the next free id
for its date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from therapylog.data.errors import JournalError
from therapylog.data.identity import Registry
from therapylog.data.model import Entry, Settings, entry_sort_key
from therapylog.journal.backup import ParsedBackup
from therapylog.journal.folder import SavedButNotConfirmedError
from therapylog.journal.fsutil import FolderSyncError, atomic_write
from therapylog.journal.registry import merge_imported
from therapylog.journal.storage import Journal


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
        registry_written = False
        try:
            if backup.settings is not None and not journal.settings_path.exists():
                journal.write_settings_unlocked(
                    backup.settings,
                    new=True,
                    only=backup.thresholds_set,
                    rhythm=backup.rhythm_set,
                )
                result.settings_written = True
            if result.therapists_changed:
                journal.write_therapists_unlocked(registry, new=registry_before is None)
                registry_written = True
            # The file replaced last (goals.toml): a failure before it undoes everything.
            if new_goals:
                journal.write_goals_unlocked(goals + new_goals)
        except SavedButNotConfirmedError:
            raise  # everything is in place; only the last rename is unconfirmed, as it says
        except BaseException as error:
            journal.remove_new_entries([entry.id for entry in to_write])
            if result.settings_written:
                journal.remove_new_files([journal.settings_path])
            restored = not registry_written or _restore_registry(journal, registry_before)
            if not restored and isinstance(error, JournalError):
                raise JournalError(_registry_kept(journal, error)) from None
            raise
        result.added = [entry.id for entry in to_write]
    return result


def _merged_registry(
    journal: Journal, backup: ParsedBackup, result: ImportResult
) -> tuple[Registry, bytes | None]:
    """The journal's registry with the backup's merged in, and the file's bytes before (None
    when there was no file). A damaged registry is never overwritten."""
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


def _restore_registry(journal: Journal, before: bytes | None) -> bool:
    """Take back the registry an import wrote before a later write failed (best effort):
    whether it is as it was (``before``: its bytes, None when there was no file)."""
    if before is None:
        journal.remove_new_files([journal.therapists_path])
        return not journal.therapists_path.exists()
    try:
        atomic_write(journal.therapists_path, before)
    except FolderSyncError:
        return True  # in place; only the disk's confirmation is missing
    except OSError:  # the disk that failed the import fails this too
        return False
    return True


def _registry_kept(journal: Journal, error: JournalError) -> str:
    """The failed import's message, which can no longer say that the journal is unchanged."""
    cause = error.message.removesuffix("; the journal is unchanged")
    return (
        f"{cause}; the import was taken back except for {journal.therapists_path}, which could "
        "not be put back: it holds the therapists of the backup merged with this journal's"
    )


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

"""The journal folder: the one module that reads and writes journal files.

Layout::

    <journal>/entries/<id>.toml   one file per appointment
    <journal>/goals.toml          the client's goals
    <journal>/settings.toml       analysis thresholds (optional)
    <journal>/therapists.toml     therapists: display names, aliases, endings (optional)
    <journal>/.lock               held while writing
    <journal>/.cache/             derived entry cache (therapylog.journal.cache); safe to delete

Reads never fail because of one bad file: a file that cannot be parsed becomes a
:class:`Problem` (path and reason) and is skipped. Writes take the lock, never overwrite a
file that could not be parsed, and go through :func:`fsutil.atomic_write`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from therapylog.data.errors import DamagedFileError, InputError, JournalError, LockTimeoutError
from therapylog.data.model import (
    ENTRY_ID_PATTERN,
    MAX_ENTRY_BYTES,
    Entry,
    Goal,
    Settings,
    entry_sort_key,
)
from therapylog.journal import codec
from therapylog.journal.codec import too_large
from therapylog.journal.fsutil import (
    FileTooLargeError,
    FolderSyncError,
    atomic_write,
    describe_os_error,
    ensure_private_dir,
    fsync_dir,
    read_regular_file,
    remove_stale_temp_files,
)
from therapylog.journal.locking import LockBusyError, exclusive_lock
from therapylog.journal.privacy import tighten_folder

ENTRIES_DIR = "entries"
GOALS_FILE = "goals.toml"
SETTINGS_FILE = "settings.toml"
THERAPISTS_FILE = "therapists.toml"
LOCK_FILE = ".lock"
DEFAULT_LOCK_TIMEOUT = 10.0
MAX_LOCK_TIMEOUT = 3600.0

if TYPE_CHECKING:
    from therapylog.data.identity import Registry
    from therapylog.data.repairs import Repair

T = TypeVar("T")


class UnsavedEntryError(JournalError):
    """A new entry could not be written; it is in the rescue file the message names."""


class SavedButNotConfirmedError(JournalError):
    """An existing file was replaced, but the disk did not confirm it: the new content is in
    place and may not survive a power cut."""


# What reading returns: named tuples, which cost nothing to define (a dataclass compiles its
# methods when it is defined, on every command that imports it).


class Problem(NamedTuple):
    """A journal file that could not be used, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class EntriesRead(NamedTuple):
    entries: list[Entry]  # oldest first
    problems: list[Problem]


class Snapshot(NamedTuple):
    """Everything the analysis needs, read once."""

    entries: list[Entry]
    goals: list[Goal]
    settings: Settings
    problems: list[Problem]
    therapists: Registry | None = None  # empty when therapists.toml is missing or damaged
    #: set when therapists.toml could not be read (it is also among ``problems``)
    therapists_problem: Problem | None = None


def lock_timeout_from_env() -> float:
    raw = os.environ.get("THERAPYLOG_LOCK_TIMEOUT")
    if raw is None:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_LOCK_TIMEOUT:  # NaN and infinity fail this too
        raise InputError(
            f"THERAPYLOG_LOCK_TIMEOUT: {raw!r} is not a number of seconds from 0 to "
            f"{MAX_LOCK_TIMEOUT:g}"
        )
    return seconds


class Journal:
    def __init__(self, root: Path, *, lock_timeout: float | None = None) -> None:
        self.root = root
        self.entries_dir = root / ENTRIES_DIR
        self.goals_path = root / GOALS_FILE
        self.settings_path = root / SETTINGS_FILE
        self.therapists_path = root / THERAPISTS_FILE
        self.lock_path = root / LOCK_FILE
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout

    # --- reading ---------------------------------------------------------------------------

    def entry_path(self, entry_id: str) -> Path:
        return self.entries_dir / f"{entry_id}.toml"

    def entry_files(self) -> list[Path]:
        """Every candidate entry file; temporary files of unfinished writes are not entries."""
        return [self.entries_dir / name for name in self.entry_names()]

    def require_existing(self) -> None:
        """Refuse a journal path where there is no journal: a command that writes what it read
        somewhere (a backup, an export to a file) must not write an empty journal over a good
        copy because of a mistyped or unmounted path."""
        self.refuse_symlinked_folders()
        if not self.root.is_dir():
            raise JournalError(
                f"no journal at {self.root}", hint="record a session with `therapylog add`"
            )

    def refuse_symlinked_folders(self) -> None:
        """Reads follow the rule of writes (fsutil.ensure_private_dir): a journal folder or
        entries folder that is a symbolic link is refused, so that nothing (the derived cache
        included) is ever written through one."""
        for folder in (self.root, self.entries_dir):
            try:
                info = folder.stat(follow_symlinks=False)
            except OSError:
                return  # missing: nothing to read there, and nothing is written by reading
            if stat.S_ISLNK(info.st_mode):
                raise JournalError(
                    f"{folder} is a symbolic link; therapylog only reads and writes real "
                    "folders (give the real path with --journal)"
                )

    def entry_names(self) -> list[str]:
        """The names of :meth:`entry_files`, sorted (names are much cheaper than paths)."""
        self.refuse_symlinked_folders()
        try:
            names = os.listdir(self.entries_dir)  # noqa: PTH208 - no Path per file
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            raise JournalError(f"{self.entries_dir} is not a folder") from None
        except OSError as error:
            raise JournalError(
                f"cannot read {self.entries_dir}: {describe_os_error(error)}"
            ) from None
        # Temporary files of unfinished writes start with a dot (fsutil.is_temp_file).
        return sorted(name for name in names if name.endswith(".toml") and name[0] != ".")

    def read_entries(self, *, use_cache: bool = True) -> EntriesRead:
        """Every readable entry, oldest first, and a problem for each file that is not.

        Unchanged files are served from the derived cache (see :mod:`therapylog.journal.cache`);
        ``use_cache=False`` reads every file (and refreshes the cache).
        """
        from therapylog.journal.cache import EntryCache

        problems: list[Problem] = []

        def load(name: str) -> Entry | None:
            path = self.entries_dir / name
            try:
                return self._load_entry(path)
            except FileNotFoundError:  # deleted since the folder was listed: not an entry now
                return None
            except DamagedFileError as error:
                problems.append(Problem(path, error.reason))
                return None

        cache = EntryCache(self.root, self.entries_dir, trust=use_cache)
        entries = cache.read(self.entry_names(), load)
        cache.save()
        entries.sort(key=entry_sort_key)
        return EntriesRead(entries, problems)

    def _load_entry(self, path: Path) -> Entry:
        return codec.entry_from_toml(path, _read(path))

    def latest_entry(self) -> Entry | None:
        """``read_entries().entries[-1]`` without reading the others: the newest readable file.

        A valid entry's file is named after its id, and ids sort like entries do, so the
        newest readable file by name holds the newest entry.
        """
        names = self.entry_names()
        if not names:
            return None
        # Names start with the date: the newest day's few names are tried first, and the whole
        # folder is sorted only if every one of them is damaged.
        newest_day = max(name[:10] for name in names)
        for candidates in (
            [name for name in names if name.startswith(newest_day)],
            [name for name in names if not name.startswith(newest_day)],
        ):
            for name in _newest_first(candidates):
                with contextlib.suppress(DamagedFileError):
                    return self._load_entry(self.entries_dir / name)
        return None

    def read_entry(self, entry_id: str) -> Entry:
        self.refuse_symlinked_folders()
        path = self.entry_path(entry_id)
        # Only an id can name a file: no "/", no "..", and no name too long for the disk.
        if not ENTRY_ID_PATTERN.fullmatch(entry_id) or not path.exists():
            raise JournalError(
                f"no entry with id {entry_id!r} in {self.entries_dir}",
                hint="see `therapylog list` for the ids",
            )
        return self._load_entry(path)

    def read_goals(self) -> tuple[list[Goal], Problem | None]:
        return self._read_optional(self.goals_path, codec.goals_from_toml, list, Goal)

    def read_settings(self) -> tuple[Settings, Problem | None]:
        return self._read_optional(self.settings_path, codec.settings_from_toml, Settings, Settings)

    def read_therapists(self) -> tuple[Registry, Problem | None]:
        """The registry; an empty one when the file is missing (it is created lazily) or
        damaged (then with the problem: names are matched by their spelling alone)."""
        from therapylog.data.identity import Registry
        from therapylog.journal.registry import registry_from_toml

        self.refuse_symlinked_folders()
        try:
            data = _read(self.therapists_path)
        except FileNotFoundError:
            return Registry(), None
        except DamagedFileError as error:
            return Registry(), Problem(self.therapists_path, error.reason)
        try:
            return registry_from_toml(self.therapists_path, data), None
        except DamagedFileError as error:
            return Registry(), Problem(self.therapists_path, error.reason)

    def _read_optional(
        self,
        path: Path,
        parse: Callable[[Path, bytes], T],
        default: Callable[[], T],
        kind: type[Any],
    ) -> tuple[T, Problem | None]:
        """A small file that may be missing, through the memo (therapylog.journal.memo): unchanged
        goals and settings are not validated again."""
        from therapylog.journal.cache import CACHE_DIR
        from therapylog.journal.memo import remembered

        self.refuse_symlinked_folders()
        try:
            data = _read(path)
        except FileNotFoundError:
            return default(), None
        except DamagedFileError as error:
            return default(), Problem(path, error.reason)
        try:
            return remembered(
                self.root / CACHE_DIR, path.name, data, lambda: parse(path, data), kind
            ), None
        except DamagedFileError as error:
            return default(), Problem(path, error.reason)

    def read_thresholds_set(self) -> dict[str, Any] | None:
        """The thresholds ``settings.toml`` sets (:func:`codec.thresholds_set_in`); None when
        there is no usable file."""
        try:
            data = _read(self.settings_path)
            return codec.thresholds_set_in(self.settings_path, data)
        except (FileNotFoundError, DamagedFileError):
            return None

    def snapshot(self, *, use_cache: bool = True) -> Snapshot:
        read = self.read_entries(use_cache=use_cache)
        goals, goals_problem = self.read_goals()
        settings, settings_problem = self.read_settings()
        therapists, therapists_problem = self.read_therapists()
        problems = [
            p for p in (goals_problem, settings_problem, therapists_problem) if p is not None
        ]
        return Snapshot(
            read.entries, goals, settings, problems + read.problems, therapists, therapists_problem
        )

    def check(self) -> tuple[int, list[Problem]]:
        """Read every file; return how many entries are fine and every problem found."""
        self.require_existing()
        snapshot = self.snapshot(use_cache=False)  # check reads every byte of every file
        return len(snapshot.entries), snapshot.problems

    # --- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal's lock. Creates the journal folders if needed."""
        ensure_private_dir(self.root)
        ensure_private_dir(self.entries_dir)
        # Copied in by hand, a journal may be open to others: 0700 folders keep them out of
        # every file inside, for the cost of two stat calls (therapylog.journal.privacy).
        tighten_folder(self.root)
        tighten_folder(self.entries_dir)
        with contextlib.ExitStack() as held:
            try:
                held.enter_context(exclusive_lock(self.lock_path, self.lock_timeout))
            except LockBusyError:
                raise LockTimeoutError(
                    f"the journal at {self.root} is busy: another therapylog command has held "
                    f"its lock for {self.lock_timeout:g} s; nothing was changed, try again when "
                    "it ends"
                ) from None
            except OSError as error:
                raise JournalError(
                    f"cannot lock {self.lock_path}: {describe_os_error(error)}"
                ) from None
            remove_stale_temp_files(self.entries_dir)
            remove_stale_temp_files(self.root)
            yield

    def add_entry(self, fields: dict[str, Any], *, repairs: Sequence[Repair] = ()) -> Entry:
        """Validate ``fields`` (without ``id``), give it the next free id for its date, save it.

        ``repairs`` marks earlier entries' incidents repaired on the new entry's date
        (therapylog.data.repairs): those entries are rewritten under the same lock, after the new
        one is saved; if any write fails, what was written is taken back. If the disk refuses
        the write, the entry is kept in a rescue file named in the error.
        """
        from therapylog.data.validation import validated  # only writers pay for validation

        draft = validated(Entry, {**fields, "id": _day_id(fields.get("date"))})
        codec.entry_to_toml(draft)  # too big, or not UTF-8: refused before anything is created
        with self.locked():
            entry = draft.replace(id=self._free_id(draft.date))
            repaired = self._repaired_entries(entry, repairs)
            try:
                self._write(self.entry_path(entry.id), codec.entry_to_toml(entry), new=True)
            except JournalError as error:
                raise UnsavedEntryError(f"{error.message}; {_rescue(entry)}") from None
            self._rewrite_all(repaired, taking_back=entry)
        return entry

    def _repaired_entries(self, entry: Entry, repairs: Sequence[Repair]) -> list[Entry]:
        if not repairs:
            return []
        from therapylog.data.identity import Identity
        from therapylog.data.repairs import apply_repairs

        earlier = [self.read_entry(entry_id) for entry_id in {r.entry_id for r in repairs}]
        registry, _ = self.read_therapists()  # damaged: names compared by spelling alone
        return apply_repairs(
            earlier, repairs, on=entry.date, therapist=entry.therapist, identity=Identity(registry)
        )

    def _rewrite_all(self, entries: list[Entry], *, taking_back: Entry) -> None:
        """Save changed entries over their files, all or nothing: on a failure the files
        already rewritten get their old bytes back and ``taking_back`` is removed."""
        done: list[tuple[Path, bytes]] = []
        try:
            for changed in entries:
                path = self.entry_path(changed.id)
                before = _read(path)
                self._write(path, codec.entry_to_toml(changed))
                done.append((path, before))
        except JournalError as error:
            for path, before in reversed(done):
                with contextlib.suppress(OSError):
                    atomic_write(path, before)
            self.remove_new_entries([taking_back.id])
            raise JournalError(f"{error.message}; {taking_back.id} was not added") from None

    def _free_id(self, day: dt.date) -> str:
        # A few lookups rather than a listing of the whole folder. Any file (a damaged one,
        # a link) already named after an id keeps that id taken.
        candidate, number = day.isoformat(), 1
        while os.path.lexists(self.entries_dir / f"{candidate}.toml"):
            number += 1
            candidate = f"{day.isoformat()}-{number}"
        return candidate

    def replace_entry(self, entry: Entry) -> None:
        """Save a changed entry over its own, readable, file."""
        with self.locked():
            path = self.entry_path(entry.id)
            self._load_entry(path)  # refuses to overwrite a file it cannot parse
            self._write(path, codec.entry_to_toml(entry))

    def replace_entry_bytes(self, entry_id: str, data: bytes, *, expected: bytes) -> None:
        """Save hand-edited, already validated text, if nobody changed the file meanwhile."""
        with self.locked():
            path = self.entry_path(entry_id)
            try:
                current = _read(path)
            except FileNotFoundError:
                raise JournalError(
                    f"{path} was deleted while you were editing it; nothing was saved"
                ) from None
            if current != expected:
                raise JournalError(
                    f"{path} changed while you were editing it; nothing was saved, edit it again"
                )
            self._write(path, data)

    def remove_entry(self, entry_id: str) -> Path:
        with self.locked():
            path = self.entry_path(entry_id)
            self.read_entry(entry_id)
            try:
                path.unlink()
            except OSError as error:
                raise JournalError(f"cannot remove {path}: {describe_os_error(error)}") from None
            try:
                fsync_dir(self.entries_dir)
            except OSError as error:
                raise JournalError(
                    f"{path} was removed, but the disk could not confirm it: "
                    f"{describe_os_error(error)}; it may come back after a power cut"
                ) from None
        return path

    def save_goals(self, change: Callable[[list[Goal]], list[Goal]]) -> list[Goal]:
        """Apply ``change`` to the current goals under the lock and save the result."""
        with self.locked():
            goals, problem = self.read_goals()
            if problem is not None:
                raise JournalError(
                    f"{problem}; fix it (see `therapylog check`) before changing goals"
                )
            updated = change(goals)
            self._write(self.goals_path, codec.goals_to_toml(updated))
        return updated

    def save_therapists(self, change: Callable[[Registry], Registry]) -> Registry:
        """Apply ``change`` to the registry under the lock and save the result; a damaged
        ``therapists.toml`` is never overwritten."""
        with self.locked():
            registry, problem = self.read_therapists()
            if problem is not None:
                raise JournalError(
                    f"{problem}; fix it (see `therapylog check`) before changing therapists"
                )
            updated = change(registry)
            self.write_therapists_unlocked(updated, new=not self.therapists_path.exists())
        return updated

    def write_therapists_unlocked(self, registry: Registry, *, new: bool = False) -> None:
        from therapylog.journal.registry import registry_to_toml

        self._write(self.therapists_path, registry_to_toml(registry), new=new)

    def write_new_entries(self, entries: list[Entry]) -> None:
        """Write entries whose ids are free, all or nothing. Call while holding the lock."""
        written: list[Path] = []
        try:
            for entry in entries:
                path = self.entry_path(entry.id)
                if path.exists():
                    raise JournalError(f"{path} appeared while importing; nothing was imported")
                self._write(path, codec.entry_to_toml(entry), new=True)
                written.append(path)
        except BaseException:
            self.remove_new_entries([path.stem for path in written])
            raise

    def remove_new_entries(self, entry_ids: list[str]) -> None:
        """Undo :meth:`write_new_entries` (best effort). Call while holding the lock."""
        self.remove_new_files([self.entry_path(entry_id) for entry_id in entry_ids])

    def remove_new_files(self, paths: list[Path]) -> None:
        """Take back files this command created (best effort). Call while holding the lock."""
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in {path.parent for path in paths}:
            with contextlib.suppress(OSError):
                fsync_dir(folder)

    def write_goals_unlocked(self, goals: list[Goal]) -> None:
        self._write(self.goals_path, codec.goals_to_toml(goals))

    def write_settings_unlocked(
        self, settings: Settings, *, new: bool = False, only: Iterable[str] | None = None
    ) -> None:
        self._write(self.settings_path, codec.settings_to_toml(settings, only=only), new=new)

    def _write(self, path: Path, data: bytes, *, new: bool = False) -> None:
        """Save ``data`` as ``path``. ``new``: the file did not exist before this write.

        If only the final folder sync fails, a new file is taken back (the journal is as it
        was), while a replaced file keeps its new content and the error says so.
        """
        try:
            atomic_write(path, data)
        except FolderSyncError as error:
            if not new:
                raise SavedButNotConfirmedError(
                    f"{path} was saved, but the disk could not confirm it: "
                    f"{describe_os_error(error)}; the new version is in place but may not "
                    "survive a power cut"
                ) from None
            self.remove_new_files([path])
            raise JournalError(
                f"could not save {path}: {describe_os_error(error)}; the journal is unchanged"
            ) from None
        except OSError as error:
            raise JournalError(
                f"could not save {path}: {describe_os_error(error)}; the journal is unchanged"
            ) from None


def _newest_first(names: list[str]) -> list[str]:
    """Entry file names (invalid ids left out) by date and sequence, the newest first."""
    keyed = [
        ((match.group(1), int(match.group(2) or 1)), name)
        for name in names
        if (match := ENTRY_ID_PATTERN.fullmatch(name[: -len(".toml")]))
    ]
    return [name for _, name in sorted(keyed, reverse=True)]


def _read(path: Path) -> bytes:
    try:
        return read_regular_file(path, limit=MAX_ENTRY_BYTES)
    except FileNotFoundError:
        raise
    except FileTooLargeError as error:
        raise DamagedFileError(path, too_large(error.size)) from None
    except OSError as error:
        if error.errno == 40:  # ELOOP: the name is a symbolic link
            raise DamagedFileError(path, "is a symbolic link; entries must be real files") from None
        raise DamagedFileError(path, f"cannot be read: {describe_os_error(error)}") from None


def _day_id(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _rescue(entry: Entry) -> str:
    """Keep an entry that could not be saved where the user can re-add it from."""
    import json
    import tempfile

    from therapylog.journal.backup import backup_document

    document = json.dumps(backup_document([entry], [], None), indent=2) + "\n"
    for folder in (Path(tempfile.gettempdir()), Path.home()):
        target = folder / f"therapylog-unsaved-{entry.id}-{os.getpid()}.json"
        try:
            atomic_write(target, document.encode("utf-8"))
        except OSError:
            continue
        return f"your entry was kept in {target}; re-add it with `therapylog import {target}`"
    return "your entry could not be kept anywhere either; here it is: " + " ".join(document.split())

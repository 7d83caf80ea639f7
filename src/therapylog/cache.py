"""A derived cache of parsed entries, so that reading a large journal does not reparse every
TOML file (parsing TOML and validating it is most of the cost of reading a journal).

The TOML files are always the truth. The cache only remembers, for each entry file that was
parsed successfully, the file's identity (size, modification and change times in ns, inode)
and the entry it held. A file is served from the cache only while its identity is unchanged;
anything else (a new, changed, damaged or unreadable file) is read from disk as if there were
no cache, so damaged files are reported on every read. Deleting the cache changes nothing but
speed.

Safety:

- Files whose modification or change time is within :data:`SETTLE_NS` of the read are not
  cached: a file edited again within the same timestamp tick, keeping its size, would
  otherwise look unchanged (the "racy clean" problem).
- The cache is written with :func:`fsutil.atomic_write` (0600, in a 0700 folder), so a reader
  sees either the old cache or the new one. Concurrent writers simply replace each other's
  complete files; no lock is needed because every record is checked against the file it
  describes before use.
- A cache that is torn, corrupt (checksum), written by another version, or in any way
  unexpected is ignored and rebuilt. Saving it is best effort: if the folder is read-only or
  the disk is full, the read goes on without it.
- Each computer keeps its own cache file (named after the host), because inode numbers and
  change times differ between computers that sync the journal folder.

Rebuilding entries from the cache skips validation (it costs about as much as the TOML
parsing the cache saves): the data was validated before it was cached, the file carries
a checksum, and :func:`_entry_from_row` still checks every value's type and range.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from therapylog import __version__
from therapylog.catalogue import KINDS_BY_SLUG, Felt, ProgressLevel, Status
from therapylog.fsutil import (
    atomic_write,
    ensure_private_dir,
    is_temp_file,
    read_regular_file,
)
from therapylog.model import (
    ENTRY_FIELDS,
    SCHEMA_VERSION,
    SORT_KEY,
    Alliance,
    Entry,
    Incident,
    id_sequence,
)
from therapylog.model import Record as DataRecord

CACHE_DIR = ".cache"
FORMAT = "therapylog-entry-cache"
#: Bump when the layout of a row changes.
FORMAT_VERSION = 1
#: Files changed this recently are read from disk, never cached (2 s covers FAT's timestamps).
SETTLE_NS = 2_000_000_000
#: Fields of an entry, in the order of a cached row.
ROW_FIELDS = (
    "id",
    "date",
    "therapist",
    "status",
    "mood_before",
    "mood_after",
    "felt",
    "progress",
    "incidents",
    "alliance",
    "phq9",
    "gad7",
    "tags",
    "notes",
)
_IGNORED_FILES = {".gitignore": b"*\n", "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by therapylog; it is safe to delete.\n"}  # fmt: skip

Record = list[Any]  # [size, mtime_ns, ctime_ns, inode, row]
R = TypeVar("R", bound=DataRecord)


def cache_path(root: Path) -> Path:
    """This computer's cache file inside the journal folder ``root``."""
    host = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    return root / CACHE_DIR / f"entries-{zlib.crc32(host.encode('utf-8')):08x}.json"


class EntryCache:
    """The cache for one read of ``entries_dir``: ask :meth:`entry` for each file, then
    :meth:`save` once."""

    def __init__(self, root: Path, entries_dir: Path, *, trust: bool = True) -> None:
        """``trust=False``: serve nothing from the cache (every file is read), but still
        refresh it."""
        self.path = cache_path(root)
        self.entries_dir = entries_dir
        self._folder = os.fspath(entries_dir) + os.sep
        self._started_ns = time.time_ns()
        self._trust = trust
        self._old: dict[str, Record] = _load(self.path)
        self._new: dict[str, Record] = {}
        self._changed = False

    def entry(self, name: str, load: Callable[[Path], Entry]) -> Entry:
        """The entry in the file ``name``: from the cache if the file is unchanged, else from
        ``load`` (whose errors propagate, and nothing is remembered)."""
        try:
            info = os.stat(self._folder + name, follow_symlinks=False)  # noqa: PTH116
        except OSError:
            return load(self.entries_dir / name)  # reports the problem as reading would
        cached = self._old.get(name)
        if (
            self._trust
            and cached is not None
            and cached[0] == info.st_size
            and cached[1] == info.st_mtime_ns
            and cached[2] == info.st_ctime_ns
            and cached[3] == info.st_ino
        ):
            try:
                entry = _entry_from_row(cached[4], name)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                pass  # not what this cache writes: read the file instead
            else:
                self._new[name] = cached
                return entry
        entry = load(self.entries_dir / name)
        settled = max(info.st_mtime_ns, info.st_ctime_ns) < self._started_ns - SETTLE_NS
        if settled and stat.S_ISREG(info.st_mode):
            key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
            record = [*key, _row(entry)]
            self._new[name] = record
            self._changed = self._changed or record != cached
        return entry

    def save(self) -> None:
        """Write the cache if this read learned something. Never raises for a disk problem."""
        if not self._changed and self._new.keys() == self._old.keys():
            return
        if not self._new and not self.path.parent.exists():
            return  # nothing worth caching: do not create the folder
        from therapylog.errors import JournalError

        try:
            data = _encode(self._new)
            prepare_cache_dir(self.path.parent)
            atomic_write(self.path, data)
        except (OSError, ValueError, JournalError):
            pass  # a read-only folder, a full disk...: the cache is only an optimisation


def prepare_cache_dir(folder: Path) -> None:
    """Create the private cache folder, marked for backup tools and git to skip it."""
    ensure_private_dir(folder)
    _remove_abandoned_temp_files(folder)
    for name, content in _IGNORED_FILES.items():
        if not (folder / name).exists():
            atomic_write(folder / name, content)


def _remove_abandoned_temp_files(folder: Path) -> None:
    """Temporary files of cache writes killed half-way (an hour is far longer than a write)."""
    too_old = time.time() - 3600
    for child in folder.iterdir():
        if is_temp_file(child.name) and child.lstat().st_mtime < too_old:
            child.unlink()


# --- the file ----------------------------------------------------------------------------------


def _header(body: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "program": __version__,
        "schema": SCHEMA_VERSION,
        "fields": list(ENTRY_FIELDS),
        "length": len(body),
        "crc32": zlib.crc32(body),
    }


def _encode(records: dict[str, Record]) -> bytes:
    body = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return json.dumps(_header(body)).encode("utf-8") + b"\n" + body


def _load(path: Path) -> dict[str, Record]:
    """The records of a valid cache file; an empty dict for anything else."""
    try:
        data = read_regular_file(path)
    except OSError:
        return {}
    head, _, body = data.partition(b"\n")
    try:
        if json.loads(head) != _header(body):
            return {}
        records = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested absurdly deep
        return {}
    if not isinstance(records, dict):
        return {}
    return {
        name: record
        for name, record in records.items()
        if isinstance(record, list) and len(record) == 5
    }


# --- entries to rows and back ----------------------------------------------------------------


def _row(entry: Entry) -> list[Any]:
    alliance = entry.alliance
    return [
        entry.id,
        entry.date.isoformat(),
        entry.therapist,
        entry.status.value,
        entry.mood_before,
        entry.mood_after,
        entry.felt.value if entry.felt is not None else None,
        {goal: level.value for goal, level in entry.progress.items()},
        [[incident.kind, incident.note, incident.repaired] for incident in entry.incidents],
        None
        if alliance is None
        else [alliance.heard, alliance.goals, alliance.approach, alliance.overall],
        entry.phq9,
        entry.gad7,
        list(entry.tags),
        entry.notes,
    ]


_STATUSES = {status.value: status for status in Status}
_FELT = {felt.value: felt for felt in Felt}
_LEVELS = {level.value: level for level in ProgressLevel}
# Membership in these sets checks type and range at once (JSON gives ints for what we wrote).
_MOODS = frozenset([None, *range(11)])
_PHQ9 = frozenset([None, *range(28)])
_GAD7 = frozenset([None, *range(22)])
_ALLIANCE = frozenset(range(11))
_setattr = object.__setattr__


def _construct(model: type[R], values: dict[str, Any]) -> R:
    """``model(**values)`` with every field given, without the frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` per field): what makes rebuilding ten thousand
    entries take milliseconds."""
    instance = model.__new__(model)
    _setattr(instance, "__dict__", values)
    return instance


def _incident(row: list[Any]) -> Incident:
    kind, note, repaired = row
    if kind not in KINDS_BY_SLUG or type(repaired) is not bool or type(note) not in _NOTE_TYPES:
        raise ValueError("not an incident")
    return _construct(Incident, {"kind": kind, "note": note, "repaired": repaired})


_NOTE_TYPES = frozenset([str, type(None)])


def _alliance(row: list[Any]) -> Alliance:
    heard, goals, approach, overall = row
    scores = _ALLIANCE
    if (
        heard not in scores
        or goals not in scores
        or approach not in scores
        or overall not in scores
    ):
        raise ValueError("not an alliance rating")
    values = {"heard": heard, "goals": goals, "approach": approach, "overall": overall}
    return _construct(Alliance, values)


def _entry_from_row(row: list[Any], name: str) -> Entry:
    """Rebuild an entry from its row, checking each value; raises on anything unexpected."""
    (
        entry_id,
        date,
        therapist,
        status,
        mood_before,
        mood_after,
        felt,
        progress,
        incidents,
        alliance,
        phq9,
        gad7,
        tags,
        notes,
    ) = row
    if (
        name != entry_id + ".toml"
        or entry_id[:10] != date
        or mood_before not in _MOODS
        or mood_after not in _MOODS
        or phq9 not in _PHQ9
        or gad7 not in _GAD7
        or type(therapist) is not str
        or type(notes) is not str
        or type(progress) is not dict
        or type(tags) is not list
    ):
        raise ValueError("not an entry row")
    for tag in tags:
        if type(tag) is not str:
            raise ValueError("not a tag")
    values = {
        "id": entry_id,
        "date": (day := dt.date.fromisoformat(date)),
        "therapist": therapist,
        "status": _STATUSES[status],
        "mood_before": mood_before,
        "mood_after": mood_after,
        "felt": None if felt is None else _FELT[felt],
        # (the conditionals spare most entries a comprehension's call)
        "progress": {goal: _LEVELS[level] for goal, level in progress.items()} if progress else {},
        "incidents": [_incident(incident) for incident in incidents] if incidents else [],
        "alliance": None if alliance is None else _alliance(alliance),
        "phq9": phq9,
        "gad7": gad7,
        "tags": tags,
        "notes": notes,
        # what Entry.__post_init__ would set (the id was checked against the date above)
        SORT_KEY: (day, id_sequence(entry_id)),
    }
    return _construct(Entry, values)


__all__ = ["CACHE_DIR", "ROW_FIELDS", "EntryCache", "cache_path", "prepare_cache_dir"]

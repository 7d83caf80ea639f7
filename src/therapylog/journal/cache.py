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

Layout: one column per field (the entries' ids, their files' identities, each field's
values; numbers packed as machine integers), and the fields whose values repeat (therapist,
status, felt, progress, incidents, alliance, tags) stored once per distinct value with an
index per entry. Rebuilding entries
skips validation (it costs about as much as the TOML parsing the cache saves): the data was
validated before it was cached and the file carries a checksum. :func:`_decode` still checks
every value's type, range and enum, a whole column at a time, and a cache with anything
unexpected in it is ignored as a whole.
"""

from __future__ import annotations

import binascii
import datetime as dt
import json
import os
import sys
import time
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from therapylog import __version__
from therapylog.data.catalogue import KINDS_BY_SLUG, Felt, ProgressLevel, Status
from therapylog.data.model import (
    ENTRY_FIELDS,
    SCHEMA_VERSION,
    SORT_KEY,
    Alliance,
    Entry,
    Incident,
    id_sequence,
)
from therapylog.journal.fsutil import (
    atomic_write,
    ensure_private_dir,
    is_temp_file,
    read_regular_file,
)

CACHE_DIR = ".cache"
FORMAT = "therapylog-entry-cache"
#: Bump when the layout of the body changes.
#: 4: entries validated with the date range (results of older rules are not reused)
FORMAT_VERSION = 4
#: Files changed this recently are read from disk, never cached (2 s covers FAT's timestamps).
SETTLE_NS = 2_000_000_000
_IGNORED_FILES = {".gitignore": b"*\n", "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by therapylog; it is safe to delete.\n"}  # fmt: skip

#: What identifies a file's content without reading it: size, mtime and ctime in ns, inode.
Identity = tuple[int, int, int, int]
_identity: Callable[[os.stat_result], Identity] = attrgetter(
    "st_size", "st_mtime_ns", "st_ctime_ns", "st_ino"
)


#: What the cache knows of one entry file: its identity and the entry it held.
Cached = tuple[Identity, Entry]


def cache_path(root: Path) -> Path:
    """This computer's cache file inside the journal folder ``root``."""
    host = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    return root / CACHE_DIR / f"entries-{zlib.crc32(host.encode('utf-8')):08x}.json"


class EntryCache:
    """The cache for one read of ``entries_dir``: :meth:`read` the files, then :meth:`save`."""

    def __init__(self, root: Path, entries_dir: Path, *, trust: bool = True) -> None:
        """``trust=False``: serve nothing from the cache (every file is read), but still
        refresh it."""
        self.path = cache_path(root)
        self._folder = os.fspath(entries_dir) + os.sep
        self._started_ns = time.time_ns()
        self._trust = trust
        self._old: dict[str, Cached] = _load(self.path)
        self._new: dict[str, Cached] = {}
        self._changed = False

    def read(self, names: list[str], load: Callable[[str], Entry | None]) -> list[Entry]:
        """The entries in the files ``names``, in that order: each from the cache if its file
        is unchanged, else from ``load(name)``, which returns None for a file that holds no
        valid entry (nothing is remembered of it)."""
        paths = [self._folder + name for name in names]
        old = self._old if self._trust else {}
        try:
            # Each stat result is dropped at once: ten thousand of them would take 8 MB.
            identities: list[Identity | None] = list(map(_identity, map(os.lstat, paths)))
        except OSError:  # a file vanished or cannot be examined: ``load`` says what happened
            identities = [_identity_of(path) for path in paths]
        # Most reads: the very files the cache holds, all unchanged (compared in bulk).
        if names == list(old) and identities == [identity for identity, _ in old.values()]:
            self._new.update(old)
            return [entry for _, entry in old.values()]
        new = self._new
        entries = []
        for name, identity in zip(names, identities, strict=True):
            cached = old.get(name)
            if cached is not None and cached[0] == identity:
                entries.append(cached[1])
                new[name] = cached
                continue
            entry = load(name)
            if entry is None:
                continue
            entries.append(entry)
            # (``load`` reads regular files only: this one was one when it was examined)
            if identity is not None and self._settled(identity):
                new[name] = record = (identity, entry)
                self._changed = self._changed or record != self._old.get(name)
        return entries

    def _settled(self, identity: Identity) -> bool:
        _, modified, changed, _ = identity
        return max(modified, changed) < self._started_ns - SETTLE_NS

    def save(self) -> None:
        """Write the cache if this read learned something. Never raises for a disk problem."""
        if not self._changed and self._new.keys() == self._old.keys():
            return
        if not self._new and not self.path.parent.exists():
            return  # nothing worth caching: do not create the folder
        from therapylog.data.errors import JournalError

        try:
            data = _encode(self._new)
            prepare_cache_dir(self.path.parent)
            atomic_write(self.path, data)
        except (OSError, ValueError, OverflowError, JournalError):
            pass  # a read-only folder, a full disk, a number too big to pack: only speed is lost


def _identity_of(path: str) -> Identity | None:
    try:
        return _identity(os.lstat(path))
    except OSError:
        return None


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
        "byteorder": sys.byteorder,  # of the packed numbers
        "length": len(body),
        "adler32": zlib.adler32(body),  # against torn and corrupted files (fast to compute)
    }


def _seal(body: Mapping[str, Any]) -> bytes:
    """The cache file holding ``body``: a header line (with the body's checksum), the body."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return json.dumps(_header(data)).encode("utf-8") + b"\n" + data


def _unseal(data: bytes) -> Any:
    """The body of a cache file; raises ValueError if it is not one (or not this version's)."""
    head, _, body = data.partition(b"\n")
    if json.loads(head) != _header(body):
        raise ValueError("not this version's cache")
    return json.loads(body)


def _encode(records: Mapping[str, Cached]) -> bytes:
    return _seal(_columns(records.values()))


def _load(path: Path) -> dict[str, Cached]:
    """The records of a valid cache file, by file name; an empty dict for anything else."""
    try:
        return _decode(_unseal(read_regular_file(path)))
    except OSError:
        return {}
    # Anything a damaged or foreign body can raise while it is checked and decoded: not JSON,
    # not UTF-8, nested absurdly deep, a value of the wrong type, an index out of range...
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return {}


# --- entries to columns and back -------------------------------------------------------------
#
# A *plain* column holds one JSON value per entry (ids, notes); a *packed* one, numbers as
# base64 of machine integers (file identities, scores; -1 for a score not recorded). A
# *shared* column holds each distinct value once, under "values", and "index" (packed), the
# position of each entry's value there: a journal names a handful of therapists and repeats
# the same few tags, progress and incidents thousands of times. Each shared field has a
# function that makes its value hashable (to find repeats), one that makes the hashable form
# JSON, and one that checks and rebuilds a JSON value (once per distinct value); mutable
# values are copied for each entry, so no two entries share one.


def _level_items(entry: Entry) -> tuple[tuple[str, str], ...]:
    return tuple((goal, level.value) for goal, level in entry.progress.items())


def _incident_items(
    entry: Entry,
) -> tuple[tuple[str, str | None, bool, str | None], ...]:
    return tuple(
        (
            item.kind,
            item.note,
            item.repaired,
            None if item.repaired_on is None else item.repaired_on.isoformat(),
        )
        for item in entry.incidents
    )


def _alliance_items(entry: Entry) -> tuple[int, int, int, int] | None:
    scores = entry.alliance
    return None if scores is None else (scores.heard, scores.goals, scores.approach, scores.overall)


_STATUSES = {status.value: status for status in Status}
_FELT: dict[str | None, Felt | None] = {None: None, **{felt.value: felt for felt in Felt}}
_LEVELS = {level.value: level for level in ProgressLevel}
_SCORES = frozenset(range(11))  # an alliance scale
_ITEM_SCORES = frozenset(range(4))  # one answer of PHQ-9 or GAD-7


def _string(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("not a string")
    return value


def _progress(value: Any) -> dict[str, ProgressLevel]:
    if type(value) is not dict:
        raise TypeError("not a progress table")
    return {_string(goal): _LEVELS[level] for goal, level in value.items()}


def _incidents(value: Any) -> list[Incident]:
    if type(value) is not list:
        raise TypeError("not a list of incidents")
    incidents = []
    for kind, note, repaired, repaired_on in value:
        if kind not in KINDS_BY_SLUG or type(repaired) is not bool:
            raise ValueError("not an incident")
        if note is not None:
            _string(note)
        day = None if repaired_on is None else dt.date.fromisoformat(_string(repaired_on))
        incidents.append(Incident(kind, note, repaired, day))
    return incidents


def _alliance(value: Any) -> Alliance | None:
    if value is None:
        return None
    if type(value) is not list:
        raise TypeError("not an alliance rating")
    heard, goals, approach, overall = value
    if not set(map(type, value)) <= {int} or not set(value) <= _SCORES:
        raise ValueError("not an alliance rating")
    return Alliance(heard, goals, approach, overall)


def _items(count: int) -> Callable[[Any], list[int] | None]:
    """Rebuilds a questionnaire's item answers (``count`` of them, each 0-3), or None."""

    def rebuild(value: Any) -> list[int] | None:
        if value is None:
            return None
        if type(value) is not list or len(value) != count:
            raise TypeError("not a questionnaire's items")
        if not set(map(type, value)) <= {int} or not set(value) <= _ITEM_SCORES:
            raise ValueError("not a questionnaire's items")
        return value

    return rebuild


def _copy_items(value: list[int] | None) -> list[int] | None:
    return None if value is None else list(value)


def _tags(value: Any) -> list[str]:
    if type(value) is not list or not set(map(type, value)) <= {str}:
        raise TypeError("not a list of tags")
    return value


class _Shared(NamedTuple):
    hashable: Callable[[Entry], Any]
    to_json: Callable[[Any], Any]
    from_json: Callable[[Any], Any]
    copy: Callable[[Any], Any] | None  # for mutable values: a fresh one for each entry


def _same(value: Any) -> Any:
    return value


def _list_or_none(value: tuple[Any, ...] | None) -> list[Any] | None:
    return None if value is None else list(value)


def _tuple_or_none(field: str) -> Callable[[Entry], tuple[int, ...] | None]:
    def hashable(entry: Entry) -> tuple[int, ...] | None:
        value: list[int] | None = getattr(entry, field)
        return None if value is None else tuple(value)

    return hashable


_SHARED: dict[str, _Shared] = {
    "therapist": _Shared(attrgetter("therapist"), _same, _string, None),
    "status": _Shared(lambda entry: entry.status.value, _same, _STATUSES.__getitem__, None),
    "felt": _Shared(
        lambda entry: None if entry.felt is None else entry.felt.value,
        _same,
        _FELT.__getitem__,
        None,
    ),
    "progress": _Shared(_level_items, dict, _progress, dict),
    "incidents": _Shared(_incident_items, lambda items: [list(i) for i in items], _incidents, list),
    "alliance": _Shared(_alliance_items, _list_or_none, _alliance, None),
    "phq9_items": _Shared(_tuple_or_none("phq9_items"), _list_or_none, _items(9), _copy_items),
    "gad7_items": _Shared(_tuple_or_none("gad7_items"), _list_or_none, _items(7), _copy_items),
    "tags": _Shared(lambda entry: tuple(entry.tags), list, _tags, list),
}
#: Columns of scores, packed as bytes (-1 for a score not recorded): each score's highest value.
_SCORES_UP_TO = {"mood_before": 10, "mood_after": 10, "phq9": 27, "gad7": 21}
_NOT_RECORDED = -1
#: What each packed byte may be, and what it stands for (anything else: not a valid cache).
_SCORE_VALUES = {
    field: {_NOT_RECORDED: None, **{score: score for score in range(highest + 1)}}
    for field, highest in _SCORES_UP_TO.items()
}
#: Every field of an entry is in one column, but the date: an entry's id begins with it.
COLUMNS = ("id", *_SHARED, *_SCORES_UP_TO, "notes")


def _columns(records: Iterable[Cached]) -> dict[str, Any]:
    """The JSON body for these records."""
    records = list(records)
    entries = [entry for _, entry in records]
    body: dict[str, Any] = {
        "id": [entry.id for entry in entries],
        "notes": [entry.notes for entry in entries],
    }
    # Numbers are packed (base64 of machine integers): JSON is slow to read many of them.
    # Sizes and times as signed 64-bit integers (three per entry), inode numbers as unsigned.
    times = array("q", [value for identity, _ in records for value in identity[:3]])
    body["times"] = _pack(times)
    body["inode"] = _pack(array("Q", [identity[3] for identity, _ in records]))
    for field in _SCORES_UP_TO:
        scores = (getattr(entry, field) for entry in entries)
        body[field] = _pack(array("b", [_NOT_RECORDED if s is None else s for s in scores]))
    for field, shared in _SHARED.items():
        positions: dict[Any, int] = {}
        index = [
            positions.setdefault(value, len(positions)) for value in map(shared.hashable, entries)
        ]
        values = [shared.to_json(value) for value in positions]
        body[field] = {"values": values, "index": _pack(array("I", index))}
    return body


def _plain(body: dict[str, Any], field: str, count: int, types: set[type]) -> list[Any]:
    """A plain column, checked to hold ``count`` values of these types."""
    column = body[field]
    if type(column) is not list or len(column) != count or not set(map(type, column)) <= types:
        raise ValueError(f"bad column {field}")
    return column


def _shared(body: dict[str, Any], field: str, count: int) -> list[Any]:
    """A shared column as one (rebuilt, checked) value per entry."""
    shared = _SHARED[field]
    values = [shared.from_json(value) for value in body[field]["values"]]
    index = _unpack(body[field], "index", "I", count)
    if index and max(index) >= len(values):
        raise IndexError(f"bad index in {field}")
    column = list(map(values.__getitem__, index))
    return column if shared.copy is None else list(map(shared.copy, column))


def _pack(numbers: array[int]) -> str:
    return binascii.b2a_base64(numbers.tobytes(), newline=False).decode("ascii")


def _unpack(body: dict[str, Any], field: str, typecode: str, count: int) -> list[int]:
    numbers = array(typecode)
    numbers.frombytes(binascii.a2b_base64(_string(body[field])))
    if len(numbers) != count:
        raise ValueError(f"bad column {field}")
    return numbers.tolist()


_new = object.__new__
_DAY = itemgetter(slice(0, 10))
_SLOTS = (*ENTRY_FIELDS, SORT_KEY)


def _decode(body: Any) -> dict[str, Cached]:
    """The records of a cache body, by file name; raises on anything this module would not
    have written. Whole columns are checked and converted at a time (in C, mostly): what keeps
    rebuilding ten thousand entries to tens of milliseconds."""
    if type(body) is not dict:
        raise TypeError("not a cache body")
    ids = body["id"]
    count = len(ids)
    _plain(body, "id", count, {str})
    dates = list(map(dt.date.fromisoformat, map(_DAY, ids)))
    times = iter(_unpack(body, "times", "q", 3 * count))
    identities = zip(times, times, times, _unpack(body, "inode", "Q", count), strict=True)
    columns: dict[str, Iterable[Any]] = {"id": ids, "date": dates}
    for field, values in _SCORE_VALUES.items():
        # (a byte that is no valid score raises KeyError)
        columns[field] = list(map(values.__getitem__, _unpack(body, field, "b", count)))
    for field in _SHARED:
        columns[field] = _shared(body, field, count)
    columns["notes"] = _plain(body, "notes", count, {str})
    # What Entry.__post_init__ would set: (date, sequence within the day), and the sequence
    # is 1 but for the few ids with a suffix (id_sequence, called only for those).
    sequences = [1] * count
    for position in [position for position, size in enumerate(map(len, ids)) if size > 10]:
        sequences[position] = id_sequence(ids[position])
    columns[SORT_KEY] = zip(dates, sequences, strict=True)
    # Entries are built without Entry.__init__ (a call of object.__setattr__ per field and
    # entry): each slot is filled for all entries at once, through its descriptor.
    entries = list(map(_new, repeat(Entry, count)))
    for field in _SLOTS:
        deque(map(getattr(Entry, field).__set__, entries, columns[field]), maxlen=0)
    names = [entry_id + ".toml" for entry_id in ids]
    return dict(zip(names, zip(identities, entries, strict=True), strict=True))


__all__ = ["CACHE_DIR", "COLUMNS", "Cached", "EntryCache", "cache_path", "prepare_cache_dir"]

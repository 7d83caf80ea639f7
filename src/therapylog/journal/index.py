"""The row index: what each journal file held when it was last parsed, so that a command does
not parse every TOML file again. The files are the truth; deleting the index changes nothing
but speed (docs/performance.md says why it is made this way). One file per computer (inode
numbers and change times differ between computers syncing a journal), written only by
:func:`write_index` and read only by :func:`read_index`, 0600 in a 0700 folder::

    line 1: {"format": ..., "version": ..., "body": [length, adler32],
             "documents": {"goals.toml": [the file's text, its goals as JSON], ...}}
    line 2: {"2026-11-01.toml": [size, mtime_ns, ctime_ns, inode, the entry as JSON], ...}
    line 3: the HMAC of lines 1 and 2 (where this computer has a key, below)

An entry's row serves only while its file's size, times and inode are unchanged, and a file
changed within :data:`SETTLE_NS` of the read gets none (an edit within the same timestamp tick
could keep all four: "racy clean"). A row of goals.toml or settings.toml serves only for the
very same text.

A synced folder is untrusted, so the index proves who wrote it: line 3 is an HMAC of the
first two under a key derived from this computer's machine id, its user and the journal's
path (:func:`local_key`), which nothing in the folder reveals; an encrypted journal's index is
sealed with its key instead. Rows so proven were written from validated records and are
rebuilt as they are (journal/index_rows.py); an index the key does not prove is ignored
whole. Where there is no machine id (macOS, Windows), every row is rebuilt through
validation instead, as if read from its file. Anything odd in the index is ignored (the file is read instead, and the index rewritten). No pickle or
marshal: they must never read what could come from elsewhere. Writes are atomic and best
effort; concurrent readers each write a whole file.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import re
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from therapylog import __version__
from therapylog.data.errors import DamagedFileError, JournalError
from therapylog.data.model import SCHEMA_VERSION, Entry, Settings
from therapylog.journal import codec, index_rows
from therapylog.journal.crypto import is_sealed
from therapylog.journal.fsutil import (
    atomic_write,
    ensure_private_dir,
    is_temp_file,
    read_regular_file,
)
from therapylog.journal.layout import INDEX_DIR

if TYPE_CHECKING:
    from therapylog.journal.sealing import Sealing

FORMAT = "therapylog-index"
VERSION = 1
#: Files changed this recently are read, never indexed (2 s covers FAT's timestamps).
SETTLE_NS = 2_000_000_000
#: A bigger index is ignored, and never written: 50 times that of 10,000 realistic entries.
MAX_INDEX_BYTES = 256 * 2**20
_FOLDER_MARKERS = {".gitignore": b"*\n", "CACHEDIR.TAG": b"Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by therapylog; it is safe to delete.\n"}  # fmt: skip

#: How JSON spells a surrogate (``\\udcff``), if the backslash is not itself escaped.
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
T = TypeVar("T")
Load = Callable[[str], Entry | None]
#: How the content of goals.toml and settings.toml is kept in a row, and rebuilt from it:
#: validated, or (for a row this computer proved it wrote) as it is.
_DOCUMENTS: dict[
    str, tuple[Callable[[Any], Any], Callable[[Path, Any], Any], Callable[[Any], Any]]
] = {
    "goals.toml": (
        lambda goals: [goal.to_json() for goal in goals],
        codec.goals_from_rows,
        index_rows.goals,
    ),
    "settings.toml": (Settings.to_json, codec.settings_from_document, index_rows.settings),
}
#: Where Linux (systemd and others) keeps the machine's id: private to the machine, never in a
#: synced folder. Elsewhere there is none, and every row is validated.
MACHINE_ID = Path("/etc/machine-id")


def index_path(root: Path) -> Path:
    """This computer's index of the journal folder ``root``."""
    host = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    return root / INDEX_DIR / f"index-{zlib.crc32(host.encode('utf-8')):08x}.json"


class Index:
    """One use of the index: opened, consulted for some files, then :meth:`save`\\ d."""

    def __init__(self, root: Path, sealing: Sealing | None = None) -> None:
        """``sealing``: an encrypted journal's (journal/sealing.py), whose index is sealed
        with its key like every file of it; one that does not open is ignored."""
        self.path = index_path(root)
        self._sealing = sealing
        data = read_index(self.path)
        self._key = local_key(root)
        sealed = False
        if sealing is not None:
            try:
                sealed = is_sealed(data)  # opened below only if sealed with the journal's key
                data = sealing.from_disk(self.path, data)
            except DamagedFileError:
                sealed = False
                data = b""
        self._documents, self._body, proven = _open(data, self._key)
        #: whether its rows were written here from validated records (see the module's doc)
        self._trusted = proven or sealed
        self._entries: dict[str, Any] | None = None  # line 2, parsed when first needed
        self._learned = False

    def entries(self, folder: Path, names: list[str], load: Load, *, trust: bool) -> list[Entry]:
        """The entries in the files ``names`` of ``folder``, in that order: each from its row
        if the file is unchanged (and ``trust``), else from ``load(name)`` (None: no valid
        entry, and no row). ``trust=False`` uses no row, but still refreshes them."""
        started = time.time_ns()
        known = self._entry_rows()
        old = known if trust else {}
        rows: dict[str, Any] = {}
        entries = []
        prefix = os.fspath(folder) + os.sep  # no Path per file: there may be ten thousand
        for name in names:
            identity = _identity(prefix + name)
            row: Any = old.get(name)
            entry = _entry(name, row[4], self._trusted) if _unchanged(row, identity) else None
            if entry is not None:
                rows[name] = row
            else:
                entry = load(name)
                if entry is None:
                    continue
                if identity is not None and _settled(identity, started):
                    rows[name] = [*identity, entry.to_stored_json()]
                    self._learned = True
            entries.append(entry)
        self._learned = self._learned or rows.keys() != known.keys()
        self._entries = rows
        return entries

    def document(self, path: Path, data: bytes, parse: Callable[[], T]) -> T:
        """The goals or settings in ``data``, the bytes of ``path``: from its row if it holds
        this very text, else ``parse()`` (whose errors propagate: a damaged file gets no row)."""
        dump, rebuild, as_written = _DOCUMENTS[path.name]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return parse()  # not a valid file: parse says why
        row = self._documents.get(path.name)
        if type(row) is list and len(row) == 2 and row[0] == text:
            try:
                if self._trusted:
                    return as_written(row[1])  # type: ignore[no-any-return]
                return rebuild(path, row[1])  # type: ignore[no-any-return]
            except (ValueError, TypeError, KeyError, AttributeError, JournalError):
                pass  # not what this module writes: read the file
        value = parse()
        self._documents[path.name] = [text, dump(value)]
        self._learned = True
        return value

    def save(self) -> None:
        """Write the index if this use learned something (once, at the end of the use).
        Never raises for a disk problem."""
        if not self._learned:
            return
        if self._entries is not None:
            self._body = _json(self._entries)
        if self._documents or self._entries or self.path.parent.exists():
            data = _seal(self._documents, self._body, self._key)
            if self._sealing is not None:
                data = self._sealing.to_disk(self.path, data)
            write_index(self.path, data)

    def _entry_rows(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = _parse(self._body, dict) or {}
        return self._entries


def _identity(path: str) -> list[int] | None:
    """What identifies a file's content without reading it: size, mtime, ctime, inode."""
    try:
        info = os.lstat(path)
    except OSError:  # gone since the folder was listed: ``load`` says what happened
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _unchanged(row: Any, identity: list[int] | None) -> bool:
    return identity is not None and type(row) is list and len(row) == 5 and row[:4] == identity


def _settled(identity: list[int], started_ns: int) -> bool:
    _, modified, changed, _ = identity
    return max(modified, changed) < started_ns - SETTLE_NS


def _entry(name: str, content: Any, trusted: bool) -> Entry | None:
    """The entry a row holds: as written, if this computer proved it wrote it, else validated
    as if read from its file (``codec.entry_from_toml``: the file must be named after the
    entry's id); None if it is not a valid one."""
    try:
        if trusted:
            entry = index_rows.entry(content)
        else:
            from therapylog.data.validation import validate  # loads pydantic-core: ~25 ms

            entry = validate(Entry, content)
    except (ValueError, TypeError, KeyError, AttributeError):  # ValidationError: ValueError
        return None
    return entry if name == f"{entry.id}.toml" else None


@functools.cache
def local_key(root: Path) -> bytes | None:
    """The key that proves an index was written here, by this user, for this journal: none
    of it is in the journal folder, so a copy synced from elsewhere cannot have it. None
    where the machine has no id (macOS, Windows): rows are then always validated."""
    try:
        machine = MACHINE_ID.read_bytes().strip()
    except OSError:
        return None
    if len(machine) < 16:
        return None
    user = str(os.getuid() if hasattr(os, "getuid") else "").encode()
    label = b"therapylog index v1\0" + user + b"\0" + os.fsencode(root.absolute())
    return hmac.new(machine, label, hashlib.sha256).digest()


# --- the file ----------------------------------------------------------------------------------


def _header(body: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "program": __version__,
        "schema": SCHEMA_VERSION,
        "body": [len(body), zlib.adler32(body)],  # against torn and corrupted files
    }


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _parse(data: bytes, kind: type) -> Any:
    """``data`` as JSON of this type, or None."""
    try:
        text = data.decode("utf-8")  # strictly: json.loads would let encoded surrogates pass
        value = None if _spells_a_surrogate(text) else json.loads(text)
    except (ValueError, RecursionError):  # not UTF-8 or JSON, an absurd number, too deep
        return None
    return value if type(value) is kind else None


def _spells_a_surrogate(text: str) -> bool:
    """Whether the JSON ``text`` holds a lone surrogate: text no UTF-8 file, so no entry, holds."""
    for match in _SURROGATE.finditer(text):  # rare: a note that quotes one, say
        start = position = match.start()
        while position and text[position - 1] == "\\":
            position -= 1
        if (start - position) % 2 == 0:  # an even number of backslashes before it
            return True
    return False


def _seal(documents: dict[str, Any], body: bytes, key: bytes | None) -> bytes:
    data = _json({**_header(body), "documents": documents}) + b"\n" + body
    return data if key is None else data + b"\n" + _mac(key, data)


def _mac(key: bytes, data: bytes) -> bytes:
    """The third line: an HMAC of the exact bytes of the first two (JSON written compactly
    holds no raw newline, so the lines cannot be confused)."""
    return hmac.new(key, data, hashlib.sha256).hexdigest().encode("ascii")


def _open(data: bytes, key: bytes | None) -> tuple[dict[str, Any], bytes, bool]:
    """The document rows and the entry rows (still JSON) of an index file, and whether its
    HMAC proves this computer wrote it; none for a file that is not one this version writes,
    or, where there is a key, that the key does not prove (another's, or changed since)."""
    if key is not None:
        data, _, mac = data.rpartition(b"\n")
        if not hmac.compare_digest(mac, _mac(key, data)):
            return {}, b"{}", False
    head, _, body = data.partition(b"\n")
    header = _parse(head, dict)
    if header is None:
        return {}, b"{}", False
    documents = header.pop("documents", None)
    if header != _header(body) or type(documents) is not dict:
        return {}, b"{}", False
    proven = key is not None
    return {name: documents[name] for name in _DOCUMENTS if name in documents}, body, proven


def read_index(path: Path) -> bytes:
    """The bytes of the index file; empty if it is missing, unreadable or too big."""
    try:
        return read_regular_file(path, limit=MAX_INDEX_BYTES)
    except OSError:
        return b""


def write_index(path: Path, data: bytes) -> None:
    """Replace the index file with ``data``, atomically; skipped for any disk problem."""
    if len(data) > MAX_INDEX_BYTES:
        return
    try:
        ensure_private_dir(path.parent)
        for name, content in _FOLDER_MARKERS.items():  # backup tools and git skip the folder
            if not (path.parent / name).exists():
                atomic_write(path.parent / name, content)
        _remove_leftovers(path.parent)
        atomic_write(path, data)
    except (OSError, JournalError):
        pass  # a read-only folder, a full disk, ``.cache`` not a folder: only speed is lost


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of writes killed half-way (an hour is far longer than a write), and
    this computer's files of older versions' caches (they hold copies of the notes)."""
    too_old = time.time() - 3600
    older = {index_path(folder.parent).name.replace("index-", "entries-"), "documents.json"}
    for child in folder.iterdir():
        with contextlib.suppress(OSError):  # another reader removed it first
            if child.name in older or (
                is_temp_file(child.name) and child.lstat().st_mtime < too_old
            ):
                child.unlink()


__all__ = ["INDEX_DIR", "SETTLE_NS", "Index", "index_path", "read_index", "write_index"]

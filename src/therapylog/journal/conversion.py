"""Turning a journal's files from plain to sealed and back, one file at a time, resumably.

Every file is replaced atomically (fsutil.atomic_write: a temporary file, fsync, rename), so
at every instant each file exists whole, in one form or the other, never in neither. The
keys file records the run's direction (``state`` in keys.py) and is written, durably, before
the first file changes and after the last: a run killed at any point (kill -9, power cut)
leaves a journal that reads normally (both forms are read while a run is unfinished) and that
the next ``encrypt`` or ``decrypt`` finishes.

* Encrypting: the keys file is written first (state ``encrypting``) and the recovery key
  shown before any file is sealed; then each plain file is sealed; then the state becomes
  ``encrypted``. Resuming issues a new recovery key (the old one may never have been seen).
  On an encrypted journal, the same run seals plain files another computer dropped in.
* Decrypting: the state becomes ``decrypting``; each sealed file is opened back to plain
  text; the keys file goes last, and only when every file opened. A file that cannot be
  opened (damaged, or from another journal) is left as it is and reported.

The row index holds the journal's text: it is deleted at the start of either run and rebuilt
(sealed or plain, like every file) by the next command that reads the journal.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from therapylog.data.errors import DamagedFileError, JournalError
from therapylog.journal import crypto, fsutil, layout, sealing
from therapylog.journal import keys as keyfile
from therapylog.journal.crypto import DataKey, Secret
from therapylog.journal.kdf import KdfParams
from therapylog.journal.sealing import Sealing

#: The journal's own files: those of its top folder, and every file in its folders. The keys
#: file, the lock and the derived index are not among them.
TOP_FILES = (layout.GOALS_FILE, layout.SETTINGS_FILE, layout.THERAPISTS_FILE)
FOLDERS = (layout.ENTRIES_DIR, layout.DRAFTS_DIR, layout.RESCUE_DIR)
MAX_FILE_BYTES = 64 * 2**20


class LockableJournal(Protocol):
    root: Path

    def locked(self) -> AbstractContextManager[None]: ...


@dataclass
class Converted:
    """What a run did: files changed, files already in the new form, files it could not use."""

    changed: int = 0
    already: int = 0
    problems: list[tuple[Path, str]] = field(default_factory=list)
    finished: bool = False


def journal_files(root: Path) -> Iterator[Path]:
    """Every file of the journal that holds its text (regular files, not symbolic links, not
    the temporary files of unfinished writes)."""
    for name in TOP_FILES:
        path = root / name
        if path.is_file() and not path.is_symlink():
            yield path
    for subfolder in FOLDERS:
        try:
            names = sorted(os.listdir(root / subfolder))  # noqa: PTH208 - names are cheaper
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in names:
            path = root / subfolder / name
            if not fsutil.is_temp_file(name) and path.is_file() and not path.is_symlink():
                yield path


def encrypt_journal(
    journal: LockableJournal,
    *,
    key: DataKey | None = None,
    new_passphrase: Secret | None = None,
    tune: Callable[[], KdfParams],
    show_recovery: Callable[[str], None],
) -> Converted:
    """Encrypt a plain journal under ``new_passphrase`` (Argon2id parameters from ``tune``),
    or finish encrypting one, or seal the plain files dropped into an encrypted one (with its
    data ``key``, unlocked by the caller before the lock is taken)."""
    root = journal.root
    with _remembered(root, key), journal.locked():
        keys = keyfile.read(root)
        if keys is None:
            if new_passphrase is None:
                raise JournalError(f"the journal at {root} is not encrypted (no passphrase given)")
            _remove_index(root)
            keys, key, recovery = keyfile.create(new_passphrase, tune(), state="encrypting")
            keyfile.write(root, keys)
            show_recovery(recovery)
        else:
            key = _matching(keys, key)
            if keys.state != "encrypted":
                _remove_index(root)
                keys, recovery = keyfile.new_recovery_key(
                    keyfile.with_state(keys, "encrypting"), key
                )
                keyfile.write(root, keys)
                show_recovery(recovery)
        sealing = Sealing(root, keys, key)
        result = Converted()
        for path in journal_files(root):
            _convert(path, sealing, result, to_sealed=True)
        keyfile.write(root, keyfile.with_state(keys, "encrypted"))
        result.finished = True
        return result


def decrypt_journal(journal: LockableJournal, key: DataKey) -> Converted:
    """Turn every file back into plain text and remove the keys file, or finish doing so."""
    root = journal.root
    with _remembered(root, key), journal.locked():
        keys = keyfile.read(root)
        if keys is None:
            raise JournalError(f"the journal at {root} is not encrypted")
        key = _matching(keys, key)
        keys = keyfile.with_state(keys, "decrypting")
        keyfile.write(root, keys)
        _remove_index(root)
        sealing = Sealing(root, keys, key)
        result = Converted()
        for path in journal_files(root):
            _convert(path, sealing, result, to_sealed=False)
        if not result.problems:
            keyfile.path_in(root).unlink()
            fsutil.fsync_dir(root)
            result.finished = True
        return result


def _matching(keys: keyfile.Keys, key: DataKey | None) -> DataKey:
    """``key``, checked to be this journal's (its keys file may have changed since it was
    unlocked, before the lock was taken)."""
    if key is None or key.key_id != keys.key_id:
        raise JournalError(
            f"{keyfile.KEYS_FILE} changed while the journal was being unlocked; run the command "
            "again"
        )
    return key


def _convert(path: Path, sealing: Sealing, result: Converted, *, to_sealed: bool) -> None:
    try:
        data = fsutil.read_regular_file(path, limit=MAX_FILE_BYTES)
    except OSError as error:
        result.problems.append((path, f"cannot be read: {fsutil.describe_os_error(error)}"))
        return
    if crypto.is_sealed(data) == to_sealed:
        if to_sealed:  # sealed already: by this journal's key, or not one of ours
            try:
                sealing.from_disk(path, data)
            except DamagedFileError as error:
                result.problems.append((path, error.reason))
                return
        result.already += 1
        return
    try:
        new = sealing.to_disk(path, data) if to_sealed else sealing.from_disk(path, data)
    except DamagedFileError as error:
        result.problems.append((path, error.reason))
        return
    try:
        fsutil.atomic_write(path, new)
    except fsutil.FolderSyncError:
        pass  # replaced; either form reads, and the next run looks at it again
    except OSError as error:
        raise JournalError(
            f"could not rewrite {path}: {fsutil.describe_os_error(error)}; it is unchanged, "
            "and running the command again continues where this one stopped"
        ) from None
    result.changed += 1


@contextlib.contextmanager
def _remembered(root: Path, key: DataKey | None) -> Iterator[None]:
    """The journal's sealing as the run starts (the lock reads the keys file again), and
    nothing remembered once it ends: the journal has changed form."""
    keys = keyfile.read(root)
    if keys is None:
        sealing.remember(root, Sealing(root))
    else:
        sealing.remember(root, Sealing(root, keys, _matching(keys, key)))
    try:
        yield
    finally:
        sealing.forget(root)


def _remove_index(root: Path) -> None:

    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(root / layout.INDEX_DIR)

"""The journal folder: where each file is, the guards every read and write passes, the lock,
and the one way a journal file is saved.

Layout::

    <journal>/entries/<id>.toml   one file per appointment
    <journal>/goals.toml          the client's goals
    <journal>/settings.toml       analysis thresholds (optional)
    <journal>/therapists.toml     therapists: display names, aliases, endings (optional)
    <journal>/.lock               held while writing
    <journal>/.cache/             derived index (therapylog.journal.index); safe to delete
    <journal>/rescued/            text that could not be saved (therapylog.journal.rescue)
    <journal>/drafts/             the interview's unfinished answers (therapylog.journal.drafts)
    <journal>/encryption.toml     only in an encrypted journal: its wrapped key (keys.py)

In an encrypted journal every file above holds sealed bytes (docs/encryption.md): the one
read (:meth:`JournalFolder.read_plain`) opens them and the one save (``_write``) seals them,
through :mod:`therapylog.journal.sealing`.

:class:`JournalFolder` is the base of :class:`therapylog.journal.storage.Journal`: the reading
and writing classes build on it (entry_reading, small_files, entry_writing).
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from therapylog.data.errors import DamagedFileError, InputError, JournalError, LockTimeoutError
from therapylog.data.model import MAX_ENTRY_BYTES
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
from therapylog.journal.layout import (
    ENTRIES_DIR,
    GOALS_FILE,
    KEYS_FILE,
    LOCK_FILE,
    RESCUE_DIR,
    SETTINGS_FILE,
    THERAPISTS_FILE,
)
from therapylog.journal.locking import LockBusyError, exclusive_lock
from therapylog.journal.privacy import LooseMode, loose_modes, make_private, tighten_folder

if TYPE_CHECKING:
    from therapylog.journal.sealing import Sealing

DEFAULT_LOCK_TIMEOUT = 10.0
MAX_LOCK_TIMEOUT = 3600.0


class NotSavedError(JournalError):
    """A file could not be saved and is as it was. ``reason``: why, in plain words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"could not save {path}: {reason}; the journal is unchanged")
        self.path = path
        self.reason = reason


class SavedButNotConfirmedError(JournalError):
    """An existing file was replaced, but the disk did not confirm it: the new content is in
    place and may not survive a power cut. ``reason``: why, in plain words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path} was saved, but the disk could not confirm it: {reason}; the new version "
            "is in place but may not survive a power cut"
        )
        self.path = path
        self.reason = reason


# What reading returns: named tuples, which cost nothing to define (a dataclass compiles its
# methods when it is defined, on every command that imports it).


class Problem(NamedTuple):
    """A journal file that could not be used, and why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


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


def read_file(path: Path) -> bytes:
    """A journal file's bytes; :class:`DamagedFileError` when it is not a readable regular file
    of at most ``MAX_ENTRY_BYTES`` (FileNotFoundError passes through: a missing file is the
    caller's to judge)."""
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


class JournalFolder:
    """The paths of one journal, its guards and its lock."""

    def __init__(self, root: Path, *, lock_timeout: float | None = None) -> None:
        self.root = root
        self.entries_dir = root / ENTRIES_DIR
        self.goals_path = root / GOALS_FILE
        self.settings_path = root / SETTINGS_FILE
        self.therapists_path = root / THERAPISTS_FILE
        self.lock_path = root / LOCK_FILE
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout

    def read_plain(self, path: Path) -> bytes:
        """The plain bytes of the journal file ``path``: :func:`read_file`'s, opened if the
        journal is encrypted (a file that does not open is a :class:`DamagedFileError`)."""
        from therapylog.journal.sealing import sealing_of

        return sealing_of(self.root).from_disk(path, read_file(path))

    def index_sealing(self) -> Sealing | None:
        """How the row index (journal/index.py) is kept: sealed with the journal's key when it
        is encrypted (it holds the entries' text), as it is otherwise."""
        if not self.encrypted:
            return None
        from therapylog.journal.sealing import sealing_of

        return sealing_of(self.root)

    @property
    def encrypted(self) -> bool:
        """Whether the journal is encrypted (it has a keys file). Asks for nothing."""
        return os.path.lexists(self.root / KEYS_FILE)

    def entry_path(self, entry_id: str) -> Path:
        return self.entries_dir / f"{entry_id}.toml"

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
        """The names of every candidate entry file, sorted (names are much cheaper than paths):
        temporary files of unfinished writes and hidden files are not entries."""
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

    def rescue_folder(self) -> Path:
        """The journal's ``rescued/`` folder (therapylog.journal.rescue), created 0700; refused,
        like every write, when the journal is reached through a symbolic link."""
        self.refuse_symlinked_folders()
        folder = self.root / RESCUE_DIR
        ensure_private_dir(folder)
        return folder

    def loose_modes(self) -> list[LooseMode]:
        """The journal's files and folders other users of the computer can open
        (therapylog.journal.privacy)."""
        return loose_modes(self.root)

    def make_private(self, loose: LooseMode) -> str | None:
        """Give one of :meth:`loose_modes` its private mode; the reason if it cannot."""
        return make_private(loose)

    # --- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal's lock. Creates the journal folders if needed.

        An encrypted journal is unlocked first (a passphrase is never asked for while the
        lock keeps other commands waiting), and its keys file read again once the lock is
        held, in case another command encrypted or decrypted it meanwhile."""
        from therapylog.journal.sealing import sealing_of

        sealing_of(self.root)
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
            sealing_of(self.root, refresh=True)
            yield

    def remove_new_files(self, paths: list[Path]) -> None:
        """Take back files this command created (best effort). Call while holding the lock."""
        for path in paths:
            with contextlib.suppress(OSError):
                path.unlink()
        for folder in {path.parent for path in paths}:
            with contextlib.suppress(OSError):
                fsync_dir(folder)

    def _write(self, path: Path, data: bytes, *, new: bool = False) -> None:
        """Save ``data`` as ``path``. ``new``: the file did not exist before this write.

        If only the final folder sync fails, a new file is taken back (the journal is as it
        was), while a replaced file keeps its new content and the error says so.
        """
        from therapylog.journal.sealing import sealing_of

        try:
            atomic_write(path, sealing_of(self.root).to_disk(path, data))
        except FolderSyncError as error:
            if not new:
                raise SavedButNotConfirmedError(path, describe_os_error(error)) from None
            self.remove_new_files([path])
            raise NotSavedError(path, describe_os_error(error)) from None
        except OSError as error:
            raise NotSavedError(path, describe_os_error(error)) from None

"""Private, atomic file writes. Every byte therapylog writes goes through ``atomic_write``.

A write is: a temporary file in the same folder (created 0600 whatever the umask), every
byte written, ``fsync``, ``os.replace`` onto the target, then ``fsync`` of the folder so the
rename itself survives a power cut. If any step fails the temporary file is removed and the
target is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from therapylog.data.errors import JournalError

FOLDER_MODE = 0o700
FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"


class FolderSyncError(OSError):
    """The new file is in place under its name, but its folder could not be synced: the
    rename may not survive a power cut. Raised by :func:`atomic_write` as its last step."""


def describe_os_error(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno == errno.EIO:
        return "the disk reported an input/output error"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    return error.strerror or str(error)


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) as 0700 folders; refuse a symlink or a non-folder."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        ensure_private_dir_parent(path.parent)
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            pass
        except OSError as error:
            raise JournalError(f"cannot create {path}: {describe_os_error(error)}") from None
        os.chmod(path, FOLDER_MODE)
        return
    if stat.S_ISLNK(info.st_mode):
        raise JournalError(f"{path} is a symbolic link; therapylog only writes into real folders")
    if not stat.S_ISDIR(info.st_mode):
        raise JournalError(f"{path} is not a folder")


def ensure_private_dir_parent(path: Path) -> None:
    """Parents of the journal may be shared folders: leave existing ones alone, but create the
    missing ones private (0700 whatever the umask), like the journal itself."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue
        except OSError as error:
            raise JournalError(f"cannot create {folder}: {describe_os_error(error)}") from None
        os.chmod(folder, FOLDER_MODE)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably, as a 0600 file.

    Raises OSError from the failing step after cleaning up; callers turn it into a
    JournalError with their own context.
    """
    folder = path.parent
    fd, temp_name = _make_temp(folder, path.name)
    temp = Path(temp_name)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    try:
        fsync_dir(folder)
    except OSError as error:
        raise FolderSyncError(error.errno, error.strerror) from error


def _make_temp(folder: Path, name: str) -> tuple[int, str]:
    import tempfile  # only writers pay for it

    # mkstemp opens with O_EXCL and mode 0600, so the umask cannot widen it.
    return tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)


def is_temp_file(name: str) -> bool:
    """Whether a file name (not a path) is that of an unfinished write's temporary file."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def remove_stale_temp_files(folder: Path) -> None:
    """Delete temporary files a crashed writer left behind. Call only while holding the lock."""
    with contextlib.suppress(FileNotFoundError):
        # names, not Paths: a journal folder may hold ten thousand entries
        for name in os.listdir(folder):
            if is_temp_file(name):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))


class FileTooLargeError(OSError):
    """A file is larger than the reader's limit; it was not read."""

    def __init__(self, size: int) -> None:
        super().__init__(errno.EFBIG, "file too large")
        self.size = size


def read_regular_file(path: Path, *, limit: int | None = None, follow: bool = False) -> bytes:
    """Read a file, by default without following a symlink at its last component.

    Anything but a regular file (a folder, a FIFO that would block forever, a device) is
    refused. A file of more than ``limit`` bytes raises :class:`FileTooLargeError` without
    being read (a sparse file of a gigabyte costs nothing to examine).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if limit is not None and info.st_size > limit:
            raise FileTooLargeError(info.st_size)
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:  # it grew while being read
                raise FileTooLargeError(size)
        return b"".join(chunks)
    finally:
        os.close(fd)

"""The journal's write lock: an exclusive lock on one file, waited for a bounded time.

On POSIX systems this is ``flock(2)`` on ``<journal>/.lock``: the kernel releases it when the
process ends, however it ends (``kill -9`` included), so a crashed writer never blocks the
next one. The lock file is opened with ``O_NOFOLLOW``: a symbolic link planted in its place is
refused, and whatever it points to is left untouched. Elsewhere (Windows) the well-kept
``filelock`` package does the job. ``filelock`` is not used on POSIX because importing it
costs about 20-30 ms, a sixth of a whole ``add`` (docs/performance.md).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

#: How often a waiting writer tries again.
POLL_SECONDS = 0.02


class LockBusyError(Exception):
    """Another process held the lock for the whole timeout."""


@contextlib.contextmanager
def exclusive_lock(path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock on ``path`` (created 0600 if missing) for the ``with`` block.

    Raises :class:`LockBusyError` after ``timeout`` seconds of waiting, and ``OSError`` if
    the lock file cannot be opened (a symbolic link, a read-only folder...).
    """
    if os.name != "posix":  # pragma: no cover - exercised on Windows only
        with _filelock(path, timeout):
            yield
        return
    import fcntl  # POSIX only: importing it at the top would fail on Windows

    flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask, or an older file's mode
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockBusyError(str(path)) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _filelock(path: Path, timeout: float) -> Iterator[None]:  # pragma: no cover - Windows
    from filelock import FileLock, Timeout  # installed on Windows only

    lock = FileLock(path, timeout=timeout, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise LockBusyError(str(path)) from None
    try:
        yield
    finally:
        lock.release()

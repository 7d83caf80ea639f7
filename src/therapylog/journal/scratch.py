"""The private scratch folder that holds the copy an editor sees during ``therapylog edit``.

The copy is as private as the entry: it lives in a folder only this user can open (0700),
preferably on a file system kept in memory (``$XDG_RUNTIME_DIR``, else ``/dev/shm``, else
the temporary folder), never in the journal folder, which may be synced (editors leave swap
and backup files beside what they edit). Each run has its own folder, named after its
process id, removed with everything in it when the run ends, however it ends short of
SIGKILL (see therapylog.journal.stopping); the folders of runs that no longer exist are swept at the
start of the next one (docs/data-safety.md, promise 12).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from therapylog.data.errors import JournalError

_RUN = re.compile(r"edit-([0-9]+)-", re.ASCII)


def candidate_bases() -> list[Path]:
    """Where the scratch folder may go, best first."""
    bases = []
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime:
        bases.append(Path(runtime))
    bases.append(Path("/dev/shm"))
    bases.append(Path(tempfile.gettempdir()))
    return bases


def _uid() -> int | None:
    """This user's id; None where there is none (Windows: folders are private by their ACL)."""
    getuid = getattr(os, "getuid", None)
    return getuid() if getuid is not None else None


def _private_parent(base: Path) -> Path | None:
    """``base/therapylog-<uid>``, a 0700 folder owned by this user, or None if ``base`` cannot
    hold one safely (missing, read-only, or the name taken by someone else or by a link)."""
    if not base.is_dir():
        return None
    uid = _uid()
    parent = base / f"therapylog-{'user' if uid is None else uid}"
    try:
        parent.mkdir(mode=0o700)
    except FileExistsError:
        pass  # checked below: it must be this user's own folder, not a link
    except OSError:
        return None
    try:
        info = parent.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid):
        return None  # a link, a file, or a folder of another user in a shared place
    if stat.S_IMODE(info.st_mode) != 0o700:
        try:
            parent.chmod(0o700)
        except OSError:
            return None
    return parent


def _alive(pid: int) -> bool:
    if os.name != "posix":  # pragma: no cover - signal 0 means Ctrl-C on Windows
        return True  # never swept there: a leftover is kept rather than a live run's copy lost
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, as another user's process
        return True
    return True


def sweep(parent: Path) -> list[Path]:
    """Remove the folders of runs whose process is gone (killed with SIGKILL, a power cut)."""
    removed: list[Path] = []
    try:
        children = list(parent.iterdir())
    except OSError:
        return removed
    for child in children:
        match = _RUN.match(child.name)
        if match is None or int(match.group(1)) == os.getpid() or _alive(int(match.group(1))):
            continue
        shutil.rmtree(child, ignore_errors=True)
        removed.append(child)
    return removed


@contextlib.contextmanager
def scratch_folder(*, memory_only: bool = False) -> Iterator[Path]:
    """A new private folder for this run, removed with its contents when the block ends.
    ``memory_only`` (an encrypted journal, docs/encryption.md): never in the temporary folder,
    which may be on disk."""
    disk = Path(tempfile.gettempdir())
    bases = [base for base in candidate_bases() if not (memory_only and base == disk)]
    for base in bases:
        parent = _private_parent(base)
        if parent is None:
            continue
        sweep(parent)
        try:
            folder = Path(tempfile.mkdtemp(prefix=f"edit-{os.getpid()}-", dir=parent))
        except OSError:
            continue
        break
    else:
        raise JournalError(
            "no private folder for the editing copy: "
            + ", ".join(str(base) for base in bases)
            + " cannot be used; set XDG_RUNTIME_DIR to a private folder"
            + (" in memory (the journal is encrypted)" if memory_only else "")
        )
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)

"""Writing a file the user names (``backup --output``, ``export --output``): the one way.

:func:`check_output_path` holds the rules (docs/data-safety.md, promise 13): only a new path or
a regular file (a symbolic link to one is replaced, not followed); never a character device, a
FIFO, a folder, or a link to any of them; never a path inside the journal folder, whose files
only the journal's own locked writes may replace. Commands call it before they do any work, so
that a refused path costs nothing; :func:`write_output` applies it again and writes the file
like every other therapylog file: atomically, 0600 (therapylog.journal.fsutil).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from therapylog.data.errors import InputError, JournalError
from therapylog.journal.fsutil import FolderSyncError, atomic_write, describe_os_error


def check_output_path(path: Path, journal_root: Path) -> None:
    """Refuse an output file that is not a regular file or a new path, or that lies inside the
    journal folder; raises :class:`InputError` naming the path and the rule."""
    try:
        info = path.stat()  # follows a symbolic link: what it points to is what matters
    except FileNotFoundError:
        info = None  # a new file (or a dangling link, which the write replaces)
    except OSError as error:
        raise InputError(f"--output: cannot use {path}: {describe_os_error(error)}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise InputError(
            f"--output: {path} is {kind}; give the name of a new or regular file to write"
        )
    target = Path(os.path.realpath(path))
    journal = Path(os.path.realpath(journal_root))
    if target == journal or journal in target.parents:
        raise InputError(
            f"--output: {path} is inside the journal folder {journal_root}; write it somewhere "
            "else, so that no journal file is replaced"
        )


def write_output(path: Path, data: bytes, journal_root: Path, *, what: str, again: str) -> None:
    """Write ``data`` as the file ``path`` the user named, by the rules of
    :func:`check_output_path`. ``what`` names the document and ``again`` the command to run
    again, for the one failure that leaves the file in place: the disk did not confirm it."""
    check_output_path(path, journal_root)
    try:
        atomic_write(path, data)
    except FolderSyncError as error:
        raise JournalError(
            f"{what} was written to {path}, but the disk could not confirm it: "
            f"{describe_os_error(error)}; check the disk and {again}"
        ) from None
    except OSError as error:
        raise JournalError(f"could not write {path}: {describe_os_error(error)}") from None

"""Who else can read the journal: files and folders other users of the computer can open.

therapylog writes every file 0600 and every folder 0700, whatever the umask. A file copied in
by hand (from a backup disk, another computer, an unzip) keeps the mode it came with, often
0644: :func:`loose_modes` finds such files, :func:`make_private` fixes them (``therapylog check
--fix``), and each write tightens the journal folder and its ``entries`` folder, which alone
keeps other users out of everything inside (docs/data-safety.md, promise 9).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import NamedTuple

from therapylog.journal.fsutil import FILE_MODE, FOLDER_MODE, describe_os_error, is_temp_file
from therapylog.journal.layout import (
    DRAFTS_DIR,
    ENTRIES_DIR,
    GOALS_FILE,
    INDEX_DIR,
    KEYS_FILE,
    LOCK_FILE,
    RESCUE_DIR,
    SETTINGS_FILE,
    THERAPISTS_FILE,
)

#: The journal's own files at its top level (an encrypted journal's keys among them: wrapped,
#: but a copy lets anyone guess at the passphrase offline); the folders whose every file is
#: the journal's.
TOP_LEVEL_FILES = (GOALS_FILE, SETTINGS_FILE, THERAPISTS_FILE, KEYS_FILE, LOCK_FILE)
PRIVATE_FOLDERS = (ENTRIES_DIR, RESCUE_DIR, DRAFTS_DIR, INDEX_DIR)
#: Permission bits for the group and for everyone else.
OTHERS = 0o077


class LooseMode(NamedTuple):
    """A journal file or folder that users other than its owner may open."""

    path: Path
    mode: int  # the permission bits found
    folder: bool

    @property
    def wanted(self) -> int:
        return FOLDER_MODE if self.folder else FILE_MODE

    @property
    def reason(self) -> str:
        who = "can read" if self.mode & 0o044 else "can change" if self.mode & 0o022 else "can open"
        return (
            f"other users of this computer {who} this {'folder' if self.folder else 'file'} "
            f"(mode {self.mode:04o}); `therapylog check --fix` makes it private "
            f"({self.wanted:04o})"
        )


def loose_modes(root: Path) -> list[LooseMode]:
    """The journal's files and folders with any permission for the group or for others.

    Symbolic links and anything but regular files and folders are left out: reads report
    those as damaged, and a mode is never changed through a link.
    """
    found: list[LooseMode] = []
    _consider(root, found)
    for name in TOP_LEVEL_FILES:
        _consider(root / name, found)
    for name in PRIVATE_FOLDERS:
        folder = root / name
        if not _consider(folder, found):
            continue
        with contextlib.suppress(OSError):
            for child in sorted(os.listdir(folder)):  # noqa: PTH208 - names, not Paths
                if not is_temp_file(child):  # never read; made 0600, and removed at a write
                    _consider(folder / child, found, folders=False)
    return found


def _consider(path: Path, found: list[LooseMode], *, folders: bool = True) -> bool:
    """Add ``path`` to ``found`` if it is loose; whether it is a real folder."""
    try:
        info = path.lstat()
    except OSError:
        return False
    is_folder = stat.S_ISDIR(info.st_mode)
    if not (stat.S_ISREG(info.st_mode) or (folders and is_folder)):
        return False
    mode = stat.S_IMODE(info.st_mode)
    if mode & OTHERS:
        found.append(LooseMode(path, mode, is_folder))
    return is_folder


def make_private(loose: LooseMode) -> str | None:
    """Give ``loose`` its private mode, without following a link; the reason if it cannot."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    if loose.folder:
        flags |= getattr(os, "O_DIRECTORY", 0)
    try:
        descriptor = os.open(loose.path, flags)
    except OSError as error:
        return f"cannot make it private: {describe_os_error(error)}"
    try:
        kind = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(kind) != loose.folder or not (stat.S_ISDIR(kind) or stat.S_ISREG(kind)):
            return "cannot make it private: it changed while being checked"
        os.fchmod(descriptor, loose.wanted)
    except OSError as error:
        return f"cannot make it private: {describe_os_error(error)}"
    finally:
        os.close(descriptor)
    return None


def tighten_folder(folder: Path) -> None:
    """Make a real journal folder 0700 if others can open it (best effort: every write)."""
    with contextlib.suppress(OSError):
        info = folder.lstat()
        if stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) & OTHERS:
            make_private(LooseMode(folder, stat.S_IMODE(info.st_mode), folder=True))

"""The answers of an unfinished ``add`` interview, kept as they are given (no terminal here).

After each answer the whole draft is written again, atomically and privately (0600), to
``<journal>/drafts/add.toml``: Ctrl-C, Ctrl-D, a closed terminal or a crash leave every answer
given so far on disk, and the next interview offers to continue. Saving the entry removes the
draft. Drafts live in their own folder, so that reading entries, ``check`` and backups never
see them, and so that the lock's sweep of temporary files in the journal's top folder never
touches a draft being written (docs/data-safety.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import NamedTuple

from therapylog.data.errors import DamagedFileError, JournalError
from therapylog.data.model import MAX_ENTRY_BYTES
from therapylog.journal.fsutil import (
    atomic_write,
    describe_os_error,
    ensure_private_dir,
    fsync_dir,
    read_regular_file,
)
from therapylog.journal.layout import DRAFTS_DIR

ADD_DRAFT = "add.toml"
DRAFT_VERSION = 1


class Draft(NamedTuple):
    """When the interview began (local time, to the minute) and each answer by question."""

    started: dt.datetime
    answers: dict[str, str]


def draft_path(root: Path) -> Path:
    return root / DRAFTS_DIR / ADD_DRAFT


def read_draft(root: Path) -> Draft | None:
    """The unfinished interview's draft, None if there is none; DamagedFileError if the file
    is not a draft this version wrote (it is then left alone)."""
    from therapylog.journal.sealing import sealing_of

    path = draft_path(root)
    try:
        data = read_regular_file(path, limit=MAX_ENTRY_BYTES)  # the cap of every journal file
    except FileNotFoundError:
        return None
    except OSError as error:
        raise DamagedFileError(path, f"cannot be read: {describe_os_error(error)}") from None
    data = sealing_of(root).from_disk(path, data)  # an encrypted journal's drafts are sealed
    import tomllib  # here, like tomli_w below: only commands that keep drafts load them

    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        raise DamagedFileError(path, "is not a draft therapylog can read") from None
    started, answers = document.get("started"), document.get("answers")
    if (
        document.get("schema_version") != DRAFT_VERSION
        or not isinstance(started, dt.datetime)
        or not isinstance(answers, dict)
        or not all(isinstance(value, str) for value in answers.values())
    ):
        raise DamagedFileError(path, "is not a draft therapylog can read")
    return Draft(started, answers)


def save_draft(root: Path, draft: Draft) -> None:
    """Write the draft whole, replacing the previous one (atomic, 0600, in a 0700 folder)."""
    import tomli_w  # here: only commands that keep drafts load the TOML writer

    document = {
        "schema_version": DRAFT_VERSION,
        "started": draft.started,
        "answers": draft.answers,
    }
    path = draft_path(root)
    try:
        data = tomli_w.dumps(document).encode("utf-8")
    except UnicodeEncodeError:
        raise JournalError("an answer holds characters that are not valid text") from None
    from therapylog.journal.sealing import sealing_of

    data = sealing_of(root).to_disk(path, data)
    ensure_private_dir(path.parent)
    try:
        atomic_write(path, data)
    except OSError as error:
        raise JournalError(
            f"could not keep your answer in {path}: {describe_os_error(error)}"
        ) from None


def discard_draft(root: Path) -> bool:
    """Remove the draft; whether there was one."""
    path = draft_path(root)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise JournalError(f"cannot remove {path}: {describe_os_error(error)}") from None
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)
    return True


def set_draft_aside(root: Path, folder: Path) -> Path:
    """Move the draft into ``folder`` (the journal's ``rescued/``) under a name of its own."""
    path = draft_path(root)
    ensure_private_dir(folder)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    number = 1
    target = folder / f"add-draft-{stamp}.toml"
    while target.exists():
        number += 1
        target = folder / f"add-draft-{stamp}-{number}.toml"
    try:
        if not _reseal(root, path, target):
            path.replace(target)
        fsync_dir(folder)
    except OSError as error:
        raise JournalError(f"cannot move {path} to {folder}: {describe_os_error(error)}") from None
    return target


def _reseal(root: Path, path: Path, target: Path) -> bool:
    """Move a sealed draft that opens to ``target`` sealed under its new name (a seal is bound
    to its file's name); whether it did. Anything else is moved as it is."""
    from therapylog.journal import crypto
    from therapylog.journal.sealing import sealing_of

    data = read_regular_file(path, limit=MAX_ENTRY_BYTES)
    if not crypto.is_sealed(data):
        return False
    sealing = sealing_of(root)
    try:
        plain = sealing.from_disk(path, data)
    except DamagedFileError:
        return False
    atomic_write(target, sealing.to_disk(target, plain))
    path.unlink()
    return True


def describe_start(started: dt.datetime, today: dt.date) -> str:
    """``today, 14:05``, ``yesterday, 09:30`` or ``3 Nov, 14:05``: when a draft was begun."""
    days = (today - started.date()).days
    if days == 0:
        day = "today"
    elif days == 1:
        day = "yesterday"
    else:
        day = f"{started.day} {started:%b}" + (
            f" {started.year}" if started.year != today.year else ""
        )
    return f"{day}, {started:%H:%M}"

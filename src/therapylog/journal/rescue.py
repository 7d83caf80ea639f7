"""Keeping what could not be saved: the rescue copy (docs/data-safety.md, promises 4 and 12).

One rule for every rescue. The folders are tried in order: the journal's ``rescued/`` folder
(for an edit or notes; created 0700, and never reached through a symbolic link), then the
temporary folder, then the home folder, because the disk holding the journal may be the one
that is failing. The first folder that takes the file (written atomically, 0600) is named in
the message; when none does, the text itself is in the message, on one line.

What is kept, and under which name:

- an entry ``add`` could not save: a backup document of that one entry,
  ``therapylog-unsaved-<id>-<pid>.json``, that ``therapylog import`` adds back (the temporary
  and home folders only);
- an edit, or the notes of ``add --edit``: the text as written, ``<label>-<time><suffix>``,
  with ``-2``, ``-3``... before the suffix when a rescue of the same second is there already.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from therapylog.data.errors import JournalError
from therapylog.data.model import Entry
from therapylog.journal.backup import backup_document
from therapylog.journal.folder import JournalFolder
from therapylog.journal.fsutil import atomic_write


def rescue_entry(entry: Entry, *, encrypted: bool) -> str:
    """Keep an entry that could not be saved where the user can re-add it from; say where.
    The entry of an encrypted journal is never written in plain outside it: it is shown."""
    document = json.dumps(backup_document([entry], [], None), indent=2) + "\n"
    name = f"therapylog-unsaved-{entry.id}-{os.getpid()}.json"
    folders = [] if encrypted else _outside_the_journal()
    target = _keep(document.encode("utf-8"), folders, lambda folder: folder / name)
    if target is None:
        return _shown("your entry", document)
    return f"your entry was kept in {target}; re-add it with `therapylog import {target}`"


def rescue_text(
    journal: JournalFolder,
    label: str,
    data: bytes,
    *,
    suffix: str = ".toml.txt",
    what: str = "your edit",
    verb: str = "was",
) -> str:
    """Keep text that could not be saved; say where, or show it if nowhere would take it.
    In an encrypted journal it is sealed like every journal file, and kept in ``rescued/``
    only: never in plain elsewhere."""
    from therapylog.journal.sealing import sealing_of

    stem = f"{label}-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}"
    folders: list[Callable[[], Path]] = [journal.rescue_folder]
    if not journal.encrypted:
        folders += _outside_the_journal()

    def seal(target: Path, plain: bytes) -> bytes:
        if target.parent.parent != journal.root:
            return plain
        return sealing_of(journal.root).to_disk(target, plain)

    target = _keep(data, folders, lambda folder: _unused(folder, stem, suffix), seal=seal)
    if target is None:
        return _shown(what, data.decode("utf-8", errors="replace"))
    return f"{what} {verb} kept in {target}"


def _outside_the_journal() -> list[Callable[[], Path]]:
    return [lambda: Path(tempfile.gettempdir()), Path.home]


def _keep(
    data: bytes,
    folders: Sequence[Callable[[], Path]],
    name: Callable[[Path], Path],
    *,
    seal: Callable[[Path, bytes], bytes] = lambda _target, plain: plain,
) -> Path | None:
    """Write ``data`` (through ``seal``) into the first folder that takes it; the file, or
    None if none did."""
    for folder in folders:
        try:
            target = name(folder())
            atomic_write(target, seal(target, data))
        except (OSError, JournalError):
            continue
        return target
    return None


def _unused(folder: Path, stem: str, suffix: str) -> Path:
    number = 1
    target = folder / f"{stem}{suffix}"
    while os.path.lexists(target):
        number += 1
        target = folder / f"{stem}-{number}{suffix}"
    return target


def _shown(what: str, text: str) -> str:
    return f"{what} could not be kept anywhere either; here it is: " + " ".join(text.split())

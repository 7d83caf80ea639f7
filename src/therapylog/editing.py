"""Editing an entry's file by hand, safely: validate before keeping, never lose the text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from therapylog import codec
from therapylog.errors import DamagedFileError, InputError, Interrupted, JournalError
from therapylog.fsutil import atomic_write, ensure_private_dir
from therapylog.model import Entry
from therapylog.storage import Journal

RESCUE_DIR = "rescued"


class EditOutcome(Enum):
    UNCHANGED = "unchanged"
    SAVED = "saved"


def apply_edit(
    journal: Journal,
    original: Entry,
    *,
    editor: Callable[[str], str | None],
    retry: Callable[[str], bool] = lambda _reason: False,
) -> EditOutcome:
    """Let ``editor`` change the entry's file text; keep it only if it is a valid entry.

    ``retry(reason)`` is asked after an invalid edit; when it says no, the edited text is kept
    in the journal's ``rescued/`` folder and an InputError names that file. When the question
    is abandoned (KeyboardInterrupt or EOFError), the text is kept the same way and
    :class:`Interrupted` names the file.
    """
    path = journal.entry_path(original.id)
    before = path.read_bytes()
    text = before.decode("utf-8")
    while True:
        edited = editor(text)
        if edited is None or edited == before.decode("utf-8"):
            return EditOutcome.UNCHANGED
        data = edited.encode("utf-8")
        try:
            codec.entry_from_toml(path, data)
        except DamagedFileError as error:
            try:
                again = retry(error.reason)
            except (KeyboardInterrupt, EOFError):  # the question was abandoned: keep the text
                kept = rescue_text(journal, original.id, data)
                raise Interrupted(f"stopped; {original.id} was not changed; {kept}") from None
            if again:
                text = edited
                continue
            kept = rescue_text(journal, original.id, data)
            raise InputError(f"{original.id} was not changed: {error.reason}; {kept}") from None
        try:
            journal.replace_entry_bytes(original.id, data, expected=before)
        except JournalError as error:
            kept = rescue_text(journal, original.id, data)
            raise JournalError(f"{error.message}; {kept}") from None
        return EditOutcome.SAVED


def rescue_text(journal: Journal, entry_id: str, data: bytes) -> str:
    """Keep edited text that could not be saved; say where, or show it if nowhere would take it.

    Tried in order: the journal's ``rescued/`` folder, the temporary folder, the home folder
    (the disk holding the journal may be the one that is failing).
    """
    import tempfile

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{entry_id}.edit-{stamp}.toml.txt"
    for folder in (journal.root / RESCUE_DIR, Path(tempfile.gettempdir()), Path.home()):
        try:
            ensure_private_dir(folder)
            atomic_write(folder / name, data)
        except (OSError, JournalError):
            continue
        return f"your edit was kept in {folder / name}"
    text = data.decode("utf-8", errors="replace")
    return "your edit could not be kept anywhere either; here it is: " + " ".join(text.split())

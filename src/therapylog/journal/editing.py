"""Editing an entry's file by hand, safely: validate before keeping, never lose the text.

Every way an edit can end keeps what the user wrote: saved in the entry, or kept by
:func:`therapylog.journal.rescue.rescue_text` (the journal's ``rescued/`` folder, else the
temporary folder, else the home folder) with one line saying where; only when no disk takes it
is the text itself in the message (docs/data-safety.md, promises 4 and 12).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from therapylog.data.errors import (
    DamagedFileError,
    InputError,
    Interrupted,
    JournalError,
    TherapylogError,
)
from therapylog.data.model import Entry
from therapylog.journal import codec
from therapylog.journal.rescue import rescue_text
from therapylog.journal.stopping import Stopped
from therapylog.journal.storage import Journal

Editor = Callable[[bytes], "bytes | None"]


class EditOutcome(Enum):
    UNCHANGED = "unchanged"
    SAVED = "saved"


class EditStoppedError(Interrupted):
    """The edit was stopped by a signal; the entry is unchanged, the text kept. Its exit code
    is the shell's for that signal (128 + its number)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _Pending:
    """The latest edited text that is neither saved nor kept anywhere yet."""

    data: bytes | None = None


def apply_edit(
    journal: Journal,
    original: Entry,
    *,
    editor: Editor,
    retry: Callable[[str], bool] = lambda _reason: False,
) -> EditOutcome:
    """Let ``editor`` change the entry's file bytes; keep them only if they are a valid entry.

    ``retry(reason)`` is asked after an invalid edit; when it says no, the edited text is kept
    in the journal's ``rescued/`` folder and an InputError names that file. Whatever else ends
    the edit (the question abandoned with Ctrl-C or Ctrl-D, the entry deleted or changed
    meanwhile, the lock held, a stop signal, a bug) keeps the text too, and the error says
    where (:class:`Interrupted` when the user or a signal stopped it).
    """
    before = journal.read_entry_bytes(original.id)
    pending = _Pending()
    try:
        return _edit(journal, original, before, pending, editor, retry)
    except TherapylogError:
        raise
    except Stopped as stop:
        edited = stop.edited if stop.edited not in (None, before) else pending.data
        raise EditStoppedError(
            f"stopped by {stop.name}; {original.id} was not changed"
            + _kept_if_any(journal, original.id, edited),
            int(stop.code or 1),
        ) from None
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at "Edit it again?"
        raise Interrupted(
            f"stopped; {original.id} was not changed"
            + _kept_if_any(journal, original.id, pending.data)
        ) from None
    except Exception as error:
        if pending.data is None:
            raise
        kept = rescue_text(journal, f"{original.id}.edit", pending.data)
        raise JournalError(
            f"{original.id} was not changed: unexpected {type(error).__name__} (a bug: please "
            f"report it; --debug shows the details); {kept}"
        ) from error


def _edit(
    journal: Journal,
    original: Entry,
    before: bytes,
    pending: _Pending,
    editor: Editor,
    retry: Callable[[str], bool],
) -> EditOutcome:
    path = journal.entry_path(original.id)
    text = before
    while True:
        edited = editor(text)
        if edited is None or edited == before:
            return EditOutcome.UNCHANGED
        pending.data = edited
        reason = _invalid(path, edited)
        if reason is not None:
            if retry(reason):
                text = edited
                continue
            pending.data = None
            kept = rescue_text(journal, f"{original.id}.edit", edited)
            raise InputError(f"{original.id} was not changed: {reason}; {kept}")
        try:
            journal.replace_entry_bytes(original.id, edited, expected=before)
        except JournalError as error:
            pending.data = None
            kept = rescue_text(journal, f"{original.id}.edit", edited)
            raise JournalError(f"{error.message}; {kept}") from None
        pending.data = None
        return EditOutcome.SAVED


def _invalid(path: Path, data: bytes) -> str | None:
    """Why edited bytes cannot replace the entry's file, or None if they can. The date cannot
    change in an edit (the file is named after its id, which starts with the date), so no
    typed date is judged against the clock here."""
    try:
        codec.entry_from_toml(path, data)
    except DamagedFileError as error:
        return error.reason
    return None


def _kept_if_any(journal: Journal, entry_id: str, data: bytes | None) -> str:
    return "" if data is None else f"; {rescue_text(journal, f'{entry_id}.edit', data)}"


def edit_notes(journal: Journal, initial: str, editor: Editor) -> str:
    """The notes of a new entry, written in the editor (``add --edit``).

    Text that is not UTF-8, or a stop signal while the editor is open, keeps what was written
    in ``rescued/`` and ends the command with one line saying where.
    """
    start = (initial + "\n" if initial else "").encode("utf-8")
    try:
        edited = editor(start)
    except Stopped as stop:
        changed = stop.edited if stop.edited not in (None, start) else None
        raise EditStoppedError(
            f"stopped by {stop.name}; nothing was saved"
            + ("" if changed is None else f"; {_keep_notes(journal, changed)}"),
            int(stop.code or 1),
        ) from None
    if edited is None:
        return initial.strip()
    try:
        return edited.decode("utf-8").strip()
    except UnicodeDecodeError as error:
        raise InputError(
            f"notes: not UTF-8 text (byte {error.start}; save the file as UTF-8); nothing was "
            f"saved; {_keep_notes(journal, edited)}"
        ) from None


def _keep_notes(journal: Journal, data: bytes) -> str:
    return rescue_text(
        journal, "new-entry.notes", data, suffix=".md.txt", what="your notes", verb="were"
    )


def keep_notes_on_failure(journal: Journal, notes: str, error: TherapylogError) -> TherapylogError:
    """``error`` with the notes written in the editor kept aside and named in its message."""
    kept = _keep_notes(journal, notes.encode("utf-8", errors="surrogateescape"))
    wrapped = TherapylogError(f"{error.message}; {kept}", hint=error.hint)
    wrapped.exit_code = error.exit_code
    return wrapped

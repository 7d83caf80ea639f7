"""Opening text in the user's editor ($VISUAL, else $EDITOR, else a common default)."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess

from therapylog.data.errors import JournalError
from therapylog.journal.scratch import scratch_folder
from therapylog.journal.stopping import Stopped


def editor_command() -> list[str]:
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    for candidate in ("sensible-editor", "nano", "vi"):
        if shutil.which(candidate):
            return [candidate]
    raise JournalError("no editor found; set $EDITOR (for example EDITOR=nano)")


def edit_text(data: bytes, *, suffix: str) -> bytes | None:
    """Let the user edit ``data``; the bytes saved (in whatever encoding the editor chose), or
    None if the editor failed.

    The copy lives in a private scratch folder (therapylog.journal.scratch), removed on every way
    out. If a stop signal (therapylog.journal.stopping) comes while the editor is open, the editor
    is ended and what it had saved is carried by the :class:`Stopped` exception.
    """
    from therapylog.cli import context

    command = editor_command()
    # The text of an encrypted journal goes only to a folder in memory (docs/encryption.md).
    with scratch_folder(memory_only=context.open_journal().encrypted) as folder:
        path = folder / f"edit{suffix}"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        try:
            completed = subprocess.run([*command, str(path)], check=False)
        except OSError as error:
            raise JournalError(
                f"cannot start the editor {command[0]!r}: {error.strerror}"
            ) from None
        except Stopped as stop:  # subprocess.run has ended the editor
            with contextlib.suppress(OSError):
                stop.edited = path.read_bytes()
            raise
        if completed.returncode != 0:
            return None
        try:
            return path.read_bytes()
        except OSError as error:
            raise JournalError(
                f"cannot read what the editor saved: {error.strerror}; the entry was not changed"
            ) from None

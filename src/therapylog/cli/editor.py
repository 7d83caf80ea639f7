"""Opening text in the user's editor ($VISUAL, else $EDITOR, else a common default)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from therapylog.errors import JournalError


def editor_command() -> list[str]:
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    for candidate in ("sensible-editor", "nano", "vi"):
        if shutil.which(candidate):
            return [candidate]
    raise JournalError("no editor found; set $EDITOR (for example EDITOR=nano)")


def edit_text(text: str, *, suffix: str) -> str | None:
    """Let the user edit ``text``; None if the editor failed. The copy is private (0600)."""
    command = editor_command()
    with tempfile.TemporaryDirectory(prefix="therapylog-") as folder:
        path = Path(folder) / f"edit{suffix}"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            completed = subprocess.run([*command, str(path)], check=False)
        except OSError as error:
            raise JournalError(
                f"cannot start the editor {command[0]!r}: {error.strerror}"
            ) from None
        if completed.returncode != 0:
            return None
        return path.read_text(encoding="utf-8")

"""The tool's own failures. The CLI boundary turns each into one line and an exit code."""

from __future__ import annotations

from pathlib import Path


class TherapylogError(Exception):
    """A failure the user can act on. ``exit_code`` is the one the README's "Errors and exit codes" names."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class JournalError(TherapylogError):
    """A problem with the journal or the environment: missing entry, damaged file, lock held."""

    exit_code = 1


class InputError(TherapylogError):
    """Bad usage or invalid input. Nothing was written."""

    exit_code = 2


class DamagedFileError(JournalError):
    """A journal file that cannot be read. It is reported, skipped and never overwritten."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LockTimeoutError(JournalError):
    """Another therapylog process holds the journal's lock."""


class Interrupted(TherapylogError):
    """The user stopped a command midway (Ctrl-C, Ctrl-D); the message says what was kept."""

    exit_code = 130

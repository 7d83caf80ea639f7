"""Where the passphrase comes from, in order: a file, the system keyring (opt-in), a prompt.

* ``THERAPYLOG_PASSPHRASE_FILE`` names a file holding the passphrase (one trailing newline is
  dropped). Like ssh with a private key, therapylog refuses a file that another user could
  read or change: it must be owned by you and have no group or other permissions (chmod
  600). A pipe is fine, so ``THERAPYLOG_PASSPHRASE_FILE=<(pass show therapylog)`` works. A
  wrong passphrase there is an error, never a reason to prompt: it was asked for explicitly.
* The system keyring, only when the caller opts in (``--keyring``). Every call runs on a
  helper thread with a time limit, so a keyring that waits for a desktop that is not there
  (SSH, headless Linux) costs a few seconds and a note, never a hang. When it answers, the
  result says so and the CLI shows a line: nobody should be surprised that no passphrase
  was asked for.
* A prompt: a callback from the CLI (this layer never touches the terminal). Without one
  (``status`` from a shell profile, completion) a locked journal stays locked.

The passphrase is never written anywhere and never put in an environment variable; it
travels as a :class:`~therapylog.journal.crypto.Secret`, which hides itself in tracebacks.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from therapylog.data.errors import JournalError
from therapylog.journal import keys as keyfile
from therapylog.journal.crypto import DataKey, Secret

PASSPHRASE_FILE_ENV: Final = "THERAPYLOG_PASSPHRASE_FILE"
KEYRING_SERVICE: Final = "therapylog"
KEYRING_TIMEOUT: Final = 3.0
PROMPT_ATTEMPTS: Final = 3
_MAX_PASSPHRASE_FILE: Final = 4096

Source = Literal["file", "keyring", "prompt"]
#: Asks for the passphrase; gets the attempt number (1, 2, ...); None when the person gave
#: up (Ctrl-D).
Prompt = Callable[[int], str | None]


class LockedJournalError(JournalError):
    """The journal is encrypted and no passphrase could be had without asking."""


class KeyringUnavailable(Exception):
    """The keyring could not be used; the message says why (never a secret)."""


@dataclass
class Unlocked:
    key: DataKey
    source: Source
    #: Lines for the person: which source answered, why the keyring was skipped.
    notes: list[str] = field(default_factory=list)


def unlock_journal(
    keys: keyfile.Keys,
    *,
    prompt: Prompt | None,
    use_keyring: bool = False,
    environ: Mapping[str, str] = os.environ,
    keyring_backend: Any = None,
    keyring_timeout: float = KEYRING_TIMEOUT,
    attempts: int = PROMPT_ATTEMPTS,
) -> Unlocked:
    """The data key, from the first source that has the passphrase."""
    notes: list[str] = []
    file_name = environ.get(PASSPHRASE_FILE_ENV)
    if file_name:
        passphrase = read_passphrase_file(file_name)
        try:
            return Unlocked(keyfile.unlock(keys, passphrase), "file", notes)
        except keyfile.WrongPassphraseError:
            raise keyfile.WrongPassphraseError(
                f"the passphrase in {PASSPHRASE_FILE_ENV} ({file_name}) does not unlock "
                "this journal"
            ) from None
    if use_keyring:
        try:
            saved = keyring_get(keys, backend=keyring_backend, timeout=keyring_timeout)
        except KeyringUnavailable as error:
            notes.append(f"the system keyring could not be used ({error})")
        else:
            if saved is None:
                notes.append("the system keyring has no passphrase for this journal")
            else:
                try:
                    key = keyfile.unlock(keys, saved)
                except keyfile.WrongPassphraseError:
                    notes.append(
                        "the passphrase saved in the system keyring no longer unlocks this journal"
                    )
                else:
                    notes.append("unlocked with the passphrase saved in the system keyring")
                    return Unlocked(key, "keyring", notes)
    if prompt is None:
        raise LockedJournalError(
            "the journal is encrypted and locked, and this command does not ask for the "
            f"passphrase (it may run unattended); set {PASSPHRASE_FILE_ENV} to let it read "
            "the journal"
        )
    tried = False
    for attempt in range(1, attempts + 1):
        reply = prompt(attempt)
        if reply is None:
            break
        passphrase = Secret.from_passphrase(reply)
        del reply  # no plain copy left among the locals a traceback could show
        tried = True
        try:
            return Unlocked(keyfile.unlock(keys, passphrase), "prompt", notes)
        except keyfile.WrongPassphraseError:
            continue
    if tried:
        raise keyfile.WrongPassphraseError("that passphrase does not unlock this journal")
    raise LockedJournalError("no passphrase was given; the journal stays locked")


def read_passphrase_file(name: str) -> Secret:
    """The passphrase in the file ``name`` (a regular file or a pipe, yours, mode 600)."""
    try:
        fd = os.open(name, os.O_RDONLY)
    except OSError as error:
        from therapylog.journal.fsutil import describe_os_error

        raise JournalError(
            f"{PASSPHRASE_FILE_ENV}: cannot read {name}: {describe_os_error(error)}"
        ) from None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise JournalError(f"{PASSPHRASE_FILE_ENV}: {name} is not a file or a pipe")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise JournalError(f"{PASSPHRASE_FILE_ENV}: {name} belongs to another user")
        if sys.platform != "win32" and info.st_mode & 0o077:
            raise JournalError(
                f"{PASSPHRASE_FILE_ENV}: other users can read or change {name} (mode "
                f"{stat.S_IMODE(info.st_mode):o}); make it private with: chmod 600 {name}"
            )
        passphrase, problem = _read_passphrase(fd)
    finally:
        os.close(fd)
    if problem:
        raise JournalError(f"{PASSPHRASE_FILE_ENV}: {name} {problem}")
    return passphrase


def _read_passphrase(fd: int) -> tuple[Secret, str | None]:
    """The passphrase read from ``fd``, or why there is none. (Errors are raised by the
    caller, so that no traceback can show this frame's locals, which hold the raw bytes.)"""
    raw = b""
    while len(raw) <= _MAX_PASSPHRASE_FILE and (chunk := os.read(fd, 4096)):
        raw += chunk
    if len(raw) > _MAX_PASSPHRASE_FILE:
        return Secret(b""), "is too long for a passphrase file"
    raw = raw.removesuffix(b"\n").removesuffix(b"\r")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Secret(b""), "is not UTF-8 text"
    if not text:
        return Secret(b""), "is empty"
    return Secret.from_passphrase(text), None


# --- the system keyring --------------------------------------------------------------------


def keyring_get(
    keys: keyfile.Keys, *, backend: Any = None, timeout: float = KEYRING_TIMEOUT
) -> Secret | None:
    found = _keyring_call("get_password", keys, None, backend=backend, timeout=timeout)
    return None if found is None else Secret.from_passphrase(str(found))


def keyring_save(
    keys: keyfile.Keys, passphrase: Secret, *, backend: Any = None, timeout: float = KEYRING_TIMEOUT
) -> None:
    """Save the passphrase in the keyring (raises :class:`KeyringUnavailable`)."""
    _keyring_call("set_password", keys, passphrase, backend=backend, timeout=timeout)


def keyring_forget(
    keys: keyfile.Keys, *, backend: Any = None, timeout: float = KEYRING_TIMEOUT
) -> None:
    """Remove the saved passphrase; nothing saved is not an error."""
    try:
        _keyring_call("delete_password", keys, None, backend=backend, timeout=timeout)
    except KeyringUnavailable as error:
        if "no passphrase saved" not in str(error):
            raise


def _keyring_call(
    method: str, keys: keyfile.Keys, value: Secret | None, *, backend: Any, timeout: float
) -> object:
    """Run one keyring call on a daemon thread; give up after ``timeout`` seconds (the thread
    is left to finish or die with the process: a daemon thread never delays exit)."""
    account = keys.journal_id.hex()
    outcome: dict[str, object] = {}

    def call() -> None:
        try:
            chosen = backend if backend is not None else _default_backend()
            if value is None:
                outcome["value"] = getattr(chosen, method)(KEYRING_SERVICE, account)
            else:
                text = value.reveal().decode("utf-8")
                getattr(chosen, method)(KEYRING_SERVICE, account, text)
        except KeyringUnavailable as error:
            outcome["error"] = str(error)
        except Exception as error:  # any backend failure means: not usable here
            outcome["error"] = _describe_keyring_error(error)

    worker = threading.Thread(target=call, name="therapylog-keyring", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise KeyringUnavailable(f"it did not answer within {timeout:g} seconds")
    if "error" in outcome:
        raise KeyringUnavailable(str(outcome["error"]))
    return outcome.get("value")


def _default_backend() -> Any:
    try:
        import keyring
    except ImportError:
        raise KeyringUnavailable(
            "the keyring package is not installed: pip install 'therapylog[keyring]'"
        ) from None
    backend = keyring.get_keyring()
    if getattr(backend, "priority", 0) <= 0:  # keyring's fail and null backends
        raise KeyringUnavailable("no system keyring is available here")
    return backend


def _describe_keyring_error(error: Exception) -> str:
    name = type(error).__name__
    if name == "PasswordDeleteError":
        return "no passphrase saved"
    if name == "NoKeyringError":
        return "no system keyring is available here"
    if name == "KeyringLocked":
        return "the keyring is locked"
    # The class name only: a backend's message could, in principle, echo what it was given.
    return f"it failed ({name})"

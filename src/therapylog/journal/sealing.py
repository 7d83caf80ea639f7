"""What the journal does to a file's bytes on the way to and from the disk: nothing for a plain
journal, sealing and opening (crypto.py) for an encrypted one.

Every read and write of a journal file passes through :func:`sealing_of` (the folder's one
read and one save, the drafts, the rescued copies), so entries, goals, settings, therapists,
drafts and rescued text are all treated alike. The file's name inside the journal
(``entries/2026-11-01.toml``) is bound to its seal.

Which files a journal expects sealed depends on its keys file's ``state`` (keys.py):

* no keys file: plain; a sealed file is damaged (its journal's keys file is missing);
* ``encrypted``: every file sealed; a plain one is reported (another computer without the
  passphrase, or an older therapylog, wrote it) and ``therapylog encrypt`` takes it in;
* ``encrypting`` / ``decrypting``: a run was interrupted; both forms are read, and new
  writes take the form the run is heading to, until the next run finishes it.

How to ask for the passphrase is set once per command by the CLI (:func:`set_unlock`);
commands that run unattended set none, and an encrypted journal then stays locked
(LockedJournalError). An unlocked journal is remembered for the rest of the command.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from therapylog.data.errors import DamagedFileError, JournalError
from therapylog.journal import crypto
from therapylog.journal.layout import KEYS_FILE

if TYPE_CHECKING:
    from therapylog.journal.keys import Keys

#: Gives the data key of an encrypted journal (asks for the passphrase, or raises
#: LockedJournalError when it may not ask).
Unlock = Callable[["Keys"], crypto.DataKey]

NOT_SEALED = (
    "is not encrypted, in an encrypted journal (another computer or an older therapylog may "
    "have written it); `therapylog encrypt` takes it in"
)
SEALED_WITHOUT_KEYS = (
    f"is encrypted, but the journal has no {KEYS_FILE} to open it with (copy it back from "
    "where the journal came from)"
)


class Sealing:
    """The journal's way of storing files; without keys, a plain journal's."""

    def __init__(self, root: Path, keys: Keys | None = None, key: crypto.DataKey | None = None):
        if (keys is None) != (key is None):
            raise ValueError("an encrypted journal needs both its keys and its data key")
        self.root = root
        self.keys = keys
        self.key = key

    @property
    def encrypted(self) -> bool:
        return self.keys is not None

    @property
    def writes_sealed(self) -> bool:
        return self.keys is not None and self.keys.state != "decrypting"

    def name_of(self, path: Path) -> str:
        """The name bound to ``path``'s seal: its place inside the journal, with slashes."""
        return path.relative_to(self.root).as_posix()

    def to_disk(self, path: Path, data: bytes) -> bytes:
        if not self.writes_sealed:
            return data
        assert self.key is not None
        return crypto.seal(self.name_of(path), data, self.key)

    def from_disk(self, path: Path, data: bytes) -> bytes:
        """The plaintext of the file ``path`` read as ``data``; raises DamagedFileError."""
        if not crypto.is_sealed(data):
            if self.keys is not None and self.keys.state == "encrypted":
                raise DamagedFileError(path, NOT_SEALED)
            return data
        if self.key is None:
            raise DamagedFileError(path, SEALED_WITHOUT_KEYS)
        try:
            return crypto.open_(self.name_of(path), data, self.key)
        except crypto.SealedFileError as error:
            raise DamagedFileError(path, error.reason) from None


_unlock: Unlock | None = None
_known: dict[Path, Sealing] = {}


def set_unlock(unlock: Unlock | None) -> None:
    """How this command may ask for a passphrase (None: it may not). Forgets what was
    unlocked before: each command starts locked."""
    global _unlock
    _unlock = unlock
    _known.clear()


def remember(root: Path, sealing: Sealing) -> None:
    """Use ``sealing`` for ``root`` (unlocked by the caller) for the rest of the command."""
    _known[root] = sealing


def forget(root: Path) -> None:
    """Drop what is remembered of ``root`` (after it was encrypted or decrypted)."""
    _known.pop(root, None)


def sealing_of(root: Path, *, refresh: bool = False) -> Sealing:
    """The sealing of the journal at ``root``, unlocking it the first time (asks through
    :func:`set_unlock`'s callback). ``refresh``: read its keys file again (under the lock)."""
    known = _known.get(root)
    if known is not None and not refresh:
        return known
    sealing = _resolve(root, known)
    _known[root] = sealing
    return sealing


def sealing_for(root: Path, unlock: Unlock | None) -> Sealing:
    """The sealing of the journal at ``root``, unlocked with ``unlock`` (remembering nothing)."""
    if not os.path.lexists(root / KEYS_FILE):
        return Sealing(root)  # a plain journal never loads the key handling
    from therapylog.journal import keys as keyfile

    keys = keyfile.read(root)
    if keys is None:
        return Sealing(root)
    if unlock is None:
        from therapylog.journal.unlocking import LockedJournalError

        raise LockedJournalError(
            "the journal is encrypted and locked; this command does not ask for the passphrase"
        )
    return Sealing(root, keys, unlock(keys))


def _resolve(root: Path, known: Sealing | None) -> Sealing:
    if known is None:
        return sealing_for(root, _unlock)
    if not os.path.lexists(root / KEYS_FILE):
        if known.encrypted:
            raise JournalError(_CHANGED.format(root=root, what="decrypted"))
        return known
    from therapylog.journal import keys as keyfile

    keys = keyfile.read(root)
    if known.key is None or keys is None:
        raise JournalError(_CHANGED.format(root=root, what="encrypted"))
    if keys.key_id != known.key.key_id:
        raise JournalError(_CHANGED.format(root=root, what="encrypted again"))
    return Sealing(root, keys, known.key)


_CHANGED = (
    "the journal at {root} was {what} by another command while this one ran; nothing was "
    "changed, run it again"
)

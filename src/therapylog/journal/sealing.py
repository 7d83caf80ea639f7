"""What the journal does to a file's bytes on the way to and from the disk: nothing for a plain
journal, sealing and opening (crypto.py) for an encrypted one.

The journal's one read and one write pass every file through :class:`Sealing`, so entries,
goals, settings, therapists, drafts, rescued text and the row index are all treated alike.
The file's name inside the journal (``entries/2026-11-01.toml``) is bound to its seal.

Which files a journal expects sealed depends on its keys file's ``state`` (keys.py):

* no keys file: plain; a sealed file is damaged (its journal's keys file is missing);
* ``encrypted``: every file sealed; a plain one is reported (another computer without the
  passphrase, or an older therapylog, wrote it) and ``therapylog encrypt`` takes it in;
* ``encrypting`` / ``decrypting``: a run was interrupted; both forms are read, and new
  writes take the form the run is heading to, until the next run finishes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from therapylog.data.errors import DamagedFileError
from therapylog.journal import crypto
from therapylog.journal import keys as keyfile

#: Gives the data key of an encrypted journal (asks for the passphrase, or raises
#: LockedJournalError when it may not ask).
Unlock = Callable[[keyfile.Keys], crypto.DataKey]

NOT_SEALED = (
    "is not encrypted, in an encrypted journal (another computer or an older therapylog may "
    "have written it); `therapylog encrypt` takes it in"
)
SEALED_WITHOUT_KEYS = (
    f"is encrypted, but the journal has no {keyfile.KEYS_FILE} to open it with (copy it back "
    "from where the journal came from)"
)


class Sealing:
    """The journal's way of storing files. ``PLAIN`` for a journal without a keys file."""

    def __init__(
        self, root: Path, keys: keyfile.Keys | None = None, key: crypto.DataKey | None = None
    ) -> None:
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


def sealing_for(root: Path, unlock: Unlock | None) -> Sealing:
    """The sealing of the journal at ``root``: plain when it has no keys file, else unlocked
    with ``unlock`` (None: a caller that must not ask, which gets LockedJournalError)."""
    keys = keyfile.read(root)
    if keys is None:
        return Sealing(root)
    if unlock is None:
        from therapylog.journal.unlocking import LockedJournalError

        raise LockedJournalError(
            "the journal is encrypted and locked; this command cannot ask for the passphrase"
        )
    return Sealing(root, keys, unlock(keys))

"""The journal's keys file, ``encryption.toml``: the data key, wrapped twice.

The data key (random, 256 bits) seals every file and never changes while the journal stays
encrypted. It is stored only wrapped (AES-256-GCM):

* by a key derived from the passphrase with Argon2id (kdf.py; its parameters and salt are
  in the file), so changing the passphrase rewraps this one value and no entry is rewritten;
* by a key derived from the recovery key with HKDF-SHA-256, so a lost passphrase is not a
  lost journal.

Each wrap is bound to the journal's id, the data key's id, the cipher and its own
parameters, so no field can be swapped in from another journal's file. The file holds no
secret on its own: it syncs with the journal and is needed to open it (docs/encryption.md).
It stays plain TOML, 0600, written atomically, and records where an ``encrypt`` or
``decrypt`` run has got to (``state``), so that the next run finishes an interrupted one.
"""

from __future__ import annotations

import base64
import os
import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal, cast

from therapylog.data.errors import JournalError
from therapylog.journal import fsutil, kdf, recoverykey
from therapylog.journal.crypto import (
    AES_256_GCM,
    ALGORITHMS,
    DataKey,
    Secret,
    unwrap_key,
    wrap_key,
)
from therapylog.journal.kdf import KdfParams
from therapylog.journal.layout import KEYS_FILE as KEYS_FILE  # (re-exported: keys.KEYS_FILE)

SCHEMA_VERSION: Final = 1
JOURNAL_ID_SIZE: Final = 16
MIN_PASSPHRASE_CHARS: Final = 8
_WRAP_LABEL: Final = b"therapylog key wrap v1\x00"
_RECOVERY_INFO: Final = b"therapylog recovery key v1"

#: ``encrypting``: files are being sealed (plain and sealed files both read); ``encrypted``:
#: all done; ``decrypting``: files are being opened back to plain text.
State = Literal["encrypting", "encrypted", "decrypting"]
STATES: Final = ("encrypting", "encrypted", "decrypting")


class WrongPassphraseError(JournalError):
    """The passphrase does not unwrap the data key."""


class WrongRecoveryKeyError(JournalError):
    """A well-formed recovery key that does not unwrap this journal's data key."""


class KeysFileError(JournalError):
    """``encryption.toml`` cannot be read or is not a keys file therapylog understands."""


@dataclass(frozen=True)
class Keys:
    journal_id: bytes
    key_id: bytes
    cipher: int
    state: State
    kdf: KdfParams
    passphrase_salt: bytes
    passphrase_wrap: bytes
    recovery_salt: bytes
    recovery_wrap: bytes


def new_passphrase_problem(text: str) -> str | None:
    """Why ``text`` cannot be a new passphrase, or None."""
    if len(text.strip()) < MIN_PASSPHRASE_CHARS:
        return (
            f"a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; "
            "a few unrelated words are strong and easy to remember"
        )
    return None


def create(
    passphrase: Secret, params: KdfParams, *, state: State = "encrypting"
) -> tuple[Keys, DataKey, str]:
    """New keys for a journal: the keys file, the data key and the recovery key's text (to
    show once)."""
    data_key = DataKey.generate()
    recovery_text, recovery_secret = recoverykey.generate()
    keys = Keys(
        journal_id=os.urandom(JOURNAL_ID_SIZE),
        key_id=data_key.key_id,
        cipher=AES_256_GCM,
        state=state,
        kdf=params,
        passphrase_salt=b"",
        passphrase_wrap=b"",
        recovery_salt=b"",
        recovery_wrap=b"",
    )
    keys = rewrap(keys, data_key, passphrase, params)
    return _with_recovery(keys, data_key, recovery_secret), data_key, recovery_text


def unlock(keys: Keys, passphrase: Secret) -> DataKey:
    kek = kdf.derive(passphrase, keys.passphrase_salt, keys.kdf)
    found = unwrap_key(kek, keys.passphrase_wrap, _passphrase_ad(keys, keys.kdf))
    if found is None:
        raise WrongPassphraseError("that passphrase does not unlock this journal")
    return _checked(keys, found)


def unlock_with_recovery(keys: Keys, recovery_text: str) -> DataKey:
    """Raises :class:`recoverykey.RecoveryKeyTypoError` for a mistyped key (exit 2) and
    :class:`WrongRecoveryKeyError` for a well-formed one of another journal."""
    kek = _recovery_kek(recoverykey.parse(recovery_text), keys.recovery_salt, keys.journal_id)
    found = unwrap_key(kek, keys.recovery_wrap, _recovery_ad(keys))
    if found is None:
        raise WrongRecoveryKeyError("that recovery key does not unlock this journal")
    return _checked(keys, found)


def rewrap(keys: Keys, data_key: DataKey, passphrase: Secret, params: KdfParams) -> Keys:
    """The keys with the data key wrapped under a new passphrase (fresh salt, the given
    Argon2id parameters); the recovery wrap and every sealed file stay as they are."""
    salt = os.urandom(kdf.SALT_SIZE)
    keys = replace(keys, kdf=params, passphrase_salt=salt)
    kek = kdf.derive(passphrase, salt, params)
    return replace(
        keys, passphrase_wrap=wrap_key(kek, data_key.secret, _passphrase_ad(keys, params))
    )


def new_recovery_key(keys: Keys, data_key: DataKey) -> tuple[Keys, str]:
    """Replace the recovery key (the old one stops working); returns the new one's text."""
    text, secret = recoverykey.generate()
    return _with_recovery(keys, data_key, secret), text


def with_state(keys: Keys, state: State) -> Keys:
    return replace(keys, state=state)


def _with_recovery(keys: Keys, data_key: DataKey, secret: Secret) -> Keys:
    salt = os.urandom(kdf.SALT_SIZE)
    keys = replace(keys, recovery_salt=salt)
    kek = _recovery_kek(secret, salt, keys.journal_id)
    return replace(keys, recovery_wrap=wrap_key(kek, data_key.secret, _recovery_ad(keys)))


def _recovery_kek(secret: Secret, salt: bytes, journal_id: bytes) -> Secret:
    # The recovery key is 160 random bits: it needs no slow KDF, only HKDF to become a key.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    hkdf = HKDF(hashes.SHA256(), length=32, salt=salt, info=_RECOVERY_INFO + journal_id)
    return Secret(hkdf.derive(secret.reveal()))


def _checked(keys: Keys, found: Secret) -> DataKey:
    data_key = DataKey(found)
    if data_key.key_id != keys.key_id:  # authenticated already; a second look costs nothing
        raise KeysFileError(f"{KEYS_FILE}: the data key does not match its id")
    return data_key


def _common_ad(keys: Keys, purpose: bytes) -> bytes:
    return _WRAP_LABEL + purpose + b"\x00" + keys.journal_id + keys.key_id + bytes([keys.cipher])


def _passphrase_ad(keys: Keys, params: KdfParams) -> bytes:
    numbers = struct.pack("!III", params.memory_kib, params.iterations, params.lanes)
    return _common_ad(keys, b"passphrase") + numbers + keys.passphrase_salt


def _recovery_ad(keys: Keys) -> bytes:
    return _common_ad(keys, b"recovery") + keys.recovery_salt


# --- the file ------------------------------------------------------------------------------


def path_in(root: Path) -> Path:
    return root / KEYS_FILE


def read(root: Path) -> Keys | None:
    """The journal's keys, or None for a plain journal (no keys file)."""
    path = path_in(root)
    try:
        data = fsutil.read_regular_file(path, limit=64 * 1024)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise KeysFileError(f"cannot read {path}: {fsutil.describe_os_error(error)}") from None
    return loads(data, origin=str(path))


def write(root: Path, keys: Keys) -> None:
    """Replace the keys file atomically (0600). Callers hold the journal's lock.

    A folder sync that fails is an error too: nothing may be sealed under a key whose file
    might not survive a power cut."""
    path = path_in(root)
    try:
        fsutil.atomic_write(path, dumps(keys))
    except fsutil.FolderSyncError as error:
        raise KeysFileError(
            f"{path} was saved, but the disk could not confirm it: "
            f"{fsutil.describe_os_error(error)}; nothing else was changed"
        ) from None
    except OSError as error:
        raise KeysFileError(f"cannot write {path}: {fsutil.describe_os_error(error)}") from None


def dumps(keys: Keys) -> bytes:
    import tomli_w

    document = {
        "schema_version": SCHEMA_VERSION,
        "journal_id": keys.journal_id.hex(),
        "cipher": ALGORITHMS[keys.cipher],
        "key_id": keys.key_id.hex(),
        "state": keys.state,
        "passphrase": {
            "kdf": "argon2id",
            "memory_kib": keys.kdf.memory_kib,
            "iterations": keys.kdf.iterations,
            "lanes": keys.kdf.lanes,
            "salt": _b64(keys.passphrase_salt),
            "wrapped_key": _b64(keys.passphrase_wrap),
        },
        "recovery": {
            "kdf": "hkdf-sha256",
            "salt": _b64(keys.recovery_salt),
            "wrapped_key": _b64(keys.recovery_wrap),
        },
    }
    note = (
        "# therapylog: this journal is encrypted (docs/encryption.md). This file holds its key,\n"
        "# locked by your passphrase and by your recovery key. Keep it with the journal:\n"
        "# without it nothing here can be read. Do not edit it.\n"
    )
    return note.encode() + tomli_w.dumps(document).encode()


def loads(data: bytes, *, origin: str = KEYS_FILE) -> Keys:
    import tomllib

    try:
        document = tomllib.loads(data.decode("utf-8"))
        version = document["schema_version"]
        if version != SCHEMA_VERSION:
            raise KeysFileError(
                f"{origin} is from a newer therapylog (schema {version}); update therapylog"
            )
        cipher = {name: number for number, name in ALGORITHMS.items()}[document["cipher"]]
        wrapped = cast(dict[str, Any], document["passphrase"])
        recovery = cast(dict[str, Any], document["recovery"])
        if wrapped["kdf"] != "argon2id" or recovery["kdf"] != "hkdf-sha256":
            raise ValueError("unknown key derivation")
        params = KdfParams(
            int(wrapped["memory_kib"]), int(wrapped["iterations"]), int(wrapped["lanes"])
        )
        state = document["state"]
        keys = Keys(
            journal_id=bytes.fromhex(document["journal_id"]),
            key_id=bytes.fromhex(document["key_id"]),
            cipher=cipher,
            state=cast(State, state),
            kdf=params,
            passphrase_salt=_unb64(wrapped["salt"]),
            passphrase_wrap=_unb64(wrapped["wrapped_key"]),
            recovery_salt=_unb64(recovery["salt"]),
            recovery_wrap=_unb64(recovery["wrapped_key"]),
        )
    except KeysFileError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise KeysFileError(
            f"{origin} is damaged: it is not a keys file therapylog can read"
        ) from None
    if state not in STATES or not kdf.is_valid(params) or len(keys.journal_id) != JOURNAL_ID_SIZE:
        raise KeysFileError(f"{origin} is damaged: it is not a keys file therapylog can read")
    return keys


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)

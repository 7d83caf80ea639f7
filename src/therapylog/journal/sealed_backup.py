"""An encrypted backup (``backup --encrypted``): the backup document sealed with the journal's
data key, beside the journal's wrapped keys, so that it can be imported anywhere with the
journal's passphrase or recovery key, even once the journal itself is gone.

The file is JSON::

    {"format": "therapylog-encrypted-backup", "version": 1,
     "keys": "<the journal's encryption.toml>", "sealed": "<base64 of the sealed document>"}

The seal binds the name ``backup.json`` (crypto.py); the keys are those of keys.py, so the
passphrase and the recovery key that open the journal open its backups (docs/encryption.md).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Final

from therapylog.data.errors import InputError
from therapylog.data.safetext import json_text
from therapylog.journal import crypto
from therapylog.journal import keys as keyfile

FORMAT: Final = "therapylog-encrypted-backup"
VERSION: Final = 1
SEALED_NAME: Final = "backup.json"


def seal_backup(text: str, keys: keyfile.Keys, key: crypto.DataKey) -> bytes:
    """The encrypted backup of the backup document ``text``."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "keys": keyfile.dumps(keyfile.with_state(keys, "encrypted")).decode("utf-8"),
        "sealed": base64.b64encode(crypto.seal(SEALED_NAME, text.encode("utf-8"), key)).decode(),
    }
    return (json_text(document) + "\n").encode("utf-8")


def is_sealed_backup(data: bytes) -> bool:
    return data.lstrip()[:1] == b"{" and f'"format": "{FORMAT}"'.encode() in data[:200]


def keys_of(source: str, data: bytes) -> keyfile.Keys:
    """The wrapped keys an encrypted backup carries (InputError when it is not one)."""
    document = _document(source, data)
    keys_text = document.get("keys")
    if not isinstance(keys_text, str):
        raise InputError(f"{source}: not an encrypted therapylog backup (no keys)")
    try:
        return keyfile.loads(keys_text.encode("utf-8"), origin=f"{source} (its keys)")
    except keyfile.KeysFileError as error:
        raise InputError(error.message) from None


def open_backup(source: str, data: bytes, key: crypto.DataKey) -> str:
    """The backup document inside; InputError when it was changed or is not one."""
    sealed = _document(source, data).get("sealed")
    try:
        blob = base64.b64decode(sealed if isinstance(sealed, str) else "", validate=True)
        return crypto.open_(SEALED_NAME, blob, key).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise InputError(f"{source}: the encrypted backup is damaged") from None
    except crypto.SealedFileError as error:
        raise InputError(f"{source}: the encrypted backup {error.reason}") from None


def _document(source: str, data: bytes) -> dict[str, object]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(f"{source}: not an encrypted therapylog backup") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"{source}: not an encrypted therapylog backup")
    if document.get("version") != VERSION:
        raise InputError(f"{source}: written by a newer therapylog; update therapylog to read it")
    return document

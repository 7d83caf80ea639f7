"""Sealing one journal file: authenticated encryption under the journal's data key.

A sealed file is a fixed 30-byte header followed by the AEAD ciphertext and its 16-byte tag::

    magic      8 bytes  b"\\x89TLG\\r\\n\\x1a\\n"  (never the start of a UTF-8 TOML file)
    version    1 byte   FORMAT_VERSION (1)
    algorithm  1 byte   1 = AES-256-GCM, 2 = ChaCha20-Poly1305
    key id     8 bytes  which data key sealed it (HMAC-SHA-256 of the key, truncated)
    nonce     12 bytes  fresh from the operating system's random source on every write

The associated data is the whole header plus the file's journal-relative name, so a file
that is changed, cut short, renamed or swapped with another fails to open, and so does a
header whose version or algorithm byte was altered. With random 96-bit nonces one key can
seal about four billion files before the chance of a repeated nonce reaches 2^-32 (NIST SP
800-38D); a journal writes a few thousand in its life. The design is in docs/encryption.md.

The ``cryptography`` package (and hashlib) is imported on first use only: commands on a plain
journal never pay for it (tests/test_performance.py).
"""

from __future__ import annotations

import os
import struct
from typing import TYPE_CHECKING, Final, Literal

from therapylog.data.errors import JournalError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

MAGIC: Final = b"\x89TLG\r\n\x1a\n"
FORMAT_VERSION: Final = 1
AES_256_GCM: Final = 1
CHACHA20_POLY1305: Final = 2
ALGORITHMS: Final = {AES_256_GCM: "aes-256-gcm", CHACHA20_POLY1305: "chacha20-poly1305"}
KEY_SIZE: Final = 32
KEY_ID_SIZE: Final = 8
NONCE_SIZE: Final = 12
TAG_SIZE: Final = 16
_HEADER: Final = struct.Struct(f"!{len(MAGIC)}sBB{KEY_ID_SIZE}s{NONCE_SIZE}s")
HEADER_SIZE: Final = _HEADER.size
#: Prefix that marks a file as sealed, even one cut short inside its magic.
_SNIFF: Final = MAGIC[:4]
_NAME_LABEL: Final = b"therapylog sealed file\x00"
_KEY_ID_LABEL: Final = b"therapylog key id v1"

FailureKind = Literal["not-sealed", "truncated", "unsupported", "other-key", "tampered"]


class Secret:
    """Bytes that must never be shown: a passphrase, a key. Its repr and str hide the value,
    so a traceback, a log line or a test failure that prints one shows nothing; it refuses to
    be pickled. (Python cannot wipe memory reliably; the value lives until collected.)"""

    __slots__ = ("_value",)

    def __init__(self, value: bytes) -> None:
        self._value = bytes(value)

    @classmethod
    def from_passphrase(cls, text: str) -> Secret:
        """A typed passphrase, in Unicode NFC so that the same words typed on another system
        (macOS may hand over decomposed accents) derive the same key."""
        import unicodedata

        return cls(unicodedata.normalize("NFC", text).encode("utf-8"))

    def reveal(self) -> bytes:
        return self._value

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        import hmac

        return hmac.compare_digest(self._value, other._value)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "Secret(<hidden>)"

    __str__ = __repr__

    def __reduce__(self) -> str:
        raise TypeError("a secret cannot be pickled")


class DataKey:
    """The journal's random 256-bit data key and its public id."""

    __slots__ = ("key_id", "secret")

    def __init__(self, secret: Secret) -> None:
        if len(secret) != KEY_SIZE:
            raise ValueError(f"a data key has {KEY_SIZE} bytes")
        self.secret = secret
        self.key_id = key_id_of(secret)

    @classmethod
    def generate(cls) -> DataKey:
        return cls(Secret(os.urandom(KEY_SIZE)))

    def __repr__(self) -> str:
        return f"DataKey(id={self.key_id.hex()})"


def key_id_of(secret: Secret) -> bytes:
    """A public name for a key: tells a file sealed by another journal's key from a damaged
    one without revealing anything about the key."""
    import hashlib
    import hmac

    return hmac.new(secret.reveal(), _KEY_ID_LABEL, hashlib.sha256).digest()[:KEY_ID_SIZE]


class SealedFileError(JournalError):
    """A sealed file that cannot be opened. ``kind`` says why: ``not-sealed`` (plain text, or
    not a therapylog file), ``truncated``, ``unsupported`` (a newer format or algorithm),
    ``other-key`` (sealed by another journal's key), ``tampered`` (changed, damaged, renamed or
    swapped since it was written). The message names the file and never its contents."""

    def __init__(self, name: str, kind: FailureKind, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.kind: FailureKind = kind
        self.reason = reason


def is_sealed(data: bytes) -> bool:
    """Whether ``data`` is (or was meant to be) a sealed file rather than plain TOML: its first
    bytes are the magic, which no UTF-8 text can start with. A file cut short inside the
    header still counts as sealed, so that opening it reports it as truncated."""
    return data[: len(_SNIFF)] == _SNIFF


def seal(name: str, plaintext: bytes, key: DataKey, *, algorithm: int = AES_256_GCM) -> bytes:
    """Encrypt ``plaintext`` as the journal file ``name`` (its journal-relative path with
    forward slashes, e.g. ``entries/2026-11-01.toml``)."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm}")
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, algorithm, key.key_id, os.urandom(NONCE_SIZE))
    nonce = header[-NONCE_SIZE:]
    cipher = _cipher(algorithm, key.secret)
    return header + cipher.encrypt(nonce, plaintext, _associated_data(header, name))


def open_(name: str, blob: bytes, key: DataKey) -> bytes:
    """The plaintext of the sealed file ``name``; raises :class:`SealedFileError`."""
    if not is_sealed(blob):
        raise SealedFileError(name, "not-sealed", "is not encrypted")
    if len(blob) < HEADER_SIZE + TAG_SIZE:
        raise SealedFileError(
            name,
            "truncated",
            f"is cut short ({len(blob)} bytes; an encrypted file has at least "
            f"{HEADER_SIZE + TAG_SIZE})",
        )
    header = blob[:HEADER_SIZE]
    magic, version, algorithm, key_id, nonce = _HEADER.unpack(header)
    if magic != MAGIC:
        raise SealedFileError(name, "tampered", "has a damaged header")
    if version != FORMAT_VERSION or algorithm not in ALGORITHMS:
        raise SealedFileError(
            name,
            "unsupported",
            f"was written in a newer format (version {version}, algorithm {algorithm}); "
            "update therapylog to read it",
        )
    if key_id != key.key_id:  # public values: no need for a constant-time comparison
        raise SealedFileError(
            name,
            "other-key",
            "was encrypted with a different key (another journal's, or its header was changed)",
        )
    from cryptography.exceptions import InvalidTag

    try:
        return _cipher(algorithm, key.secret).decrypt(
            nonce, blob[HEADER_SIZE:], _associated_data(header, name)
        )
    except InvalidTag:
        raise SealedFileError(
            name,
            "tampered",
            "does not match its seal: it was changed or damaged, or renamed from another file",
        ) from None


def wrap_key(kek: Secret, payload: Secret, associated_data: bytes) -> bytes:
    """``payload`` (a key) encrypted under the key-encryption key ``kek``: nonce + AES-256-GCM
    ciphertext and tag, bound to ``associated_data``."""
    nonce = os.urandom(NONCE_SIZE)
    return nonce + _cipher(AES_256_GCM, kek).encrypt(nonce, payload.reveal(), associated_data)


def unwrap_key(kek: Secret, wrapped: bytes, associated_data: bytes) -> Secret | None:
    """The payload of :func:`wrap_key`, or None when ``kek`` or the associated data differ or
    the wrapped bytes were changed (AEAD cannot tell these apart, by design)."""
    from cryptography.exceptions import InvalidTag

    if len(wrapped) < NONCE_SIZE + TAG_SIZE:
        return None
    try:
        plain = _cipher(AES_256_GCM, kek).decrypt(
            wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], associated_data
        )
    except InvalidTag:
        return None
    return Secret(plain)


def _associated_data(header: bytes, name: str) -> bytes:
    return header + _NAME_LABEL + name.encode("utf-8")


def _cipher(algorithm: int, key: Secret) -> AESGCM | ChaCha20Poly1305:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

    if algorithm == CHACHA20_POLY1305:
        return ChaCha20Poly1305(key.reveal())
    return AESGCM(key.reveal())

"""Sealed files: round trips, and every way a file can be wrong fails in one clear way."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from therapylog.journal import crypto
from therapylog.journal.crypto import (
    AES_256_GCM,
    CHACHA20_POLY1305,
    HEADER_SIZE,
    NONCE_SIZE,
    TAG_SIZE,
    DataKey,
    SealedFileError,
    Secret,
    is_sealed,
    open_,
    seal,
)

KEY = DataKey.generate()
NAME = "entries/2026-11-01.toml"
TEXT = b'schema_version = 1\nnotes = "She talked over me again."\n'
names = st.text(min_size=1, max_size=80).filter(lambda name: "\x00" not in name)
algorithms = st.sampled_from([AES_256_GCM, CHACHA20_POLY1305])


def failure(name: str, blob: bytes, key: DataKey = KEY) -> SealedFileError:
    with pytest.raises(SealedFileError) as caught:
        open_(name, blob, key)
    return caught.value


@given(plaintext=st.binary(max_size=4096), name=names, algorithm=algorithms)
def test_any_bytes_under_any_name_round_trip(plaintext: bytes, name: str, algorithm: int) -> None:
    blob = seal(name, plaintext, KEY, algorithm=algorithm)
    assert is_sealed(blob)
    assert open_(name, blob, KEY) == plaintext
    assert len(blob) == HEADER_SIZE + len(plaintext) + TAG_SIZE


def test_the_ciphertext_shows_nothing_of_the_text_and_every_write_is_fresh() -> None:
    first, second = seal(NAME, TEXT, KEY), seal(NAME, TEXT, KEY)
    assert b"talked" not in first
    assert (
        first[HEADER_SIZE - NONCE_SIZE : HEADER_SIZE]
        != second[HEADER_SIZE - NONCE_SIZE : HEADER_SIZE]
    )
    assert first[HEADER_SIZE:] != second[HEADER_SIZE:]


def test_the_header_says_format_algorithm_and_key() -> None:
    blob = seal(NAME, TEXT, KEY, algorithm=CHACHA20_POLY1305)
    assert blob.startswith(crypto.MAGIC)
    assert blob[len(crypto.MAGIC)] == crypto.FORMAT_VERSION
    assert blob[len(crypto.MAGIC) + 1] == CHACHA20_POLY1305
    assert KEY.key_id in blob[:HEADER_SIZE]


@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_flipping_any_bit_anywhere_is_caught(position: int, bit: int) -> None:
    blob = bytearray(seal(NAME, TEXT, KEY))
    position %= len(blob)
    blob[position] ^= 1 << bit
    error = failure(NAME, bytes(blob))
    assert error.kind in {"not-sealed", "tampered", "unsupported", "other-key"}
    assert "talked" not in str(error)


@pytest.mark.parametrize(
    ("region", "position", "kind"),
    [
        ("magic", 5, "tampered"),
        ("version", 8, "unsupported"),
        ("algorithm", 9, "unsupported"),
        ("key id", 12, "other-key"),
        ("nonce", 20, "tampered"),
        ("ciphertext", HEADER_SIZE + 3, "tampered"),
        ("tag", -1, "tampered"),
    ],
)
def test_each_part_of_the_file_is_protected(region: str, position: int, kind: str) -> None:
    blob = bytearray(seal(NAME, TEXT, KEY))
    blob[position] ^= 0x01
    assert failure(NAME, bytes(blob)).kind == kind


def test_an_algorithm_byte_switched_to_the_other_known_algorithm_is_still_caught() -> None:
    blob = bytearray(seal(NAME, TEXT, KEY, algorithm=AES_256_GCM))
    blob[len(crypto.MAGIC) + 1] = CHACHA20_POLY1305
    assert failure(NAME, bytes(blob)).kind == "tampered"


@pytest.mark.parametrize("keep", [4, 8, HEADER_SIZE, HEADER_SIZE + TAG_SIZE - 1])
def test_a_file_cut_short_is_truncated(keep: int) -> None:
    error = failure(NAME, seal(NAME, TEXT, KEY)[:keep])
    assert error.kind == "truncated"
    assert str(error).startswith(f"{NAME}: is cut short ({keep} bytes")


def test_a_file_cut_short_in_its_ciphertext_is_tampered() -> None:
    assert failure(NAME, seal(NAME, TEXT, KEY)[:-5]).kind == "tampered"


def test_a_renamed_or_swapped_file_fails() -> None:
    blob = seal(NAME, TEXT, KEY)
    assert failure("entries/2026-11-02.toml", blob).kind == "tampered"
    assert failure("goals.toml", blob).kind == "tampered"


def test_a_file_from_another_journal_is_named_as_such() -> None:
    other = DataKey.generate()
    error = failure(NAME, seal(NAME, TEXT, other))
    assert error.kind == "other-key"
    assert "different key" in error.message


def test_a_plain_toml_file_is_not_sealed() -> None:
    assert not is_sealed(TEXT)
    assert not is_sealed(b"")
    assert failure(NAME, TEXT).kind == "not-sealed"


@given(st.text())
def test_no_text_file_looks_sealed(text: str) -> None:
    assert not is_sealed(text.encode("utf-8"))


def test_secrets_hide_themselves() -> None:
    secret = Secret.from_passphrase("correct horse battery staple")
    assert "horse" not in repr(secret) and "horse" not in str(secret) and "horse" not in f"{secret}"
    assert KEY.secret.reveal().hex() not in repr(KEY)
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(TypeError):
        hash(secret)


def test_a_passphrase_is_the_same_however_its_accents_were_typed() -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    assert Secret.from_passphrase(composed) == Secret.from_passphrase(decomposed)
    assert Secret.from_passphrase(composed) != Secret.from_passphrase("cafe au lait")


def test_wrapped_keys_open_only_with_the_same_key_and_associated_data() -> None:
    kek, payload = Secret(bytes(range(32))), Secret(b"k" * 32)
    wrapped = crypto.wrap_key(kek, payload, b"context")
    assert crypto.unwrap_key(kek, wrapped, b"context") == payload
    assert crypto.unwrap_key(kek, wrapped, b"other") is None
    assert crypto.unwrap_key(Secret(bytes(32)), wrapped, b"context") is None
    assert crypto.unwrap_key(kek, wrapped[:20], b"context") is None


@given(st.binary(max_size=200))
def test_opening_arbitrary_bytes_never_crashes(data: bytes) -> None:
    blob = crypto.MAGIC[:4] + data
    with pytest.raises(SealedFileError):
        open_(NAME, blob, KEY)

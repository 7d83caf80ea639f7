"""The keys file: unlock, rewrap, recovery, and a file that cannot be fooled or swapped."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest

from therapylog.journal import keys as keyfile
from therapylog.journal.crypto import DataKey, Secret, open_, seal
from therapylog.journal.kdf import KdfParams
from therapylog.journal.keys import (
    KeysFileError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from therapylog.journal.recoverykey import RecoveryKeyTypoError

#: Argon2's smallest parameters: the tests exercise the scheme, not its cost.
TINY = KdfParams(memory_kib=8, iterations=1)
PASSPHRASE = Secret.from_passphrase("a quiet harbour at dawn")
OTHER = Secret.from_passphrase("a loud harbour at noon")


@pytest.fixture(scope="module")
def created() -> tuple[keyfile.Keys, DataKey, str]:
    return keyfile.create(PASSPHRASE, TINY)


def test_the_passphrase_unlocks_the_data_key(created: tuple[keyfile.Keys, DataKey, str]) -> None:
    keys, data_key, _ = created
    assert keyfile.unlock(keys, PASSPHRASE).secret == data_key.secret
    assert keys.state == "encrypting"
    assert keys.key_id == data_key.key_id


def test_a_wrong_passphrase_is_one_clear_error(created: tuple[keyfile.Keys, DataKey, str]) -> None:
    keys, _, _ = created
    with pytest.raises(WrongPassphraseError) as caught:
        keyfile.unlock(keys, OTHER)
    assert str(caught.value) == "that passphrase does not unlock this journal"
    assert caught.value.exit_code == 1


def test_the_recovery_key_unlocks_the_data_key(created: tuple[keyfile.Keys, DataKey, str]) -> None:
    keys, data_key, recovery = created
    assert keyfile.unlock_with_recovery(keys, recovery).secret == data_key.secret
    assert (
        keyfile.unlock_with_recovery(keys, recovery.lower().replace("-", " ")).key_id
        == data_key.key_id
    )


def test_a_recovery_key_typo_is_caught_before_any_unwrapping(
    created: tuple[keyfile.Keys, DataKey, str],
) -> None:
    keys, _, recovery = created
    typo = recovery[:7] + ("Z" if recovery[7] != "Z" else "Y") + recovery[8:]
    with pytest.raises(RecoveryKeyTypoError, match="group 2 of the recovery key has a typo"):
        keyfile.unlock_with_recovery(keys, typo)


def test_another_journals_recovery_key_does_not_unlock(
    created: tuple[keyfile.Keys, DataKey, str],
) -> None:
    keys, _, _ = created
    _, _, foreign = keyfile.create(PASSPHRASE, TINY)
    with pytest.raises(WrongRecoveryKeyError, match="does not unlock this journal"):
        keyfile.unlock_with_recovery(keys, foreign)


def test_changing_the_passphrase_rewraps_the_same_data_key(
    created: tuple[keyfile.Keys, DataKey, str],
) -> None:
    keys, data_key, recovery = created
    sealed = seal("goals.toml", b"goals", data_key)
    changed = keyfile.rewrap(keys, data_key, OTHER, KdfParams(16, 2))
    assert keyfile.unlock(changed, OTHER).secret == data_key.secret
    with pytest.raises(WrongPassphraseError):
        keyfile.unlock(changed, PASSPHRASE)
    assert changed.passphrase_salt != keys.passphrase_salt
    assert changed.kdf == KdfParams(16, 2)
    assert (changed.recovery_salt, changed.recovery_wrap) == (
        keys.recovery_salt,
        keys.recovery_wrap,
    )
    assert keyfile.unlock_with_recovery(changed, recovery).key_id == data_key.key_id
    assert open_("goals.toml", sealed, keyfile.unlock(changed, OTHER)) == b"goals"


def test_recovery_then_a_new_passphrase(created: tuple[keyfile.Keys, DataKey, str]) -> None:
    keys, data_key, recovery = created
    unlocked = keyfile.unlock_with_recovery(keys, recovery)
    renewed = keyfile.rewrap(keys, unlocked, OTHER, TINY)
    assert keyfile.unlock(renewed, OTHER).secret == data_key.secret


def test_a_new_recovery_key_retires_the_old_one(created: tuple[keyfile.Keys, DataKey, str]) -> None:
    keys, data_key, old = created
    renewed, new = keyfile.new_recovery_key(keys, data_key)
    assert keyfile.unlock_with_recovery(renewed, new).secret == data_key.secret
    with pytest.raises(WrongRecoveryKeyError):
        keyfile.unlock_with_recovery(renewed, old)


@pytest.mark.parametrize(
    "change",
    [
        {"kdf": KdfParams(16, 1)},
        {"passphrase_salt": bytes(16)},
        {"journal_id": bytes(16)},
        {"cipher": 2},
    ],
    ids=["kdf parameters", "salt", "journal id", "cipher"],
)
def test_every_field_the_wrap_depends_on_is_bound_to_it(
    created: tuple[keyfile.Keys, DataKey, str], change: dict[str, object]
) -> None:
    keys, _, _ = created
    with pytest.raises(WrongPassphraseError):
        keyfile.unlock(replace(keys, **change), PASSPHRASE)  # type: ignore[arg-type]


def test_a_wrap_from_another_journal_cannot_be_spliced_in(
    created: tuple[keyfile.Keys, DataKey, str],
) -> None:
    keys, _, _ = created
    other, _, _ = keyfile.create(PASSPHRASE, TINY)
    spliced = replace(
        keys, passphrase_salt=other.passphrase_salt, passphrase_wrap=other.passphrase_wrap
    )
    with pytest.raises(WrongPassphraseError):
        keyfile.unlock(spliced, PASSPHRASE)


def test_the_file_round_trips_and_is_private(
    tmp_path: Path, created: tuple[keyfile.Keys, DataKey, str]
) -> None:
    keys, data_key, _ = created
    assert keyfile.read(tmp_path) is None
    keyfile.write(tmp_path, keyfile.with_state(keys, "encrypted"))
    path = tmp_path / "encryption.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = keyfile.read(tmp_path)
    assert loaded == keyfile.with_state(keys, "encrypted")
    assert loaded is not None and keyfile.unlock(loaded, PASSPHRASE).key_id == data_key.key_id
    text = path.read_text()
    assert 'state = "encrypted"' in text and "memory_kib = 8" in text
    assert data_key.secret.reveal().hex() not in text


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("schema_version = 1", "schema_version = 2"), "newer therapylog"),
        (lambda text: text.replace('state = "encrypting"', 'state = "halfway"'), "is damaged"),
        (lambda text: text.replace("memory_kib = 8", "memory_kib = 99999999999"), "is damaged"),
        (lambda text: text.replace('kdf = "argon2id"', 'kdf = "pbkdf2"'), "is damaged"),
        (lambda text: text.replace("[recovery]", "[recover]"), "is damaged"),
        (lambda text: text[: len(text) // 2], "is damaged"),
        (lambda text: "\ufffe" + text, "is damaged"),
    ],
    ids=["newer", "state", "huge memory", "other kdf", "missing table", "cut", "not toml"],
)
def test_a_damaged_or_newer_keys_file_is_refused_clearly(
    tmp_path: Path,
    created: tuple[keyfile.Keys, DataKey, str],
    edit,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    keys, _, _ = created
    keyfile.write(tmp_path, keys)
    path = tmp_path / "encryption.toml"
    path.write_text(edit(path.read_text()))
    with pytest.raises(KeysFileError, match=message):
        keyfile.read(tmp_path)


def test_a_new_passphrase_must_have_some_length() -> None:
    assert keyfile.new_passphrase_problem("short") is not None
    assert keyfile.new_passphrase_problem("        x") is not None
    assert keyfile.new_passphrase_problem("a quiet harbour") is None

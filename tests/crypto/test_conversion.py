"""Encrypting and decrypting a whole journal: every file, atomically, resumably."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.data.errors import DamagedFileError, JournalError
from therapylog.journal import conversion, crypto, fsutil
from therapylog.journal import keys as keyfile
from therapylog.journal.crypto import DataKey, Secret
from therapylog.journal.kdf import KdfParams
from therapylog.journal.sealing import Sealing, sealing_for
from therapylog.journal.storage import Journal

TINY = KdfParams(memory_kib=8, iterations=1)
PASSPHRASE = Secret.from_passphrase("a quiet harbour at dawn")
MARKER = "MARKER-7Q2"


class Killed(BaseException):
    """Stands for the process dying between two writes."""


@pytest.fixture
def filled(cli: Cli, journal_path: Path) -> dict[str, bytes]:
    """A journal with entries, goals, therapists and a rescued file; its files' bytes."""
    for day in ("2026-11-01", "2026-11-08", "2026-11-15"):
        result = cli(
            "add", "--no-input", "--therapist", "Dr Lee", "--date", day,
            "--note", f"{MARKER} on {day}",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert cli("goals", "add", f"Sleep {MARKER}", "--id", "sleep").exit_code == 0
    rescued = journal_path / "rescued"
    rescued.mkdir(mode=0o700)
    (rescued / "2026-11-20-edit.toml").write_text(f'notes = "{MARKER} rescued"\n')
    cli("list")  # builds the derived index, which holds the text too
    return files_snapshot(journal_path)


def encrypt(journal_path: Path, shown: list[str] | None = None) -> conversion.Converted:
    keys = keyfile.read(journal_path)
    return conversion.encrypt_journal(
        Journal(journal_path),
        key=None if keys is None else keyfile.unlock(keys, PASSPHRASE),
        new_passphrase=PASSPHRASE if keys is None else None,
        tune=lambda: TINY,
        show_recovery=(shown if shown is not None else []).append,
    )


def unlocked(journal_path: Path) -> DataKey:
    keys = keyfile.read(journal_path)
    assert keys is not None
    return keyfile.unlock(keys, PASSPHRASE)


def readable(journal_path: Path, original: dict[str, bytes]) -> None:
    """Every original file is there, whole, in one form or the other, and reads as before."""
    keys = keyfile.read(journal_path)
    sealing = Sealing(journal_path)
    if keys is not None:
        sealing = Sealing(journal_path, keys, keyfile.unlock(keys, PASSPHRASE))
    for name, data in original.items():
        path = journal_path / name
        assert sealing.from_disk(path, path.read_bytes()) == data, name


def no_marker_on_disk(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


def test_encrypting_seals_every_file_and_decrypting_restores_them(
    journal_path: Path, filled: dict[str, bytes]
) -> None:
    shown: list[str] = []
    result = encrypt(journal_path, shown)
    assert (result.changed, result.problems, result.finished) == (len(filled), [], True)
    assert len(shown) == 1 and len(shown[0]) == 47
    keys = keyfile.read(journal_path)
    assert keys is not None and keys.state == "encrypted"
    no_marker_on_disk(journal_path)
    assert not (journal_path / ".cache").exists()
    for name in filled:
        assert crypto.is_sealed((journal_path / name).read_bytes()), name
    readable(journal_path, filled)
    assert keyfile.unlock_with_recovery(keys, shown[0]).key_id == keys.key_id

    result = conversion.decrypt_journal(Journal(journal_path), unlocked(journal_path))
    assert (result.changed, result.problems, result.finished) == (len(filled), [], True)
    assert files_snapshot(journal_path) == filled
    assert not keyfile.path_in(journal_path).exists()


def test_a_key_that_is_not_the_journals_changes_nothing(
    journal_path: Path, filled: dict[str, bytes]
) -> None:
    encrypt(journal_path)
    before = files_snapshot(journal_path)
    stranger = DataKey.generate()
    with pytest.raises(JournalError, match="changed while the journal was being unlocked"):
        conversion.decrypt_journal(Journal(journal_path), stranger)
    with pytest.raises(JournalError, match="changed while the journal was being unlocked"):
        conversion.encrypt_journal(
            Journal(journal_path), key=stranger, tune=lambda: TINY, show_recovery=print
        )
    assert files_snapshot(journal_path) == before


def killed_after(survives: int, monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> bool:
    """Run ``run`` with the process "dying" before its write number ``survives`` + 1; whether
    it died (False: the run needed no more writes than that)."""
    real = fsutil.atomic_write
    writes: list[Path] = []

    def dying(path: Path, data: bytes) -> None:
        if len(writes) == survives:
            raise Killed
        writes.append(path)
        real(path, data)

    with monkeypatch.context() as patch:
        patch.setattr(fsutil, "atomic_write", dying)
        try:
            run()
        except Killed:
            return True
    return False


def test_encrypting_killed_between_any_two_writes_reads_and_resumes(
    journal_path: Path, filled: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for survives in range(len(filled) + 3):
        copy = tmp_path / f"copy-{survives}"
        shutil.copytree(journal_path, copy)
        if not killed_after(survives, monkeypatch, lambda copy=copy: encrypt(copy)):  # type: ignore[misc]
            assert survives == len(filled) + 2  # the keys file, each file, the state
            break
        if survives:  # the keys file came first: from then on, both forms read
            keys = keyfile.read(copy)
            assert keys is not None and keys.state == "encrypting"
        readable(copy, filled)
        shown: list[str] = []
        result = encrypt(copy, shown)
        assert result.finished and not result.problems
        assert len(shown) == 1  # a resumed run shows a new recovery key, and it works
        keys = keyfile.read(copy)
        assert keys is not None and keys.state == "encrypted"
        assert keyfile.unlock_with_recovery(keys, shown[0]).key_id == keys.key_id
        no_marker_on_disk(copy)
        readable(copy, filled)
    else:
        pytest.fail("the run never finished")


def test_decrypting_killed_between_any_two_writes_reads_and_resumes(
    journal_path: Path, filled: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    encrypt(journal_path)
    for survives in range(len(filled) + 2):
        copy = tmp_path / f"copy-{survives}"
        shutil.copytree(journal_path, copy)

        def run(copy: Path = copy) -> object:
            return conversion.decrypt_journal(Journal(copy), unlocked(copy))

        if not killed_after(survives, monkeypatch, run):
            assert survives == len(filled) + 1  # the state, then each file
            break
        readable(copy, filled)
        assert conversion.decrypt_journal(Journal(copy), unlocked(copy)).finished
        assert files_snapshot(copy) == filled
    else:
        pytest.fail("the run never finished")


def test_a_plain_file_from_a_second_computer_is_reported_and_absorbed(
    journal_path: Path, filled: dict[str, bytes]
) -> None:
    encrypt(journal_path)
    dropped = journal_path / "entries" / "2026-11-22.toml"
    dropped.write_bytes(filled["entries/2026-11-15.toml"])
    keys = keyfile.read(journal_path)
    assert keys is not None
    sealing = Sealing(journal_path, keys, keyfile.unlock(keys, PASSPHRASE))
    with pytest.raises(DamagedFileError, match="is not encrypted, in an encrypted journal"):
        sealing.from_disk(dropped, dropped.read_bytes())
    shown: list[str] = []
    result = encrypt(journal_path, shown)
    assert (result.changed, result.already, shown) == (1, len(filled), [])
    assert crypto.is_sealed(dropped.read_bytes())
    no_marker_on_disk(journal_path)


def test_files_that_will_not_open_are_left_and_reported(
    journal_path: Path, filled: dict[str, bytes]
) -> None:
    encrypt(journal_path)
    foreign = journal_path / "entries" / "2026-11-08.toml"
    foreign.write_bytes(
        crypto.seal("entries/2026-11-08.toml", b"x = 1\n", crypto.DataKey.generate())
    )
    result = encrypt(journal_path)
    assert [(path.name, reason) for path, reason in result.problems] == [
        (
            "2026-11-08.toml",
            "was encrypted with a different key (another journal's, or its header was changed)",
        )
    ]
    result = conversion.decrypt_journal(Journal(journal_path), unlocked(journal_path))
    assert not result.finished and len(result.problems) == 1
    assert keyfile.path_in(journal_path).exists()  # the keys stay while a file is sealed


def test_sealing_for_a_journal(journal_path: Path, filled: dict[str, bytes]) -> None:
    assert not sealing_for(journal_path, None).encrypted
    encrypt(journal_path)
    from therapylog.journal.unlocking import LockedJournalError

    with pytest.raises(LockedJournalError):
        sealing_for(journal_path, None)
    sealing = sealing_for(journal_path, lambda keys: keyfile.unlock(keys, PASSPHRASE))
    assert sealing.writes_sealed
    path = journal_path / "goals.toml"
    assert crypto.open_("goals.toml", sealing.to_disk(path, b"g"), sealing.key) == b"g"  # type: ignore[arg-type]


def test_a_sealed_file_in_a_plain_journal_is_damaged(journal_path: Path) -> None:
    path = journal_path / "goals.toml"
    blob = crypto.seal("goals.toml", b"g", crypto.DataKey.generate())
    with pytest.raises(DamagedFileError, match=r"no encryption\.toml"):
        Sealing(journal_path).from_disk(path, blob)


def test_decrypting_a_plain_journal_is_refused(
    journal_path: Path, filled: dict[str, bytes]
) -> None:
    with pytest.raises(JournalError, match="is not encrypted"):
        conversion.decrypt_journal(Journal(journal_path), DataKey.generate())
    with pytest.raises(JournalError, match="is not encrypted"):
        conversion.encrypt_journal(Journal(journal_path), tune=lambda: TINY, show_recovery=print)
    assert files_snapshot(journal_path) == filled

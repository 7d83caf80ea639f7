"""Every command on an encrypted journal: the files stay sealed, the commands work as before,
and nothing the journal holds reaches the disk in plain text."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.journal import crypto, kdf
from therapylog.journal.kdf import KdfParams

TINY = KdfParams(memory_kib=8, iterations=1)
WORDS = "a quiet harbour at dawn"
MARKER = "MARKER-5XK"


@pytest.fixture(autouse=True)
def tiny_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kdf, "tune", lambda: TINY)


@pytest.fixture
def passphrase_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(WORDS + "\n")
    path.chmod(0o600)
    return path


@pytest.fixture
def encrypted(
    cli: Cli, journal_path: Path, passphrase_file: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """An encrypted journal with two entries, a goal and a therapist; unlocked by the
    passphrase file from here on."""
    assert cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").exit_code == 0
    monkeypatch.setenv("THERAPYLOG_PASSPHRASE_FILE", str(passphrase_file))
    for day, mood in (("2026-11-01", "4"), ("2026-11-08", "6")):
        result = cli(
            "add", "--no-input", "--therapist", "Dr Lee", "--date", day,
            "--mood-before", mood, "--note", f"{MARKER} {day}",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert cli("goals", "add", f"Sleep {MARKER}", "--id", "sleep").exit_code == 0
    return journal_path


def plain_bytes_under(root: Path) -> list[Path]:
    return [
        path for path in root.rglob("*") if path.is_file() and MARKER.encode() in path.read_bytes()
    ]


def test_every_file_is_sealed_and_commands_read_them(cli: Cli, encrypted: Path) -> None:
    for name in files_snapshot(encrypted):
        if name not in ("encryption.toml",):
            assert crypto.is_sealed((encrypted / name).read_bytes()), name
    assert plain_bytes_under(encrypted) == []
    listed = cli("list", "--json")
    assert listed.exit_code == 0, listed.output
    assert [entry["id"] for entry in json.loads(listed.stdout)] == ["2026-11-08", "2026-11-01"]
    shown = cli("show", "2026-11-01")
    assert shown.exit_code == 0 and f"{MARKER} 2026-11-01" in shown.stdout
    assert cli("report", "--all").exit_code == 0
    assert MARKER in cli("goals", "list").stdout
    assert cli("check").exit_code == 0
    assert plain_bytes_under(encrypted) == []


def test_a_prompted_passphrase_works_and_a_wrong_one_writes_nothing(
    cli: Cli, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("THERAPYLOG_PASSPHRASE_FILE")
    before = files_snapshot(encrypted)
    result = cli(
        "add", "--no-input", "--therapist", "Dr Lee", "--date", "2026-11-15",
        input="wrong\nwrong again\nstill wrong\n",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.endswith("therapylog: that passphrase does not unlock this journal\n")
    assert files_snapshot(encrypted) == before
    result = cli("show", "2026-11-08", input=f"{WORDS}\n")
    assert result.exit_code == 0 and f"{MARKER} 2026-11-08" in result.stdout


def test_status_never_asks_on_a_locked_journal(
    cli: Cli, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("THERAPYLOG_PASSPHRASE_FILE")
    result = cli("status", input=f"{WORDS}\n")
    assert result.exit_code == 0
    assert "Passphrase" not in result.output
    assert "encrypted and locked" in result.stdout
    assert len(result.stdout.splitlines()) == 1


def test_a_tampered_or_foreign_file_is_damaged_not_fatal(cli: Cli, encrypted: Path) -> None:
    entry = encrypted / "entries" / "2026-11-01.toml"
    blob = bytearray(entry.read_bytes())
    blob[-3] ^= 1
    entry.write_bytes(bytes(blob))
    foreign = encrypted / "entries" / "2026-11-02.toml"
    foreign.write_bytes(
        crypto.seal("entries/2026-11-02.toml", b"x = 1\n", crypto.DataKey.generate())
    )
    result = cli("check")
    assert result.exit_code == 1
    assert "2026-11-01.toml: does not match its seal" in result.output
    assert "2026-11-02.toml: was encrypted with a different key" in result.output
    listed = cli("list", "--json")
    assert [entry["id"] for entry in json.loads(listed.stdout)] == ["2026-11-08"]


def test_a_plain_file_from_a_second_computer_is_reported_then_absorbed(
    cli: Cli, encrypted: Path
) -> None:
    (encrypted / "entries" / "2026-11-20.toml").write_text(
        'schema_version = 1\nid = "2026-11-20"\ndate = 2026-11-20\ntherapist = "Dr Lee"\n'
        'status = "attended"\n'
    )
    result = cli("check")
    assert result.exit_code == 1
    assert "is not encrypted, in an encrypted journal" in result.output
    result = cli("encrypt")
    assert result.exit_code == 0, result.output
    assert "encrypted 1 file" in result.stdout
    assert cli("check").exit_code == 0
    assert "2026-11-20" in cli("list", "--json").stdout


def test_editing_keeps_the_file_sealed_and_uses_no_disk_folder(
    cli: Cli, encrypted: Path, tmp_path: Path
) -> None:
    script = tmp_path / "editor.py"
    seen = tmp_path / "seen.txt"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(seen)!r}).write_text(str(p))\n"
        f"p.write_text(p.read_text().replace('{MARKER} 2026-11-08', '{MARKER} edited'))\n"
    )
    result = cli("edit", "2026-11-08", env={"EDITOR": f"{os.sys.executable} {script}"})  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.output
    assert seen.read_text().startswith(os.environ["XDG_RUNTIME_DIR"])
    assert crypto.is_sealed((encrypted / "entries" / "2026-11-08.toml").read_bytes())
    assert f"{MARKER} edited" in cli("show", "2026-11-08").stdout
    assert plain_bytes_under(encrypted) == []


def test_an_invalid_edit_is_rescued_sealed(cli: Cli, encrypted: Path, tmp_path: Path) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text() + '\\nmood_before = 99\\n')\n"
    )
    result = cli("edit", "2026-11-08", env={"EDITOR": f"{os.sys.executable} {script}"}, input="n\n")  # type: ignore[attr-defined]
    assert result.exit_code == 2
    rescued = list((encrypted / "rescued").iterdir())
    assert len(rescued) == 1 and crypto.is_sealed(rescued[0].read_bytes())
    assert plain_bytes_under(encrypted) == []


def test_removing_an_entry(cli: Cli, encrypted: Path) -> None:
    assert cli("rm", "2026-11-01", "--yes").exit_code == 0
    assert not (encrypted / "entries" / "2026-11-01.toml").exists()


def test_therapists_are_sealed_too(cli: Cli, encrypted: Path) -> None:
    result = cli("therapists", "end", "Dr Lee", "--date", "2026-11-10")
    assert result.exit_code == 0, result.output
    assert crypto.is_sealed((encrypted / "therapists.toml").read_bytes())
    assert "Dr Lee" in cli("therapists").stdout


def test_decrypting_gives_the_journal_back_in_plain(cli: Cli, encrypted: Path) -> None:
    assert cli("decrypt").exit_code == 0
    assert not (encrypted / "encryption.toml").exists()
    assert MARKER in (encrypted / "entries" / "2026-11-01.toml").read_text()
    assert cli("check").exit_code == 0


def test_the_interviews_draft_is_sealed_and_set_aside_sealed(encrypted: Path) -> None:
    import datetime as dt

    from therapylog.journal import drafts, sealing, unlocking
    from therapylog.journal import keys as keyfile

    keys = keyfile.read(encrypted)
    assert keys is not None
    unlocked = unlocking.unlock_journal(keys, prompt=None)
    sealing.remember(encrypted, sealing.Sealing(encrypted, keys, unlocked.key))
    try:
        draft = drafts.Draft(dt.datetime(2026, 11, 22, 14, 5), {"notes": f"{MARKER} draft"})
        drafts.save_draft(encrypted, draft)
        assert crypto.is_sealed(drafts.draft_path(encrypted).read_bytes())
        assert drafts.read_draft(encrypted) == draft
        moved = drafts.set_draft_aside(encrypted, encrypted / "rescued")
        opened = sealing.sealing_of(encrypted).from_disk(moved, moved.read_bytes())
        assert f"{MARKER} draft".encode() in opened
        assert not drafts.draft_path(encrypted).exists()
        assert plain_bytes_under(encrypted) == []
    finally:
        sealing.forget(encrypted)


def test_no_editing_copy_on_a_disk_backed_temporary_folder(
    cli: Cli, encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from therapylog.journal import scratch

    monkeypatch.setattr(scratch, "candidate_bases", lambda: [Path(tempfile.gettempdir())])
    script = tmp_path / "editor.py"
    script.write_text("import sys\n")
    result = cli("edit", "2026-11-08", env={"EDITOR": f"{os.sys.executable} {script}"})  # type: ignore[attr-defined]
    assert result.exit_code == 1
    assert "no private folder for the editing copy" in result.stderr
    assert "in memory (the journal is encrypted)" in result.stderr
    with scratch.scratch_folder() as folder:  # a plain journal's copy may go there
        assert folder.parent.parent == Path(tempfile.gettempdir())


def test_an_encrypted_backup_imports_anywhere_with_the_passphrase(
    cli: Cli, encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "backup.json"
    result = cli("backup", "--encrypted", "--output", str(backup))
    assert result.exit_code == 0, result.output
    assert MARKER.encode() not in backup.read_bytes()
    elsewhere = tmp_path / "elsewhere"  # a new, plain journal: the backup's own keys open it
    result = cli("--journal", str(elsewhere), "import", str(backup))
    assert result.exit_code == 0, result.output
    assert "imported 2 entries" in result.stdout
    assert MARKER in (elsewhere / "entries" / "2026-11-01.toml").read_text()
    monkeypatch.delenv("THERAPYLOG_PASSPHRASE_FILE")
    result = cli("--journal", str(tmp_path / "third"), "import", str(backup), input="wrong\n" * 3)
    assert result.exit_code == 1
    assert not (tmp_path / "third" / "entries").exists()


def test_a_changed_encrypted_backup_is_refused(cli: Cli, encrypted: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    assert cli("backup", "--encrypted", "--output", str(backup)).exit_code == 0
    document = json.loads(backup.read_text())
    sealed = bytearray(base64.b64decode(document["sealed"]))
    sealed[-1] ^= 1
    document["sealed"] = base64.b64encode(bytes(sealed)).decode()
    backup.write_text(json.dumps(document))
    result = cli("--journal", str(tmp_path / "elsewhere"), "import", str(backup))
    assert result.exit_code == 2
    assert "the encrypted backup does not match its seal" in result.stderr


def test_a_plain_backup_of_an_encrypted_journal_asks_first_on_a_terminal(
    cli: Cli, encrypted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapylog.cli import context

    backup = tmp_path / "plain.json"
    monkeypatch.setattr(context, "is_interactive", lambda: True)
    result = cli("backup", "--output", str(backup), input="n\n")
    assert result.exit_code == 2
    assert "will be plain text" in result.output and not backup.exists()
    result = cli("backup", "--output", str(backup), input="y\n")
    assert result.exit_code == 0 and MARKER in backup.read_text()


def test_backup_encrypted_needs_an_encrypted_journal(cli: Cli, journal_path: Path) -> None:
    assert cli("goals", "add", "Sleep", "--id", "sleep").exit_code == 0
    result = cli("backup", "--encrypted")
    assert result.exit_code == 2
    assert "the journal is not encrypted" in result.stderr


def test_the_row_index_is_sealed_and_a_changed_one_is_ignored(
    cli: Cli, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapylog.journal import index

    monkeypatch.setattr(index, "SETTLE_NS", 0)  # the files just written are indexed at once
    first = cli("list", "--json")
    assert first.exit_code == 0
    indexes = list((encrypted / ".cache").glob("index-*.json"))
    assert len(indexes) == 1 and crypto.is_sealed(indexes[0].read_bytes())
    assert plain_bytes_under(encrypted) == []
    from therapylog.journal import codec

    parsed: list[Path] = []
    real = codec.entry_from_toml

    def counting(path: Path, data: bytes):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return real(path, data)

    monkeypatch.setattr(codec, "entry_from_toml", counting)
    served = cli("list", "--json")  # from the (sealed) index this time: no entry parsed
    assert served.stdout == first.stdout and parsed == []
    blob = bytearray(indexes[0].read_bytes())
    blob[-1] ^= 1
    indexes[0].write_bytes(bytes(blob))
    again = cli("list", "--json")
    assert again.exit_code == 0 and again.stdout == first.stdout
    assert len(parsed) == 2  # the changed index was not used: both files were read
    assert crypto.is_sealed(indexes[0].read_bytes())  # rewritten, sealed


def test_completion_on_a_locked_journal_asks_nothing_and_offers_only_ids(
    cli: Cli, encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_completion import complete

    monkeypatch.delenv("THERAPYLOG_PASSPHRASE_FILE")
    assert cli("list", input=f"{WORDS}\n").exit_code == 0  # unlocked by an earlier command
    assert complete(cli, "therapylog show 2026-11") == ["2026-11-08", "2026-11-01"]
    assert complete(cli, "therapylog goals done ") == []
    assert complete(cli, "therapylog add --therapist D") == []


def test_a_keys_file_others_can_read_is_reported_and_made_private(
    cli: Cli, encrypted: Path
) -> None:
    """A copy of the wrapped keys lets anyone guess at the passphrase offline: `check` names a
    keys file copied in with a loose mode, as it names any other journal file, and `--fix`
    makes it 0600 without changing a byte (docs/data-safety.md, promise 9)."""
    keys = encrypted / "encryption.toml"
    assert keys.stat().st_mode & 0o777 == 0o600
    before = keys.read_bytes()
    keys.chmod(0o644)
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{keys}: other users of this computer can read this file (mode 0644); "
        "`therapylog check --fix` makes it private (0600)"
    )
    fixed = cli("check", "--fix")
    assert fixed.exit_code == 0, fixed.output
    assert f"{keys}: made private (was 0644, now 0600)" in fixed.stdout
    assert keys.stat().st_mode & 0o777 == 0o600
    assert keys.read_bytes() == before
    assert cli("check").exit_code == 0

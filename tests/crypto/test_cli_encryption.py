"""The encryption commands through the CLI: init --encrypt, encrypt, decrypt, passphrase,
recovery; wrong passphrases and typos are one line, and nothing is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.journal import crypto, kdf
from therapylog.journal import keys as keyfile
from therapylog.journal.crypto import Secret
from therapylog.journal.kdf import KdfParams

TINY = KdfParams(memory_kib=8, iterations=1)
WORDS = "a quiet harbour at dawn"
NEW_WORDS = "the ferry leaves at nine"
RECOVERY = re.compile(r"([0-9A-Z]{5}-){7}[0-9A-Z]{5}")


@pytest.fixture(autouse=True)
def tiny_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest: these tests are about the commands, not the cost."""
    monkeypatch.setattr(kdf, "tune", lambda: TINY)


def recovery_key(output: str) -> str:
    found = RECOVERY.search(output)
    assert found, output
    return found.group(0)


def unlocks(journal_path: Path, words: str) -> bool:
    keys = keyfile.read(journal_path)
    assert keys is not None
    try:
        keyfile.unlock(keys, Secret.from_passphrase(words))
    except keyfile.WrongPassphraseError:
        return False
    return True


def test_init_encrypt_makes_an_encrypted_empty_journal(cli: Cli, journal_path: Path) -> None:
    result = cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n")
    assert result.exit_code == 0, result.output
    assert "nothing in it can be recovered" in result.stderr
    assert f"created an encrypted journal at {journal_path}" in result.stdout
    assert "encrypted 0 files" not in result.stdout
    # the warning and the advice fit a narrow terminal: none is broken in the middle of a word
    advice = [
        line
        for line in result.output.splitlines()
        if "recover" in line or "Write it down" in line or "unreadable" in line
    ]
    assert len(advice) >= 4 and max(len(line) for line in advice) <= 80, advice
    key = recovery_key(result.stdout)
    keys = keyfile.read(journal_path)
    assert keys is not None and keys.state == "encrypted"
    assert keyfile.unlock_with_recovery(keys, key).key_id == keys.key_id
    assert unlocks(journal_path, WORDS)


def test_init_refuses_to_encrypt_over_an_existing_journal(cli: Cli, journal_path: Path) -> None:
    assert cli("goals", "add", "Sleep", "--id", "sleep").exit_code == 0
    before = files_snapshot(journal_path)
    result = cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n")
    assert result.exit_code == 2
    assert "therapylog encrypt" in result.stderr
    assert files_snapshot(journal_path) == before


def test_a_short_or_mistyped_new_passphrase_is_asked_again(cli: Cli, journal_path: Path) -> None:
    result = cli("init", "--encrypt", input=f"short\n{WORDS}\nsomething else\n{WORDS}\n{WORDS}\n")
    assert result.exit_code == 0, result.output
    assert (
        "at least 8 characters" in result.stderr and "the two passphrases differ" in result.stderr
    )
    assert unlocks(journal_path, WORDS)


def test_encrypt_then_decrypt_an_existing_journal(cli: Cli, journal_path: Path) -> None:
    assert cli("goals", "add", "Sleep through the night", "--id", "sleep").exit_code == 0
    before = files_snapshot(journal_path)
    result = cli("encrypt", input=f"{WORDS}\n{WORDS}\n")
    assert result.exit_code == 0, result.output
    assert "encrypted 1 file" in result.stdout
    assert crypto.is_sealed((journal_path / "goals.toml").read_bytes())
    result = cli("decrypt", input=f"{WORDS}\n")
    assert result.exit_code == 0, result.output
    assert "decrypted 1 file" in result.stdout
    assert files_snapshot(journal_path) == before


def test_a_wrong_passphrase_is_one_line_exit_1_and_nothing_written(
    cli: Cli, journal_path: Path
) -> None:
    assert cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").exit_code == 0
    before = files_snapshot(journal_path)
    for command in (["decrypt"], ["passphrase"], ["recovery", "--new-key"], ["encrypt"]):
        result = cli(*command, input="wrong one\nwrong two\nwrong three\n")
        assert result.exit_code == 1, command
        assert result.stderr == "therapylog: that passphrase does not unlock this journal\n"
        assert files_snapshot(journal_path) == before


def test_the_passphrase_file_answers_without_a_prompt(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    assert cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").exit_code == 0
    secret = tmp_path / "passphrase"
    secret.write_text(WORDS + "\n")
    secret.chmod(0o600)
    result = cli("decrypt", env={"THERAPYLOG_PASSPHRASE_FILE": str(secret)})
    assert result.exit_code == 0, result.output
    assert not keyfile.path_in(journal_path).exists()


def test_changing_the_passphrase_keeps_the_recovery_key(cli: Cli, journal_path: Path) -> None:
    key = recovery_key(cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").stdout)
    result = cli("passphrase", input=f"{WORDS}\n{NEW_WORDS}\n{NEW_WORDS}\n")
    assert result.exit_code == 0, result.output
    assert "your recovery key still works" in result.stdout
    assert unlocks(journal_path, NEW_WORDS) and not unlocks(journal_path, WORDS)
    keys = keyfile.read(journal_path)
    assert keys is not None and keyfile.unlock_with_recovery(keys, key).key_id == keys.key_id


def test_recovery_sets_a_new_passphrase(cli: Cli, journal_path: Path) -> None:
    key = recovery_key(cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").stdout)
    result = cli("recovery", input=f"{key.lower()}\n{NEW_WORDS}\n{NEW_WORDS}\n")
    assert result.exit_code == 0, result.output
    assert unlocks(journal_path, NEW_WORDS)


def test_a_recovery_key_typo_is_named_and_nothing_written(cli: Cli, journal_path: Path) -> None:
    key = recovery_key(cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").stdout)
    before = files_snapshot(journal_path)
    typo = key[:13] + ("Z" if key[13] != "Z" else "Y") + key[14:]
    result = cli("recovery", input=f"{typo}\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "therapylog: group 3 of the recovery key has a typo: compare with the copy you kept\n"
    )
    assert key not in result.output
    assert files_snapshot(journal_path) == before


def test_a_new_recovery_key_replaces_the_old(cli: Cli, journal_path: Path) -> None:
    old = recovery_key(cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").stdout)
    result = cli("recovery", "--new-key", input=f"{WORDS}\n")
    assert result.exit_code == 0, result.output
    new = recovery_key(result.stdout)
    assert new != old
    result = cli("recovery", input=f"{old}\n")
    assert result.exit_code == 1
    assert "that recovery key does not unlock this journal" in result.stderr


def test_commands_on_a_plain_journal_say_it_is_not_encrypted(cli: Cli, journal_path: Path) -> None:
    for command in ("decrypt", "passphrase", "recovery"):
        result = cli(command)
        assert result.exit_code == 1
        assert "is not encrypted" in result.stderr


def test_a_script_can_encrypt_with_the_passphrase_file(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "passphrase"
    secret.write_text("short\n")
    secret.chmod(0o600)
    result = cli("init", "--encrypt", env={"THERAPYLOG_PASSPHRASE_FILE": str(secret)})
    assert result.exit_code == 2
    assert "THERAPYLOG_PASSPHRASE_FILE: a passphrase needs at least 8 characters" in result.stderr
    assert not keyfile.path_in(journal_path).exists()
    secret.write_text(WORDS + "\n")
    result = cli("init", "--encrypt", env={"THERAPYLOG_PASSPHRASE_FILE": str(secret)})
    assert result.exit_code == 0, result.output
    assert "the new passphrase is the one in THERAPYLOG_PASSPHRASE_FILE" in result.stderr
    assert RECOVERY.search(result.stdout)
    assert unlocks(journal_path, WORDS)


def test_asked_with_no_terminal_the_answer_is_one_line_and_no_python_warning(
    cli: Cli, journal_path: Path
) -> None:
    """Run from cron or a pipe, with no terminal to hide the typing on: getpass says in one
    line that input may be echoed, and no GetPassWarning (with a line of Python source)
    reaches stderr before therapylog's own one line."""
    import subprocess

    from tests.safety.helpers import subprocess_env, therapylog_command

    assert cli("init", "--encrypt", input=f"{WORDS}\n{WORDS}\n").exit_code == 0
    env = {k: v for k, v in subprocess_env().items() if k != "THERAPYLOG_PASSPHRASE_FILE"}
    done = subprocess.run(
        therapylog_command("list"),
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,  # no controlling terminal: getpass cannot open /dev/tty
        check=False,
    )
    assert done.returncode == 1
    assert "Warning" not in done.stderr.replace("Warning: Password input may be echoed.", "")
    assert done.stderr.strip().splitlines()[-1].strip() == (
        "therapylog: no passphrase was given; the journal stays locked"
    )

"""An encrypted journal, in real processes: no plain text ever reaches a disk, and a kill -9 at
any moment of `encrypt`, `decrypt` or `passphrase` leaves a journal that opens (docs/encryption.md).

These run `python -m therapylog` as a user would, with the real Argon2id tuning, so they are
slow; CI runs them.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pexpect
import pytest

from tests.safety.helpers import run_therapylog, subprocess_env, therapylog_command
from therapylog.journal import codec, crypto
from therapylog.journal import keys as keyfile
from therapylog.journal.crypto import Secret

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

WORDS = "a quiet harbour at dawn"
NEW_WORDS = "the ferry leaves at nine"
#: A phrase that appears in every field a person can fill in; it must never be found on disk.
MARKER = "Pelican-7f3a-harbour"
SEED = int(os.environ.get("THERAPYLOG_CRASH_SEED", "20261202"))


def passphrase_file(folder: Path, words: str) -> Path:
    path = folder / f"passphrase-{len(words)}"
    path.write_text(words + "\n")
    path.chmod(0o600)
    return path


def environment(tmp_path: Path, words: str = WORDS, **extra: str) -> dict[str, str]:
    return subprocess_env(
        {"THERAPYLOG_PASSPHRASE_FILE": str(passphrase_file(tmp_path, words)), **extra}
    )


def therapylog(
    *args: str, env: Mapping[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """One command; a new session, so that a hidden prompt reads stdin, not a terminal."""
    return subprocess.run(
        therapylog_command(*args),
        env=dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        start_new_session=True,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def files_holding(root: Path, needle: bytes, *, skip: tuple[Path, ...]) -> list[str]:
    """Files under ``root`` (but not under ``skip``) whose bytes contain ``needle``."""
    return sorted(
        str(path)
        for path in root.rglob("*")
        if path.is_file()
        and not any(path.is_relative_to(folder) for folder in skip)
        and needle in path.read_bytes()
    )


def editor(tmp_path: Path, name: str, body: str) -> str:
    (tmp_path / "editors").mkdir(exist_ok=True)
    script = tmp_path / "editors" / f"{name}.py"
    script.write_text(f"import os, signal, sys\npath = sys.argv[1]\n{body}\n")
    return f"{sys.executable} {script}"


def test_no_plain_text_of_an_encrypted_journal_touches_the_disk(
    tmp_path: Path, journal_path: Path
) -> None:
    """A whole cycle of commands, a failed edit, an interrupted interview and an editor that
    crashes therapylog (kill -9); then every byte under this test's folder (the journal, its
    rescued copies, TMPDIR, HOME, the runtime folder, backups) is searched for the marker."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = environment(tmp_path, TMPDIR=str(temporary))
    secret = Path(env["THERAPYLOG_PASSPHRASE_FILE"])

    ok(therapylog("init", "--encrypt", env=env, stdin=f"{WORDS}\n{WORDS}\n"))
    ok(therapylog("goals", "add", f"Sleep ({MARKER})", "--id", "sleep", env=env))
    first = ok(
        therapylog(
            "add",
            "--no-input",
            "--therapist",
            "Dr. Lee",
            "--date",
            "-7d",
            "--mood-before",
            "4",
            "--mood-after",
            "6",
            "--incident",
            "forgot-details",
            "--note",
            f"She forgot the {MARKER} again.",
            "--tag",
            "work",
            "--progress",
            "sleep=slight",
            env=env,
        )
    ).strip()
    ok(therapylog("show", first, env=env))
    assert MARKER in ok(therapylog("search", MARKER, env=env))
    ok(therapylog("list", "--json", env=env))
    ok(therapylog("report", "--all", env=env))
    assert MARKER in ok(therapylog("export", "--all", "--for", "me", "--format", "md", env=env))
    ok(therapylog("backup", "--encrypted", "-o", str(tmp_path / "backup.json"), env=env))
    ok(therapylog("check", env=env))

    # An edit the journal cannot take: kept in rescued/, sealed.
    invalid = {
        **env,
        "VISUAL": editor(tmp_path, "bad", f"open(path, 'w').write('mood_before = \"{MARKER}\"')"),
    }
    assert therapylog("edit", first, env=invalid).returncode != 0
    # An editor that kills therapylog while the editing copy is open (kill -9: nothing runs).
    crash = {
        **env,
        "VISUAL": editor(
            tmp_path,
            "crash",
            f"open(path, 'a').write('# {MARKER}')\nos.kill(os.getppid(), signal.SIGKILL)",
        ),
    }
    assert therapylog("edit", first, env=crash).returncode == -signal.SIGKILL
    # The next edit sweeps what the crash left; this one saves a real change.
    fine = {
        **env,
        "VISUAL": editor(
            tmp_path,
            "fine",
            f"text = open(path).read()\nopen(path, 'w').write(text.replace('again.', 'again and again ({MARKER}).'))",
        ),
    }
    ok(therapylog("edit", first, env=fine))
    assert f"again and again ({MARKER})" in ok(therapylog("show", first, env=env))

    # The interview in a terminal, stopped halfway: its draft is kept, sealed.
    child = pexpect.spawn(
        sys.executable, ["-m", "therapylog", "add"], env={**env, "TERM": "dumb"},
        encoding="utf-8", timeout=60,
    )  # fmt: skip
    child.expect(r"took place as planned\? \[Y/n\]: ")
    child.sendline("")
    child.expect(r"Mood just before \(0-10\): ")
    child.sendline("3")
    child.expect(r"Mood just after")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    drafts = list((journal_path / "drafts").iterdir())
    assert drafts and all(crypto.is_sealed(path.read_bytes()) for path in drafts)

    ok(therapylog("therapists", "rename", "Dr. Lee", f"Dr. Lee ({MARKER})", env=env))
    assert MARKER in ok(therapylog("therapists", "--json", env=env))
    ok(therapylog("rm", first, "--yes", env=env))

    # the passphrase file and the editor scripts (which hold the marker to type it) aside
    skip = (secret, tmp_path / "editors")
    assert files_holding(tmp_path, MARKER.encode(), skip=skip) == []
    # and the sealed copies are really there: the marker is inside, under the key
    rescued = list((journal_path / "rescued").iterdir())
    assert rescued and all(crypto.is_sealed(path.read_bytes()) for path in rescued)


# --- kill -9 -----------------------------------------------------------------------------


def plain_journal(root: Path, count: int) -> dict[str, str]:
    """A plain journal of ``count`` entries written in process; returns file name -> notes."""
    env = subprocess_env({"THERAPYLOG_JOURNAL": str(root)})
    ok(therapylog("goals", "add", "Sleep", "--id", "sleep", env=env))
    notes = {}
    for number in range(count):
        notes_text = f"session {number}: {MARKER}"
        entry_id = ok(
            therapylog(
                "add",
                "--no-input",
                "--therapist",
                "Dr. Lee",
                "--date",
                f"-{count - number}d",
                "--mood-before",
                "5",
                "--mood-after",
                "6",
                "--note",
                notes_text,
                env=env,
            )
        ).strip()
        notes[f"{entry_id}.toml"] = notes_text
    return notes


def read_every_entry(root: Path, notes: dict[str, str], words: tuple[str, ...]) -> str:
    """Every entry exists whole, in one form or the other; returns which passphrase opened the
    keys file ("" when there is none)."""
    keys = keyfile.read(root)
    key = None
    opened_with = ""
    if keys is not None:
        for candidate in words:
            try:
                key = keyfile.unlock(keys, Secret.from_passphrase(candidate))
            except keyfile.WrongPassphraseError:
                continue
            opened_with = candidate
            break
        assert key is not None, "the keys file opens with neither the old nor the new passphrase"
    names = {path.name for path in (root / "entries").iterdir() if not path.name.startswith(".")}
    assert names == set(notes), "an entry file is missing, or a stray file appeared"
    for name, expected in notes.items():
        data = (root / "entries" / name).read_bytes()
        if crypto.is_sealed(data):
            assert key is not None, f"{name} is sealed but the journal has no keys file"
            data = crypto.open_(f"entries/{name}", data, key)
        entry = codec.entry_from_toml(root / "entries" / name, data)
        assert entry.notes == expected
    return opened_with


def kill_during(
    args: list[str], env: Mapping[str, str], stdin: str, rng: random.Random, marker: Path
) -> bool:
    """Start the command and kill -9 it at a random moment after its first write began.
    Returns whether it finished before the kill."""
    marker.unlink(missing_ok=True)
    process = subprocess.Popen(
        therapylog_command(*args), env={**env, "THERAPYLOG_TEST_WRITE_MARKER": str(marker)},
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        text=True, start_new_session=True,
    )  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(stdin)
    process.stdin.close()
    deadline = time.monotonic() + 60
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(rng.uniform(0, 0.4))
    finished = process.poll() is not None
    if not finished:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return finished


def test_kill_9_during_encrypt_decrypt_and_passphrase_leaves_a_journal_that_opens(
    tmp_path: Path, journal_path: Path
) -> None:
    rng = random.Random(SEED)
    notes = plain_journal(journal_path, 24)
    env = environment(
        tmp_path, THERAPYLOG_JOURNAL=str(journal_path), THERAPYLOG_TEST_WRITE_DELAY="0.003"
    )
    marker = tmp_path / "write-began"
    new_twice = f"{WORDS}\n{WORDS}\n"

    kills = 0
    for _ in range(6):
        if kill_during(["encrypt"], env, new_twice, rng, marker):
            break
        kills += 1
        read_every_entry(journal_path, notes, (WORDS,))
    ok(therapylog("encrypt", env=env, stdin=new_twice))
    keys = keyfile.read(journal_path)
    assert keys is not None and keys.state == "encrypted"
    assert all(crypto.is_sealed(p.read_bytes()) for p in (journal_path / "entries").iterdir())
    assert ok(therapylog("check", env=env))

    for _ in range(6):
        if kill_during(["passphrase"], env, f"{NEW_WORDS}\n{NEW_WORDS}\n", rng, marker):
            break
        kills += 1
        read_every_entry(journal_path, notes, (WORDS, NEW_WORDS))
    words = read_every_entry(journal_path, notes, (WORDS, NEW_WORDS))
    env = environment(
        tmp_path, words, THERAPYLOG_JOURNAL=str(journal_path), THERAPYLOG_TEST_WRITE_DELAY="0.003"
    )

    for _ in range(6):
        if kill_during(["decrypt"], env, "", rng, marker):
            break
        kills += 1
        read_every_entry(journal_path, notes, (words,))
    ok(therapylog("decrypt", env=env))
    assert keyfile.read(journal_path) is None
    assert read_every_entry(journal_path, notes, ()) == ""
    result = run_therapylog("check", env={**env, "THERAPYLOG_PASSPHRASE_FILE": ""})
    assert result.returncode == 0, result.stderr
    assert kills >= 6, f"only {kills} runs were killed mid-way; the test proved little"

"""Where the passphrase comes from: a private file, the keyring (visibly, never a hang), a prompt."""

from __future__ import annotations

import os
import threading
import traceback
from pathlib import Path

import pytest
from keyring.backends import fail, null

from therapylog.data.errors import JournalError
from therapylog.journal import keys as keyfile
from therapylog.journal import unlocking
from therapylog.journal.crypto import DataKey, Secret
from therapylog.journal.kdf import KdfParams
from therapylog.journal.keys import WrongPassphraseError
from therapylog.journal.unlocking import LockedJournalError, unlock_journal

TINY = KdfParams(memory_kib=8, iterations=1)
WORDS = "a quiet harbour at dawn"


@pytest.fixture(scope="module")
def journal_keys() -> tuple[keyfile.Keys, DataKey]:
    keys, data_key, _ = keyfile.create(Secret.from_passphrase(WORDS), TINY)
    return keys, data_key


class FakeKeyring:
    """Stands in for a desktop keyring (the real ones would touch the person's own)."""

    priority = 5

    def __init__(self, saved: str | None = None, *, hang: bool = False) -> None:
        self.saved: dict[tuple[str, str], str] = {}
        self.stored = saved
        self.hang = hang
        self.release = threading.Event()

    def get_password(self, service: str, account: str) -> str | None:
        if self.hang:
            self.release.wait(10)
        return self.saved.get((service, account), self.stored)

    def set_password(self, service: str, account: str, value: str) -> None:
        self.saved[(service, account)] = value

    def delete_password(self, service: str, account: str) -> None:
        if self.saved.pop((service, account), None) is None:
            from keyring.errors import PasswordDeleteError

            raise PasswordDeleteError("not there")


def answers(*texts: str | None):  # type: ignore[no-untyped-def]
    asked: list[int] = []
    replies = list(texts)

    def prompt(attempt: int) -> str | None:
        asked.append(attempt)
        return replies.pop(0) if replies else None

    return prompt, asked


def private_file(tmp_path: Path, content: str, mode: int = 0o600) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(content)
    path.chmod(mode)
    return path


def test_the_prompt_unlocks(journal_keys: tuple[keyfile.Keys, DataKey]) -> None:
    keys, data_key = journal_keys
    prompt, asked = answers(WORDS)
    unlocked = unlock_journal(keys, prompt=prompt, environ={})
    assert (unlocked.key.key_id, unlocked.source, asked) == (data_key.key_id, "prompt", [1])


def test_the_prompt_gets_three_tries_then_one_clear_error(
    journal_keys: tuple[keyfile.Keys, DataKey],
) -> None:
    keys, _ = journal_keys
    prompt, asked = answers("wrong one", "wrong two", WORDS)
    assert unlock_journal(keys, prompt=prompt, environ={}).source == "prompt"
    prompt, asked = answers("wrong one", "wrong two", "wrong three", WORDS)
    with pytest.raises(
        WrongPassphraseError, match=r"^that passphrase does not unlock this journal$"
    ):
        unlock_journal(keys, prompt=prompt, environ={})
    assert asked == [1, 2, 3]


def test_giving_up_at_the_prompt_leaves_it_locked(
    journal_keys: tuple[keyfile.Keys, DataKey],
) -> None:
    keys, _ = journal_keys
    prompt, _ = answers(None)
    with pytest.raises(LockedJournalError, match="no passphrase was given"):
        unlock_journal(keys, prompt=prompt, environ={})
    prompt, _ = answers("wrong", None)
    with pytest.raises(WrongPassphraseError):
        unlock_journal(keys, prompt=prompt, environ={})


def test_without_a_prompt_a_locked_journal_stays_locked(
    journal_keys: tuple[keyfile.Keys, DataKey],
) -> None:
    keys, _ = journal_keys
    with pytest.raises(LockedJournalError, match="encrypted and locked"):
        unlock_journal(keys, prompt=None, environ={})


def test_the_passphrase_file_unlocks_without_asking(
    tmp_path: Path, journal_keys: tuple[keyfile.Keys, DataKey]
) -> None:
    keys, data_key = journal_keys
    path = private_file(tmp_path, WORDS + "\n")
    prompt, asked = answers()
    unlocked = unlock_journal(
        keys, prompt=prompt, environ={"THERAPYLOG_PASSPHRASE_FILE": str(path)}
    )
    assert (unlocked.source, unlocked.key.key_id, asked) == ("file", data_key.key_id, [])


def test_only_one_trailing_newline_is_dropped(tmp_path: Path) -> None:
    assert unlocking.read_passphrase_file(str(private_file(tmp_path, "words\r\n"))) == Secret(
        b"words"
    )
    assert unlocking.read_passphrase_file(str(private_file(tmp_path, "words\n\n"))) == Secret(
        b"words\n"
    )
    assert unlocking.read_passphrase_file(str(private_file(tmp_path, " words "))) == Secret(
        b" words "
    )


def test_a_wrong_passphrase_file_is_an_error_not_a_prompt(
    tmp_path: Path, journal_keys: tuple[keyfile.Keys, DataKey]
) -> None:
    keys, _ = journal_keys
    path = private_file(tmp_path, "not it")
    prompt, asked = answers(WORDS)
    with pytest.raises(WrongPassphraseError, match="THERAPYLOG_PASSPHRASE_FILE"):
        unlock_journal(keys, prompt=prompt, environ={"THERAPYLOG_PASSPHRASE_FILE": str(path)})
    assert asked == []


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o620])
def test_a_passphrase_file_others_can_read_or_change_is_refused(tmp_path: Path, mode: int) -> None:
    path = private_file(tmp_path, WORDS, mode)
    with pytest.raises(JournalError, match=f"chmod 600 {path}") as caught:
        unlocking.read_passphrase_file(str(path))
    assert WORDS not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"), [("", "is empty"), ("x" * 5000, "too long"), (None, "cannot read")]
)
def test_an_unusable_passphrase_file_is_named(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "missing" if content is None else private_file(tmp_path, content)
    with pytest.raises(JournalError, match=message):
        unlocking.read_passphrase_file(str(path))


def test_a_pipe_works_as_a_passphrase_file(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, b"piped words\n")
    os.close(write_end)
    try:
        assert unlocking.read_passphrase_file(f"/dev/fd/{read_end}") == Secret(b"piped words")
    finally:
        os.close(read_end)


def test_the_keyring_answers_visibly(journal_keys: tuple[keyfile.Keys, DataKey]) -> None:
    keys, data_key = journal_keys
    backend = FakeKeyring(WORDS)
    prompt, asked = answers()
    unlocked = unlock_journal(
        keys, prompt=prompt, use_keyring=True, keyring_backend=backend, environ={}
    )
    assert (unlocked.source, unlocked.key.key_id, asked) == ("keyring", data_key.key_id, [])
    assert unlocked.notes == ["unlocked with the passphrase saved in the system keyring"]


def test_the_keyring_is_not_asked_unless_chosen(journal_keys: tuple[keyfile.Keys, DataKey]) -> None:
    keys, _ = journal_keys
    prompt, asked = answers(WORDS)
    unlocked = unlock_journal(keys, prompt=prompt, keyring_backend=FakeKeyring(WORDS), environ={})
    assert (unlocked.source, asked, unlocked.notes) == ("prompt", [1], [])


@pytest.mark.parametrize(
    ("backend", "note"),
    [
        (null.Keyring(), "the system keyring has no passphrase for this journal"),
        (
            fail.Keyring(),
            "the system keyring could not be used (no system keyring is available here)",
        ),
        (FakeKeyring("an old passphrase"), "no longer unlocks this journal"),
    ],
    ids=["null backend", "fail backend", "stale passphrase"],
)
def test_when_the_keyring_cannot_help_the_prompt_asks(
    journal_keys: tuple[keyfile.Keys, DataKey], backend: object, note: str
) -> None:
    keys, _ = journal_keys
    prompt, asked = answers(WORDS)
    unlocked = unlock_journal(
        keys, prompt=prompt, use_keyring=True, keyring_backend=backend, environ={}
    )
    assert (unlocked.source, asked) == ("prompt", [1])
    assert note in unlocked.notes[0]


def test_a_keyring_that_hangs_costs_its_time_limit_and_no_more(
    journal_keys: tuple[keyfile.Keys, DataKey],
) -> None:
    keys, _ = journal_keys
    backend = FakeKeyring(WORDS, hang=True)
    prompt, asked = answers(WORDS)
    try:
        unlocked = unlock_journal(
            keys,
            prompt=prompt,
            use_keyring=True,
            keyring_backend=backend,
            keyring_timeout=0.2,
            environ={},
        )
    finally:
        backend.release.set()
    assert (unlocked.source, asked) == ("prompt", [1])
    assert unlocked.notes == [
        "the system keyring could not be used (it did not answer within 0.2 seconds)"
    ]


def test_saving_and_forgetting_in_the_keyring(journal_keys: tuple[keyfile.Keys, DataKey]) -> None:
    keys, _ = journal_keys
    backend = FakeKeyring()
    unlocking.keyring_save(keys, Secret.from_passphrase(WORDS), backend=backend)
    assert backend.saved == {("therapylog", keys.journal_id.hex()): WORDS}
    assert unlocking.keyring_get(keys, backend=backend) == Secret.from_passphrase(WORDS)
    unlocking.keyring_forget(keys, backend=backend)
    unlocking.keyring_forget(keys, backend=backend)  # already gone: fine
    assert backend.saved == {}
    with pytest.raises(unlocking.KeyringUnavailable, match="no system keyring"):
        unlocking.keyring_save(keys, Secret(b"x"), backend=fail.Keyring())


def shown(error: BaseException) -> str:
    """The error and its traceback below the test's own frame (which holds the words), with
    every frame's locals, as a debugger or ``rich``'s ``show_locals`` would print them."""
    assert error.__traceback__ is not None
    frames = traceback.StackSummary.extract(
        traceback.walk_tb(error.__traceback__.tb_next), capture_locals=True
    )
    assert frames  # the library's frames are there to be looked at
    return "".join(frames.format()) + repr(error) + str(error)


def test_the_passphrase_appears_in_no_error_or_traceback(
    tmp_path: Path, journal_keys: tuple[keyfile.Keys, DataKey]
) -> None:
    keys, _ = journal_keys
    secret_words = "purple elephant whispers"
    path = private_file(tmp_path, secret_words)
    with pytest.raises(WrongPassphraseError) as caught:
        unlock_journal(keys, prompt=None, environ={"THERAPYLOG_PASSPHRASE_FILE": str(path)})
    assert "elephant" not in shown(caught.value)
    prompt, _ = answers(secret_words, secret_words, secret_words)
    with pytest.raises(WrongPassphraseError) as caught:
        unlock_journal(keys, prompt=prompt, environ={})
    assert "elephant" not in shown(caught.value)
    assert "elephant" not in str(os.environ)
    with pytest.raises(JournalError) as caught_file:
        unlocking.read_passphrase_file(str(private_file(tmp_path, secret_words * 300)))
    assert "elephant" not in shown(caught_file.value)
    with pytest.raises(unlocking.KeyringUnavailable) as caught_keyring:
        unlocking.keyring_save(keys, Secret.from_passphrase(secret_words), backend=fail.Keyring())
    assert "elephant" not in shown(caught_keyring.value)

"""The encryption commands: ``init --encrypt``, ``encrypt``, ``decrypt``, ``passphrase``,
``recovery``. Each asks for what it needs and calls the journal layer (keys.py, conversion.py,
unlocking.py; docs/encryption.md); only this module talks to the terminal about passphrases.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from therapylog.cli import context
from therapylog.data.errors import InputError, JournalError

if TYPE_CHECKING:
    from therapylog.journal.conversion import Converted
    from therapylog.journal.crypto import DataKey, Secret
    from therapylog.journal.keys import Keys

KEYRING_ENV = "THERAPYLOG_KEYRING"

NO_WAY_BACK = (
    "Encrypting keeps every file of the journal unreadable without your passphrase\n"
    "or your recovery key. If you lose both, nothing in it can be recovered,\n"
    "by you or by anyone."
)

KeyringOption = Annotated[
    bool,
    typer.Option(
        "--keyring",
        help=(
            "Also save the passphrase in the system keyring, so that commands run with "
            f"--keyring or {KEYRING_ENV}=1 need not ask for it."
        ),
    ),
]


def init(
    encrypt: Annotated[
        bool, typer.Option("--encrypt", help="Encrypt the journal from its first entry.")
    ] = False,
    keyring: KeyringOption = False,
) -> None:
    """Create a journal folder, encrypted with --encrypt.

    Example: therapylog init --encrypt
    """
    journal = context.open_journal()
    root = journal.root
    if _has_files(root):
        if encrypt:
            raise InputError(
                f"init: there is already a journal at {root}; encrypt it with `therapylog encrypt`"
            )
        context.echo(f"there is already a journal at {root}")
        return
    if not encrypt:
        with journal.locked():
            pass  # creates the folders, private
        context.echo(f"created an empty journal at {root}")
        return
    _encrypt(keyring=keyring, created=True)


def encrypt_command(keyring: KeyringOption = False) -> None:
    """Encrypt the journal (or finish an interrupted run, or take in plain files another
    computer wrote). Every file is rewritten one at a time; a run stopped at any point is
    finished by the next.

    Example: therapylog encrypt
    """
    _encrypt(keyring=keyring, created=False)


def _encrypt(*, keyring: bool, created: bool) -> None:
    """``encrypt``, and ``init --encrypt`` (``created``: the journal was empty until now)."""
    from therapylog.journal import conversion, kdf
    from therapylog.journal import keys as keyfile

    journal = context.open_journal()
    keys = keyfile.read(journal.root)
    new_passphrase = key = None
    if keys is None:
        context.echo(NO_WAY_BACK, err=True)
        new_passphrase = _new_passphrase_from_file() or ask_new_passphrase()
        context.echo("measuring this computer to tune the passphrase's key derivation…", err=True)
    else:
        key = unlock(keys)
    result = conversion.encrypt_journal(
        journal,
        key=key,
        new_passphrase=new_passphrase,
        tune=kdf.tune,
        show_recovery=show_recovery_key,
    )
    if created and result.finished and not result.changed and not result.problems:
        context.echo(f"created an encrypted journal at {journal.root}")
    else:
        _report(result, "encrypted")
    if keyring and new_passphrase is not None:
        _save_in_keyring(journal.root, new_passphrase)


def decrypt() -> None:
    """Turn an encrypted journal back into plain files and remove its keys file.

    Example: therapylog decrypt
    """
    from therapylog.journal import conversion
    from therapylog.journal import keys as keyfile

    journal = context.open_journal()
    keys = keyfile.read(journal.root)
    if keys is None:
        raise JournalError(f"the journal at {journal.root} is not encrypted")
    result = conversion.decrypt_journal(journal, unlock(keys))
    _report(result, "decrypted")
    if result.finished and keyring_chosen():
        from therapylog.journal import unlocking

        # nothing saved there, or no keyring here: nothing to remove
        with contextlib.suppress(unlocking.KeyringUnavailable):
            unlocking.keyring_forget(keys)


def passphrase(keyring: KeyringOption = False) -> None:
    """Change the journal's passphrase. Only the key in encryption.toml is rewrapped: no
    entry is rewritten, and the recovery key keeps working.

    Example: therapylog passphrase
    """
    from therapylog.journal import kdf
    from therapylog.journal import keys as keyfile

    journal = context.open_journal()
    keys = _require_keys(journal.root)
    key = unlock(keys)
    new = ask_new_passphrase()
    params = kdf.tune()
    with journal.locked():
        current = _require_keys(journal.root)
        if current.key_id != key.key_id:
            raise JournalError(f"{keyfile.KEYS_FILE} changed meanwhile; run the command again")
        keyfile.write(journal.root, keyfile.rewrap(current, key, new, params))
    context.echo("the passphrase is changed; your recovery key still works")
    if keyring:
        _save_in_keyring(journal.root, new)


def recovery(
    new_key: Annotated[
        bool,
        typer.Option(
            "--new-key",
            help="Unlock with the passphrase and replace the recovery key (the old one stops working).",
        ),
    ] = False,
) -> None:
    """Unlock the journal with its recovery key and set a new passphrase (or, with --new-key,
    issue a new recovery key).

    Example: therapylog recovery
    """
    from therapylog.journal import kdf
    from therapylog.journal import keys as keyfile

    journal = context.open_journal()
    keys = _require_keys(journal.root)
    if new_key:
        key = unlock(keys)
        with journal.locked():
            renewed, text = keyfile.new_recovery_key(_require_keys(journal.root), key)
            keyfile.write(journal.root, renewed)
        show_recovery_key(text)
        return
    typed = context.ask_secret("Recovery key")
    key = keyfile.unlock_with_recovery(keys, str(typed))
    _remember(journal.root, keys, key)
    context.echo("the recovery key unlocked the journal; now choose a new passphrase", err=True)
    new = ask_new_passphrase()
    params = kdf.tune()
    with journal.locked():
        keyfile.write(journal.root, keyfile.rewrap(_require_keys(journal.root), key, new, params))
    context.echo("the passphrase is set; your recovery key still works")


# --- asking ----------------------------------------------------------------------------------


def unlock(keys: Keys, *, ask: bool = True) -> DataKey:
    """The journal's data key (:func:`unlock_keys`); the journal stays unlocked for the rest
    of the command."""
    key = unlock_keys(keys, ask=ask)
    _remember(context.journal_root(), keys, key)
    return key


def unlock_keys(keys: Keys, *, ask: bool = True) -> DataKey:
    """The data key ``keys`` wrap, from the passphrase file, the keyring (if chosen) or, when
    ``ask``, a prompt; the keyring's notes (which source answered, or why it was skipped) on
    stderr."""
    from therapylog.journal import unlocking

    unlocked = unlocking.unlock_journal(
        keys, prompt=passphrase_prompt if ask else None, use_keyring=keyring_chosen()
    )
    for note in unlocked.notes:
        context.echo(note, err=True)
    return unlocked.key


def _remember(root: Path, keys: Keys, key: DataKey) -> None:
    from therapylog.journal import sealing

    sealing.remember(root, sealing.Sealing(root, keys, key))


def passphrase_prompt(attempt: int) -> str | None:
    question = "Passphrase" if attempt == 1 else "That passphrase does not unlock it; try again"
    try:
        return context.ask_secret(question)
    except typer.Abort:
        return None


def keyring_chosen() -> bool:
    return context.state.keyring or os.environ.get(KEYRING_ENV, "") not in ("", "0")


def ask_new_passphrase() -> Secret:
    from therapylog.journal import keys as keyfile
    from therapylog.journal.crypto import Secret

    for _ in range(3):
        first = context.ask_secret("New passphrase")
        problem = keyfile.new_passphrase_problem(first)
        if problem is not None:
            context.echo(problem, err=True)
            continue
        if context.ask_secret("The same passphrase again") != first:
            context.echo("the two passphrases differ", err=True)
            continue
        return Secret.from_passphrase(first)
    raise InputError("no new passphrase was set; nothing was changed")


def _new_passphrase_from_file() -> Secret | None:
    """The new passphrase from ``THERAPYLOG_PASSPHRASE_FILE`` when it is set (a script, or a
    password manager, chose it), checked like a typed one; None when it is not set."""
    from therapylog.journal import keys as keyfile
    from therapylog.journal import unlocking

    name = os.environ.get(unlocking.PASSPHRASE_FILE_ENV)
    if not name:
        return None
    secret = unlocking.read_passphrase_file(name)
    problem = keyfile.new_passphrase_problem(secret.reveal().decode("utf-8"))
    if problem is not None:
        raise InputError(f"{unlocking.PASSPHRASE_FILE_ENV}: {problem}")
    context.echo(f"the new passphrase is the one in {unlocking.PASSPHRASE_FILE_ENV}", err=True)
    return secret


def show_recovery_key(text: str) -> None:
    context.echo("Your recovery key (shown this once):")
    context.echo()
    context.echo(f"    {text}")
    context.echo()
    # Short lines: a terminal would break a long one in the middle of a word.
    context.echo("Write it down, or keep it in a password manager, away from this computer.")
    context.echo("With it you can get back in if you forget your passphrase:")
    context.echo("`therapylog recovery`.")


# --- helpers ---------------------------------------------------------------------------------


def _require_keys(root: Path) -> Keys:
    from therapylog.journal import keys as keyfile

    keys = keyfile.read(root)
    if keys is None:
        raise JournalError(
            f"the journal at {root} is not encrypted", hint="encrypt it with `therapylog encrypt`"
        )
    return keys


def _report(result: Converted, done: str) -> None:
    for path, reason in result.problems:
        context.echo(f"{path}: {reason}; left as it is", err=True)
    if result.finished:
        context.echo(
            f"{done} {result.changed} file{'s' if result.changed != 1 else ''}"
            + (f" ({result.already} already were)" if result.already else "")
        )
        return
    raise JournalError(
        f"{done} {result.changed} files; {len(result.problems)} could not be {done} (above): "
        "move them out of the journal or restore them, then run the command again"
    )


def _save_in_keyring(root: Path, secret: Secret) -> None:
    from therapylog.journal import keys as keyfile
    from therapylog.journal import unlocking

    keys = keyfile.read(root)
    assert keys is not None
    try:
        unlocking.keyring_save(keys, secret)
    except unlocking.KeyringUnavailable as error:
        context.echo(f"the passphrase was not saved in the system keyring ({error})", err=True)
        return
    context.echo(
        f"the passphrase is saved in the system keyring; commands run with --keyring or "
        f"{KEYRING_ENV}=1 use it (and say so)",
        err=True,
    )


def _has_files(root: Path) -> bool:
    try:
        return any(path.name != ".lock" for path in root.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return False


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("encrypt")(encrypt_command)
    app.command("decrypt")(decrypt)
    app.command("passphrase")(passphrase)
    app.command("recovery")(recovery)

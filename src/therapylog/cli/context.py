"""What every command shares: the journal it works on and output helpers (today's date is
:func:`therapylog.data.dates.today`, the one clock).

Kept free of pydantic and rich at import time so that ``--version`` and ``--help`` stay fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import typer

from therapylog.data.errors import InputError
from therapylog.data.safetext import printable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from therapylog.data.identity import Identity
    from therapylog.data.model import Entry
    from therapylog.journal.crypto import DataKey
    from therapylog.journal.keys import Keys
    from therapylog.journal.storage import Journal, Problem

ENV_JOURNAL = "THERAPYLOG_JOURNAL"


@dataclass
class State:
    journal_option: str | None = None
    debug: bool = False
    #: --keyring: unlock an encrypted journal with the passphrase saved in the system keyring
    keyring: bool = False
    #: whether this command set how an encrypted journal is unlocked (None: not yet)
    unlock_set: bool | None = None


state = State()


def journal_root() -> Path:
    """``--journal``, else ``$THERAPYLOG_JOURNAL``, else the platform's user data folder."""
    if state.journal_option is not None:
        if not state.journal_option.strip():
            raise InputError("--journal: the path is empty; give the journal folder")
        return Path(state.journal_option).expanduser()
    env = os.environ.get(ENV_JOURNAL)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("therapylog", appauthor=False) / "journal"


class Unlocker(Protocol):
    def __call__(self, keys: Keys, *, ask: bool = True) -> DataKey: ...


#: How an encrypted journal is unlocked: ``cli/encryption.unlock``, set by ``cli/app.py`` when
#: it registers the commands, so that this module, which every command imports, imports none
#: of them.
unlocker: Unlocker | None = None


def open_journal(*, ask: bool = True) -> Journal:
    """The journal this command works on. If it is encrypted, it is unlocked when first read
    or written: from the passphrase file, the keyring (with --keyring) or, when ``ask``, a
    prompt; ``ask=False`` for commands that run unattended (docs/encryption.md)."""
    from therapylog.journal.storage import Journal

    if state.unlock_set is None and unlocker is not None:
        from therapylog.journal import sealing

        chosen = unlocker
        sealing.set_unlock(lambda keys: chosen(keys, ask=ask))
        state.unlock_set = ask
    return Journal(journal_root())


def console(*, stderr: bool = False, plain: bool = False, max_width: int | None = None) -> Console:
    """The Rich console for tables and panels: markup off, control characters replaced."""
    from therapylog.cli.inert_console import inert_console

    return inert_console(stderr=stderr, plain=plain, max_width=max_width)


# Every line a command writes goes through the functions below (or, for tables and panels,
# through console()): each passes the text through safetext.printable, so nothing a journal
# file holds reaches the terminal as a control sequence (docs/data-safety.md).


def echo(text: str = "", *, err: bool = False) -> None:
    """One line to stdout (or stderr), control characters replaced."""
    typer.echo(printable(text), err=err)


def write(text: str) -> None:
    """A whole document to stdout as it is, control characters replaced (exports, backups)."""
    typer.echo(printable(text), nl=False)


def write_rows(text: str, *, row_end: str) -> None:
    """A document of rows ending in ``row_end`` (CSV's CRLF) to stdout: each row cleaned as
    :func:`write` cleans, the row ends kept exactly."""
    typer.echo(row_end.join(printable(row) for row in text.split(row_end)), nl=False)


def print_json(document: Any) -> None:
    from therapylog.data.safetext import json_text

    sys.stdout.write(json_text(document) + "\n")


def prompt(question: str, default: str = "") -> str:
    """Ask ``question``; Enter gives ``default``, which is shown (cleaned) but kept exact."""
    shown = f"{printable(question)} [{printable(default)}]" if default else printable(question)
    return str(typer.prompt(shown, default=default, show_default=False))


def ask_secret(question: str) -> str:
    """Ask for a passphrase or a recovery key: nothing typed is shown, nothing is kept.

    With no terminal to turn echo off on (a pipe, cron), Python's getpass still reads the line
    and says in one line that it may be echoed; its GetPassWarning, which would add a line of
    Python source to stderr, is left out."""
    import getpass
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", getpass.GetPassWarning)
        return str(typer.prompt(printable(question), hide_input=True))


def confirm(question: str, *, default: bool) -> bool:
    return typer.confirm(printable(question), default=default)


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def registry_warning(problem: Problem) -> str:
    """The one line every command prints while ``therapists.toml`` cannot be read."""
    reason = " ".join(problem.reason.split())
    return (
        f"note: {problem.path} is damaged ({reason}); therapists are matched by spelling "
        "alone until it is fixed (see `therapylog check`)"
    )


def note_damaged_skipped(count: int) -> None:
    """The one line every command prints on stderr when it left damaged files out."""
    if count:
        noun = "file" if count == 1 else "files"
        echo(f"note: {count} damaged {noun} skipped; run `therapylog check` for details", err=True)


def identity(entries: Sequence[Entry]) -> Identity:
    """The journal's one resolver of therapists' names (docs/therapists.md); says so in one
    line on stderr while ``therapists.toml`` is damaged, and then matches by spelling alone."""
    from therapylog.usecases.roster import identity_for

    registry, problem = open_journal().read_therapists()
    if problem is not None:
        echo(registry_warning(problem), err=True)
    return identity_for(registry, entries)

"""``add`` guards the history: a new therapist's name that is close to a known one.

In the interview the client is asked ("Is this Dr. Lee? [Y/n]"); with options or
``--no-input`` the entry is kept as typed and one line warns, naming ``therapists merge``.
The measure of "close" is :func:`therapylog.data.identity.is_near` (docs/therapists.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from therapylog.cli import context
from therapylog.data.errors import InputError
from therapylog.data.safetext import one_line

if TYPE_CHECKING:
    from therapylog.data.identity import Identity
    from therapylog.journal.storage import Journal

Ask = Callable[[str, str], str]


class KnownNames:
    """The spellings on record, read only when a name needs checking (a big journal costs a
    read; the usual case, the latest therapist again, costs nothing)."""

    def __init__(self, journal: Journal, identity: Identity, latest: str | None) -> None:
        self.journal, self.identity, self.latest = journal, identity, latest
        self._spellings: list[str] | None = None

    def spellings(self) -> list[str]:
        if self._spellings is None:
            entries = self.journal.read_entries().entries
            self._spellings = list(dict.fromkeys(entry.therapist for entry in entries))
        return self._spellings

    def is_known(self, name: str) -> bool:
        if self.latest is not None and self.identity.same(name, self.latest):
            return True
        if self.identity.record(name) is not None:
            return True
        key = self.identity.key(name)
        return any(self.identity.key(spelling) == key for spelling in self.spellings())

    def near(self, name: str) -> list[str]:
        from therapylog.data.identity import near_matches

        if self.is_known(name):
            return []
        return near_matches(name, self.spellings(), self.identity)

    def anyone(self) -> bool:
        return bool(self.latest or self.identity.registry.therapists or self.spellings())


def _yes_by_default(text: str) -> bool:
    if text.strip().lower() in {"", "y", "yes"}:
        return True
    if text.strip().lower() in {"n", "no"}:
        return False
    raise InputError("answer y or n")


def _confirmed(ask: Ask, question: str) -> bool:
    while True:
        try:
            return _yes_by_default(ask(question, ""))
        except InputError as error:
            context.echo(f"  {error.message}", err=True)


def confirm_in_interview(known: KnownNames) -> Callable[[str, Ask], str | None]:
    """For the interview: the name to store for what was typed, or None to ask again."""

    def confirm(name: str, ask: Ask) -> str | None:
        if known.is_known(name) or not known.anyone():
            return name
        for display in known.near(name):
            if _confirmed(ask, f"Is this {one_line(display)}? [Y/n]"):
                return display
        return name if _confirmed(ask, f"New therapist: {one_line(name)}? [Y/n]") else None

    return confirm


def warn_near(name: str, known: str) -> None:
    """With options: the entry is kept; one line says the name looks like a known one."""
    context.echo(
        f"warning: {one_line(name)!r} is a new name, close to {one_line(known)!r}; if it is the "
        f'same person, run `therapylog therapists merge "{one_line(known)}" "{one_line(name)}"`',
        err=True,
    )

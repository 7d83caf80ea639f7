"""Asking the interview's questions so that no answer is lost.

Every question has a key. An answer is parsed (an invalid one is explained and asked again)
and, once valid, kept at once through ``keep`` (the interview's draft file). Answers kept by an
earlier, interrupted interview are replayed without asking: the interview continues at the
first question that has no kept answer (or whose kept answer is no longer valid).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from therapylog.cli import context
from therapylog.data.errors import InputError

T = TypeVar("T")
Ask = Callable[[str, str], str]


def say(text: str = "") -> None:
    context.echo(text)


def typer_ask(question: str, default: str) -> str:
    return context.prompt(question, default)


class Answers:
    """The interview's answers so far: asked through ``ask``, kept through ``keep``."""

    def __init__(
        self,
        ask: Ask,
        *,
        kept: Mapping[str, str] | None = None,
        keep: Callable[[dict[str, str]], None] = lambda _answers: None,
    ) -> None:
        self._ask = ask
        self._kept = dict(kept or {})
        self._keep = keep
        self.given: dict[str, str] = {}

    @property
    def replaying(self) -> bool:
        return bool(self._kept)

    @property
    def waiting(self) -> int:
        """How many kept answers are still to be replayed."""
        return len(self._kept)

    def get(
        self,
        key: str,
        question: str,
        default: str,
        parse: Callable[[str], T],
        *,
        store: Callable[[T], str] | None = None,
        show: Callable[[], None] | None = None,
        confirm: Callable[[T], T | None] | None = None,
    ) -> T:
        """The answer to ``question``: replayed if kept, else asked until it parses.

        ``store`` turns the parsed answer into the text to keep, when the text as typed would
        mean something else later (``today`` kept as the date it was). ``show`` prints what
        the question needs on screen (a list to choose from), only when it is really asked.
        ``confirm`` checks a freshly typed answer with the user (it may ask questions of its
        own): it returns the answer to keep, or None to ask again. A kept answer was
        confirmed when it was given.
        """
        if key in self._kept:
            text = self._kept.pop(key)
            try:
                value = parse(text)
            except InputError:
                pass
            else:
                self._remember(key, text)
                return value
        if show is not None:
            show()
        while True:
            text = self._ask(question, default).strip()
            try:
                value = parse(text)
            except InputError as error:
                context.echo(f"  {error.message}", err=True)
                continue
            if confirm is not None:
                confirmed = confirm(value)
                if confirmed is None:
                    continue
                value = confirmed
            self._remember(key, store(value) if store is not None else text)
            return value

    def _remember(self, key: str, text: str) -> None:
        self.given[key] = text
        self._keep(dict(self.given))


def yes_no(default: bool) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        if text.lower() in {"y", "yes"}:
            return True
        if text.lower() in {"n", "no"}:
            return False
        if not text:
            return default
        raise InputError("answer y or n")

    return parse

"""The interview's incident picker, made to fit a small terminal (80 columns, 24 rows).

The catalogue has more kinds than a terminal has rows, so the picker shows the categories
first (a handful of lines), then the kinds of the chosen category (at most a dozen). Typing
part of a name instead of a category lists the kinds that match; typing kinds' names picks
them at once. Numbers and names are both accepted, and the prompts say so.
"""

from __future__ import annotations

import itertools
import shutil
import textwrap
from collections.abc import Callable, Sequence
from typing import NamedTuple

from therapylog.cli.answers import Answers, say
from therapylog.data.catalogue import CATEGORY_TITLES, INCIDENT_KINDS, KINDS_BY_SLUG, IncidentKind
from therapylog.data.errors import InputError
from therapylog.data.numbers import whole_number
from therapylog.data.words import plural

CATEGORY_QUESTION = "Which kind? A category's number or name, or part of a kind's name"
MORE_QUESTION = "Anything else? A category, part of a name, or Enter if not"
KINDS_QUESTION = "Which? Numbers or names, separated by commas (Enter to go back)"

_CATEGORIES = list(CATEGORY_TITLES)


class Choice(NamedTuple):
    """What the category question chose: kinds to list, or kinds picked outright."""

    listed: tuple[IncidentKind, ...] = ()
    picked: tuple[str, ...] = ()
    done: bool = False


def terminal_width() -> int:
    return max(40, shutil.get_terminal_size((80, 24)).columns)


def fit(text: str, width: int) -> str:
    """One line no wider than ``width`` - 1 (a full last column wraps on some terminals)."""
    return text if len(text) < width else text[: width - 2] + "…"


def category_lines(width: int) -> list[str]:
    lines = []
    for number, (category, title) in enumerate(CATEGORY_TITLES.items(), start=1):
        count = sum(1 for kind in INCIDENT_KINDS if kind.category is category)
        lines.append(fit(f"  {number}. {title}: {plural(count, 'kind')}", width))
    return lines


def kind_lines(kinds: Sequence[IncidentKind], width: int) -> list[str]:
    """One line per kind; a description too long for the line goes on under itself."""
    slug_width = max(len(kind.slug) for kind in kinds)
    lines = []
    for number, kind in enumerate(kinds, start=1):
        start = f"  {number:>2}. {kind.slug:<{slug_width}}  "
        room = max(width - 1 - len(start), 20)
        parts = textwrap.wrap(kind.description, room) or [""]
        lines.append(fit(start + parts[0], width))
        lines += [fit(" " * len(start) + part, width) for part in parts[1:]]
    return lines


def _slugs(text: str) -> list[str] | None:
    """The kinds named in ``text`` (comma or space separated), None if any part is no kind."""
    parts = [part for part in text.replace(",", " ").split() if part]
    if parts and all(part.lower() in KINDS_BY_SLUG for part in parts):
        return [part.lower() for part in parts]
    return None


def parse_category(text: str) -> Choice:
    """A category (number, slug or the start of its title), kinds by name, or a filter."""
    if not text:
        return Choice(done=True)
    lowered = text.lower()
    number = whole_number(lowered)
    if number is not None or lowered.isdigit():  # "²" is a digit to Python, but no number
        if number is not None and 1 <= number <= len(_CATEGORIES):
            category = _CATEGORIES[number - 1]
            return Choice(listed=tuple(k for k in INCIDENT_KINDS if k.category is category))
        raise InputError(
            f"{text!r} is not a category; choose 1-{len(_CATEGORIES)}, or type part of a name"
        )
    for category, title in CATEGORY_TITLES.items():
        if lowered in (category.value, title.lower().split(" (")[0]):
            return Choice(listed=tuple(k for k in INCIDENT_KINDS if k.category is category))
    slugs = _slugs(lowered)
    if slugs is not None:
        return Choice(picked=tuple(slugs))
    matches = tuple(
        kind
        for kind in INCIDENT_KINDS
        if lowered in kind.slug or lowered in kind.description.lower()
    )
    if not matches:
        raise InputError(
            f"no kind matches {text!r}; type a category (1-{len(_CATEGORIES)}) "
            "or another part of a name"
        )
    return Choice(listed=matches)


def parse_kinds(text: str, listed: Sequence[IncidentKind]) -> list[str]:
    """Numbers from the list shown, or kinds by name; empty to go back."""
    picked = []
    for part in text.replace(",", " ").split():
        number = whole_number(part)
        if number is not None and 1 <= number <= len(listed):
            picked.append(listed[number - 1].slug)
        elif part.lower() in KINDS_BY_SLUG:
            picked.append(part.lower())
        else:
            raise InputError(
                f"{part!r} is neither a number from 1 to {len(listed)} nor a kind's name"
            )
    return list(dict.fromkeys(picked))


def pick_incidents(answers: Answers, details: Callable[[list[str]], None]) -> list[str]:
    """The kinds that went wrong, in the order picked; empty if none after all.

    ``details`` asks about the kinds of each round (a note, whether it was put right) before
    the picker asks whether anything else went wrong.
    """
    picked: list[str] = []
    width = terminal_width()
    for round_number in itertools.count(1):
        key = f"incidents.{round_number}"
        choice = answers.get(
            key,
            MORE_QUESTION if picked else CATEGORY_QUESTION,
            "",
            parse_category,
            show=lambda: _print(category_lines(width)),
        )
        if choice.done:
            break
        kinds = list(choice.picked) or _from_list(answers, f"{key}.kinds", choice.listed, width)
        new = [kind for kind in kinds if kind not in picked]
        picked.extend(new)
        details(new)
    return picked


def _from_list(answers: Answers, key: str, listed: Sequence[IncidentKind], width: int) -> list[str]:
    def parse(text: str) -> list[str]:
        return parse_kinds(text, listed)

    return answers.get(
        key, KINDS_QUESTION, "", parse, show=lambda: _print(kind_lines(listed, width))
    )


def _print(lines: list[str]) -> None:
    for line in lines:
        say(line)

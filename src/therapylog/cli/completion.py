"""Values for shell completion: entry ids, goal ids, incident kinds, therapist names, tags.

The shell calls therapylog on every Tab press, so each callback reads as little as it can (a
folder listing for ids, the goals file for goals, the index for names), never prompts,
never writes anything but the index every read may refresh, and never fails: whatever
goes wrong (no journal, a damaged or locked file) completes nothing. Everything is imported
inside the callbacks, so defining them costs start-up nothing. See docs/finding.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import typer

T = TypeVar("T")


def _quietly(read: Callable[[], Iterable[T]]) -> list[T]:
    """``read()``, or nothing if it fails in any way: completion must never get in the way."""
    try:
        return list(read())
    except Exception:  # a Tab press must never show a traceback
        return []


def _journal(ctx: typer.Context) -> Path:
    """The journal the command line names (``--journal`` before the command), else the usual.
    An encrypted one stays locked: a Tab press never asks for a passphrase, and what would
    need its files completes nothing (docs/encryption.md)."""
    from therapylog.cli import context
    from therapylog.journal import sealing

    sealing.set_unlock(None)
    root = ctx.find_root()
    option = root.params.get("journal")  # as typed: options are not converted yet
    if isinstance(option, str | Path) and str(option):
        return Path(option).expanduser()
    return context.journal_root()


def _starting(values: Iterable[str], incomplete: str) -> list[str]:
    return [value for value in values if value.startswith(incomplete)]


def entry_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Entry ids, newest first: the file names in ``entries/`` (no file is read)."""

    def read() -> list[str]:
        from therapylog.journal.storage import Journal

        names = Journal(_journal(ctx), lock_timeout=0).entry_names()
        return sorted((name[:-5] for name in names if name.endswith(".toml")), reverse=True)

    return _starting(_quietly(read), incomplete)


def _goals(ctx: typer.Context) -> list[tuple[str, str]]:
    def read() -> list[tuple[str, str]]:
        from therapylog.journal.storage import Journal

        goals, _ = Journal(_journal(ctx), lock_timeout=0).read_goals()
        return [(goal.id, goal.title) for goal in goals if goal.active]

    return _quietly(read)


def goal_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Active goals' ids, with their titles as help."""
    return [(goal, title) for goal, title in _goals(ctx) if goal.startswith(incomplete)]


def progress(ctx: typer.Context, incomplete: str) -> list[str]:
    """``GOAL=LEVEL`` for ``--progress``: goal ids first, then the levels after the ``=``."""
    from therapylog.data.catalogue import ProgressLevel

    if "=" in incomplete:
        goal = incomplete.split("=", 1)[0]
        return _starting((f"{goal}={level.value}" for level in ProgressLevel), incomplete)
    return _starting((f"{goal}=" for goal, _ in _goals(ctx)), incomplete)


def incident_kinds(incomplete: str) -> list[tuple[str, str]]:
    """Incident kinds, with their descriptions as help."""
    from therapylog.data.catalogue import INCIDENT_KINDS

    return [(k.slug, k.description) for k in INCIDENT_KINDS if k.slug.startswith(incomplete)]


def incident_kinds_and_categories(incomplete: str) -> list[tuple[str, str]]:
    """Incident categories (each stands for its kinds in a filter), then the kinds."""
    from therapylog.data.catalogue import CATEGORY_TITLES

    categories = [
        (category.value, title)
        for category, title in CATEGORY_TITLES.items()
        if category.value.startswith(incomplete)
    ]
    return categories + incident_kinds(incomplete)


def statuses(incomplete: str) -> list[tuple[str, str]]:
    from therapylog.data.catalogue import STATUS_DESCRIPTIONS

    return [(s.value, text) for s, text in STATUS_DESCRIPTIONS.items() if s.startswith(incomplete)]


def felt_values(incomplete: str) -> list[tuple[str, str]]:
    from therapylog.data.catalogue import FELT_DESCRIPTIONS

    return [(f.value, text) for f, text in FELT_DESCRIPTIONS.items() if f.startswith(incomplete)]


def therapists(ctx: typer.Context, incomplete: str) -> list[str]:
    """Therapist names, one per person (the registry's name, else the latest spelling), the
    most recently seen first."""

    def read() -> list[str]:
        from therapylog.journal.storage import Journal
        from therapylog.usecases.roster import identity_for

        journal = Journal(_journal(ctx), lock_timeout=0)
        entries = journal.read_entries().entries
        registry, _ = journal.read_therapists()
        identity = identity_for(registry, entries)  # docs/therapists.md: one name a person
        names: dict[str, str] = {}
        for entry in reversed(entries):
            names.setdefault(identity.key(entry.therapist), identity.display(entry.therapist))
        for record in registry.therapists:
            names.setdefault(identity.key(record.name), record.name)
        return list(names.values())

    return _names_starting(_quietly(read), incomplete)


def tags(ctx: typer.Context, incomplete: str) -> list[str]:
    """Tags used in the journal, the most used first."""

    def read() -> list[str]:
        from therapylog.journal.storage import Journal
        from therapylog.usecases.query import tag_counts

        return [tag for tag, _ in tag_counts(Journal(_journal(ctx)).read_entries().entries)]

    return _names_starting(_quietly(read), incomplete)


def _names_starting(names: Iterable[str], incomplete: str) -> list[str]:
    """Free text from the journal that starts with ``incomplete`` (as typed: Typer keeps
    only values that start with exactly what was typed); text holding control characters is
    never offered (the shell would put it on the command line)."""
    return [name for name in names if name.isprintable() and name.startswith(incomplete)]

"""The journal: the one entry point the layers above use to read and write a journal folder.

:class:`Journal` is built in layers, one module per job (``ls src/therapylog/journal``):

- :mod:`~therapylog.journal.folder`: the layout, the guards, the lock, the one way a journal
  file is saved;
- :mod:`~therapylog.journal.entry_reading`: reading entries (through the derived index);
- :mod:`~therapylog.journal.small_files`: ``goals.toml``, ``settings.toml``,
  ``therapists.toml``;
- :mod:`~therapylog.journal.entry_writing`: adding, replacing and removing entries.

Beside it: :mod:`~therapylog.journal.backup` and :mod:`~therapylog.journal.importing` (the
journal as one JSON document, and merging one back), :mod:`~therapylog.journal.rescue`
(keeping what could not be saved), :mod:`~therapylog.journal.editing` (editing a file by hand).

Reads never fail because of one bad file: a file that cannot be parsed becomes a
:class:`Problem` (path and reason) and is skipped. Writes take the lock, never overwrite a
file that could not be parsed, and go through :func:`fsutil.atomic_write`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from therapylog.data.model import Entry, Goal, Settings
from therapylog.journal.entry_reading import EntriesRead
from therapylog.journal.entry_writing import EntryWriting, UnsavedEntryError
from therapylog.journal.folder import DEFAULT_LOCK_TIMEOUT, Problem

if TYPE_CHECKING:
    from therapylog.data.identity import Registry

# What the layers above import from here (the names are defined in the modules listed above).
__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "EntriesRead",
    "Journal",
    "Problem",
    "Snapshot",
    "UnsavedEntryError",
]


class Snapshot(NamedTuple):
    """Everything the analysis needs, read once."""

    entries: list[Entry]
    goals: list[Goal]
    settings: Settings
    problems: list[Problem]
    therapists: Registry | None = None  # empty when therapists.toml is missing or damaged
    #: set when therapists.toml could not be read (it is also among ``problems``)
    therapists_problem: Problem | None = None


class Journal(EntryWriting):
    """One journal folder: every read and write of its files goes through here."""

    def snapshot(self, *, use_cache: bool = True) -> Snapshot:
        read = self.read_entries(use_cache=use_cache)
        goals, goals_problem = self.read_goals()
        settings, settings_problem = self.read_settings()
        therapists, therapists_problem = self.read_therapists()
        problems = [
            p for p in (goals_problem, settings_problem, therapists_problem) if p is not None
        ]
        return Snapshot(
            read.entries, goals, settings, problems + read.problems, therapists, therapists_problem
        )

    def check(self) -> tuple[int, list[Problem]]:
        """Read every file; return how many entries are fine and every problem found."""
        self.require_existing()
        snapshot = self.snapshot(use_cache=False)  # check reads every byte of every file
        return len(snapshot.entries), snapshot.problems

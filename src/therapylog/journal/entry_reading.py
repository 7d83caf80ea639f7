"""Reading entries: all of them (through the derived index), the newest one, or one by id.

Reads never fail because of one bad file: a file that cannot be parsed becomes a
:class:`~therapylog.journal.folder.Problem` (path and reason) and is skipped.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import NamedTuple

from therapylog.data.errors import DamagedFileError, JournalError
from therapylog.data.model import ENTRY_ID_PATTERN, Entry, entry_sort_key
from therapylog.journal import codec
from therapylog.journal.folder import JournalFolder, Problem


class EntriesRead(NamedTuple):
    entries: list[Entry]  # oldest first
    problems: list[Problem]


class EntryReading(JournalFolder):
    def read_entries(self, *, use_cache: bool = True) -> EntriesRead:
        """Every readable entry, oldest first, and a problem for each file that is not.

        Unchanged files are served from the derived index (see :mod:`therapylog.journal.index`);
        ``use_cache=False`` reads every file (and refreshes the index).
        """
        # Imported here so that commands which never read the whole journal (add, --help)
        # do not load the index (and with it validation) at start-up.
        from therapylog.journal.index import Index

        problems: list[Problem] = []

        def load(name: str) -> Entry | None:
            path = self.entries_dir / name
            try:
                return self._load_entry(path)
            except FileNotFoundError:  # deleted since the folder was listed: not an entry now
                return None
            except DamagedFileError as error:
                problems.append(Problem(path, error.reason))
                return None

        names = self.entry_names()
        index = Index(self.root, self.index_sealing())
        entries = index.entries(self.entries_dir, names, load, trust=use_cache)
        index.save()
        entries.sort(key=entry_sort_key)
        return EntriesRead(entries, problems)

    def _load_entry(self, path: Path) -> Entry:
        return codec.entry_from_toml(path, self.read_plain(path))

    def latest_entry(self) -> Entry | None:
        """``read_entries().entries[-1]`` without reading the others: the newest readable file.

        A valid entry's file is named after its id, and ids sort like entries do, so the
        newest readable file by name holds the newest entry.
        """
        names = self.entry_names()
        if not names:
            return None
        # Names start with the date: the newest day's few names are tried first, and the whole
        # folder is sorted only if every one of them is damaged.
        newest_day = max(name[:10] for name in names)
        for candidates in (
            [name for name in names if name.startswith(newest_day)],
            [name for name in names if not name.startswith(newest_day)],
        ):
            for name in _newest_first(candidates):
                with contextlib.suppress(DamagedFileError):
                    return self._load_entry(self.entries_dir / name)
        return None

    def read_entry(self, entry_id: str) -> Entry:
        self.refuse_symlinked_folders()
        path = self.entry_path(entry_id)
        # Only an id can name a file: no "/", no "..", and no name too long for the disk.
        if not ENTRY_ID_PATTERN.fullmatch(entry_id) or not path.exists():
            raise JournalError(
                f"no entry with id {entry_id!r} in {self.entries_dir}",
                hint="see `therapylog list` for the ids",
            )
        return self._load_entry(path)

    def read_entry_bytes(self, entry_id: str) -> bytes:
        """The bytes of an entry's file as they are (opened, in an encrypted journal), to edit
        them by hand (the entry itself is read first, with :meth:`read_entry`)."""
        self.refuse_symlinked_folders()
        return self.read_plain(self.entry_path(entry_id))


def _newest_first(names: list[str]) -> list[str]:
    """Entry file names (invalid ids left out) by date and sequence, the newest first."""
    keyed = [
        ((match.group(1), int(match.group(2) or 1)), name)
        for name in names
        if (match := ENTRY_ID_PATTERN.fullmatch(name[: -len(".toml")]))
    ]
    return [name for _, name in sorted(keyed, reverse=True)]

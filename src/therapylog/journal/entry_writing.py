"""Writing entries: adding one (with the repairs it marks), replacing one, removing one, and
writing a batch of new ones all or nothing (for import).

Writes take the lock, never overwrite a file that could not be parsed, and go through
:meth:`JournalFolder._write <therapylog.journal.folder.JournalFolder._write>`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from therapylog.data.errors import JournalError
from therapylog.data.model import Entry
from therapylog.data.words import join
from therapylog.journal import codec
from therapylog.journal.entry_reading import EntryReading
from therapylog.journal.folder import NotSavedError, SavedButNotConfirmedError, read_file
from therapylog.journal.fsutil import atomic_write, describe_os_error, fsync_dir
from therapylog.journal.small_files import SmallFiles

if TYPE_CHECKING:
    from therapylog.data.repairs import Repair


class UnsavedEntryError(JournalError):
    """A new entry could not be written; it is in the rescue file the message names."""


class EntryWriting(EntryReading, SmallFiles):
    def add_entry(self, fields: dict[str, Any], *, repairs: Sequence[Repair] = ()) -> Entry:
        """Validate ``fields`` (without ``id``), give it the next free id for its date, save it.

        ``repairs`` marks earlier entries' incidents repaired on the new entry's date
        (therapylog.data.repairs): those entries are rewritten under the same lock, after the new
        one is saved; if any write fails, what was written is taken back. If the disk refuses
        the write, the entry is kept in a rescue file named in the error.
        """
        from therapylog.data.validation import validated  # only writers pay for validation

        draft = validated(Entry, {**fields, "id": _day_id(fields.get("date"))})
        codec.entry_to_toml(draft)  # too big, or not UTF-8: refused before anything is created
        with self.locked():
            entry = draft.replace(id=self._free_id(draft.date))
            # Encoded before anything is written: an earlier entry the repair would push past
            # the size cap is refused with nothing saved.
            rewrites = [
                (self.entry_path(changed.id), codec.entry_to_toml(changed))
                for changed in self._repaired_entries(entry, repairs)
            ]
            try:
                self._write(self.entry_path(entry.id), codec.entry_to_toml(entry), new=True)
            except JournalError as error:
                # Imported here: only an add that failed loads the rescue (and the backup
                # format it writes).
                from therapylog.journal.rescue import rescue_entry

                raise UnsavedEntryError(
                    f"{error.message}; {rescue_entry(entry, encrypted=self.encrypted)}"
                ) from None
            self._rewrite_all(rewrites, taking_back=entry)
        return entry

    def _repaired_entries(self, entry: Entry, repairs: Sequence[Repair]) -> list[Entry]:
        if not repairs:
            return []
        # Imported here: only an add that marks repairs loads their code.
        from therapylog.data.identity import Identity
        from therapylog.data.repairs import apply_repairs

        earlier = [self.read_entry(entry_id) for entry_id in {r.entry_id for r in repairs}]
        registry, _ = self.read_therapists()  # damaged: names compared by spelling alone
        return apply_repairs(
            earlier, repairs, on=entry.date, therapist=entry.therapist, identity=Identity(registry)
        )

    def _rewrite_all(self, rewrites: list[tuple[Path, bytes]], *, taking_back: Entry) -> None:
        """Save entries' new bytes over their files, all or nothing: on a failure the files
        already rewritten (the last one too when only its folder sync failed) get their old
        bytes back and ``taking_back`` is removed; the message names any that could not be."""
        done: list[tuple[Path, bytes]] = []
        try:
            for path, data in rewrites:
                before = read_file(path)
                try:
                    self._write(path, data)
                except SavedButNotConfirmedError:
                    done.append((path, before))  # in place, if unconfirmed: put back too
                    raise
                done.append((path, before))
        except JournalError as error:
            stuck = [str(path) for path, before in done if not _put_back(path, before)]
            self.remove_new_entries([taking_back.id])
            cause = (
                f"could not save {error.path}: {error.reason}"
                if isinstance(error, NotSavedError | SavedButNotConfirmedError)
                else error.message
            )
            if stuck:
                was = "it was" if len(stuck) == 1 else "they were"
                raise JournalError(
                    f"{cause}; {taking_back.id} was not added, but {join(stuck)} could not be "
                    f"put back as {was}"
                ) from None
            raise JournalError(
                f"{cause}; the journal is unchanged; {taking_back.id} was not added"
            ) from None

    def _free_id(self, day: dt.date) -> str:
        # A few lookups rather than a listing of the whole folder. Any file (a damaged one,
        # a link) already named after an id keeps that id taken.
        candidate, number = day.isoformat(), 1
        while os.path.lexists(self.entries_dir / f"{candidate}.toml"):
            number += 1
            candidate = f"{day.isoformat()}-{number}"
        return candidate

    def replace_entry(self, entry: Entry) -> None:
        """Save a changed entry over its own, readable, file."""
        with self.locked():
            path = self.entry_path(entry.id)
            self._load_entry(path)  # refuses to overwrite a file it cannot parse
            self._write(path, codec.entry_to_toml(entry))

    def replace_entry_bytes(self, entry_id: str, data: bytes, *, expected: bytes) -> None:
        """Save hand-edited, already validated text, if nobody changed the file meanwhile."""
        with self.locked():
            path = self.entry_path(entry_id)
            try:
                current = self.read_plain(path)
            except FileNotFoundError:
                raise JournalError(
                    f"{path} was deleted while you were editing it; nothing was saved"
                ) from None
            if current != expected:
                raise JournalError(
                    f"{path} changed while you were editing it; nothing was saved, edit it again"
                )
            self._write(path, data)

    def remove_entry(self, entry_id: str) -> Path:
        with self.locked():
            path = self.entry_path(entry_id)
            self.read_entry(entry_id)
            try:
                path.unlink()
            except OSError as error:
                raise JournalError(f"cannot remove {path}: {describe_os_error(error)}") from None
            try:
                fsync_dir(self.entries_dir)
            except OSError as error:
                raise JournalError(
                    f"{path} was removed, but the disk could not confirm it: "
                    f"{describe_os_error(error)}; it may come back after a power cut"
                ) from None
        return path

    def write_new_entries(self, entries: list[Entry]) -> None:
        """Write entries whose ids are free, all or nothing. Call while holding the lock."""
        written: list[Path] = []
        try:
            for entry in entries:
                path = self.entry_path(entry.id)
                if path.exists():
                    raise JournalError(f"{path} appeared while importing; nothing was imported")
                self._write(path, codec.entry_to_toml(entry), new=True)
                written.append(path)
        except BaseException:
            self.remove_new_entries([path.stem for path in written])
            raise

    def remove_new_entries(self, entry_ids: list[str]) -> None:
        """Undo :meth:`write_new_entries` (best effort). Call while holding the lock."""
        self.remove_new_files([self.entry_path(entry_id) for entry_id in entry_ids])


def _put_back(path: Path, data: bytes) -> bool:
    """Write a file's old bytes back (they are sealed already, in an encrypted journal)."""
    try:
        atomic_write(path, data)
    except OSError:
        return False
    return True


def _day_id(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)

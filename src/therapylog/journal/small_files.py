"""The journal's small files beside the entries: ``goals.toml``, ``settings.toml`` and
``therapists.toml``; reading them (each may be missing) and saving them.

A file that cannot be parsed is reported as a :class:`~therapylog.journal.folder.Problem` and
read as its default (no goals, default settings, an empty registry); it is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from therapylog.data.errors import DamagedFileError, JournalError
from therapylog.data.model import Goal, Settings
from therapylog.journal import codec
from therapylog.journal.folder import JournalFolder, Problem

if TYPE_CHECKING:
    from therapylog.data.identity import Registry

T = TypeVar("T")


class SmallFiles(JournalFolder):
    # --- reading ---------------------------------------------------------------------------

    def read_goals(self) -> tuple[list[Goal], Problem | None]:
        return self._read_optional(self.goals_path, codec.goals_from_toml, list)

    def read_settings(self) -> tuple[Settings, Problem | None]:
        return self._read_optional(self.settings_path, codec.settings_from_toml, Settings)

    def read_therapists(self) -> tuple[Registry, Problem | None]:
        """The registry; an empty one when the file is missing (it is created lazily) or
        damaged (then with the problem: names are matched by their spelling alone)."""
        # Imported here: only commands that read the therapists load the registry's code.
        from therapylog.data.identity import Registry
        from therapylog.journal.registry import registry_from_toml

        self.refuse_symlinked_folders()
        try:
            data = self.read_plain(self.therapists_path)
        except FileNotFoundError:
            return Registry(), None
        except DamagedFileError as error:
            return Registry(), Problem(self.therapists_path, error.reason)
        try:
            return registry_from_toml(self.therapists_path, data), None
        except DamagedFileError as error:
            return Registry(), Problem(self.therapists_path, error.reason)

    def _read_optional(
        self,
        path: Path,
        parse: Callable[[Path, bytes], T],
        default: Callable[[], T],
    ) -> tuple[T, Problem | None]:
        """A small file that may be missing, through the index (therapylog.journal.index):
        unchanged goals and settings are not parsed again."""
        # Imported here so that commands which read neither goals nor settings (add, --help)
        # do not load the index at start-up.
        from therapylog.journal.index import Index

        self.refuse_symlinked_folders()
        try:
            data = self.read_plain(path)
        except FileNotFoundError:
            return default(), None
        except DamagedFileError as error:
            return default(), Problem(path, error.reason)
        try:
            index = Index(self.root, self.index_sealing())
            value = index.document(path, data, lambda: parse(path, data))
            index.save()
            return value, None
        except DamagedFileError as error:
            return default(), Problem(path, error.reason)

    def read_settings_set(self) -> dict[str, Any] | None:
        """What ``settings.toml`` sets (:func:`codec.settings_set_in`); None when there is no
        usable file."""
        try:
            data = self.read_plain(self.settings_path)
            return codec.settings_set_in(self.settings_path, data)
        except (FileNotFoundError, DamagedFileError):
            return None

    # --- writing ---------------------------------------------------------------------------

    def save_goals(self, change: Callable[[list[Goal]], list[Goal]]) -> list[Goal]:
        """Apply ``change`` to the current goals under the lock and save the result."""
        with self.locked():
            goals, problem = self.read_goals()
            if problem is not None:
                raise JournalError(
                    f"{problem}; fix it (see `therapylog check`) before changing goals"
                )
            updated = change(goals)
            self._write(self.goals_path, codec.goals_to_toml(updated))
        return updated

    def save_therapists(self, change: Callable[[Registry], Registry]) -> Registry:
        """Apply ``change`` to the registry under the lock and save the result; a damaged
        ``therapists.toml`` is never overwritten."""
        with self.locked():
            registry, problem = self.read_therapists()
            if problem is not None:
                raise JournalError(
                    f"{problem}; fix it (see `therapylog check`) before changing therapists"
                )
            updated = change(registry)
            self.write_therapists_unlocked(updated, new=not self.therapists_path.exists())
        return updated

    def write_therapists_unlocked(self, registry: Registry, *, new: bool) -> None:
        # Imported here: only commands that save the therapists load the registry's code.
        from therapylog.journal.registry import registry_to_toml

        self._write(self.therapists_path, registry_to_toml(registry), new=new)

    def write_goals_unlocked(self, goals: list[Goal]) -> None:
        self._write(self.goals_path, codec.goals_to_toml(goals))

    def write_settings_unlocked(
        self,
        settings: Settings,
        *,
        new: bool,
        only: Iterable[str] | None = None,
        rhythm: bool,
    ) -> None:
        data = codec.settings_to_toml(settings, only=only, rhythm=rhythm)
        self._write(self.settings_path, data, new=new)

"""Promise: the journal's folders are created, listed and cleaned with care
(docs/data-safety.md): a folder that cannot be created or listed is said in one line and
nothing is written; a folder another command creates at the same moment is used; only real
entry files are entries; temporary files of failed writes never count and go at the next write.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, files_snapshot
from tests.safety.faults import Fault, heal, inject
from tests.safety.helpers import leftover_files, one_line_error

ADD = ("add", "--no-input", "--therapist", "Dr. Lee")


@pytest.mark.parametrize(
    ("journal", "refused"), [("journal", "journal"), ("parent/journal", "parent")]
)
def test_a_journal_folder_that_cannot_be_created_is_said_in_one_line(
    cli: Cli, tmp_path: Path, journal: str, refused: str
) -> None:
    """The disk is full: the first missing folder that cannot be created is named."""
    real_mkdir = Path.mkdir

    def full_disk(path: Path, *args: Any, **kwargs: Any) -> None:
        if path.is_relative_to(tmp_path / "full"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_mkdir(path, *args, **kwargs)

    (tmp_path / "full").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "mkdir", full_disk)
        result = cli("--journal", str(tmp_path / "full" / journal), *ADD)
    assert result.exit_code == 1
    assert one_line_error(result.stderr) == (
        f"therapylog: cannot create {tmp_path / 'full' / refused}: the disk is full"
    )
    assert list((tmp_path / "full").iterdir()) == []


def test_a_parent_folder_created_by_another_command_at_the_same_moment_is_used(
    cli: Cli, tmp_path: Path
) -> None:
    """Two commands on a new journal: the other one creates each missing parent folder just
    before this one does. Every one of them is used, and the journal is created inside."""
    journal = tmp_path / "a" / "b" / "journal"
    real_mkdir = Path.mkdir
    raced: list[Path] = []

    def the_other_command_first(path: Path, *args: Any, **kwargs: Any) -> None:
        if path in (tmp_path / "a", tmp_path / "a" / "b"):
            real_mkdir(path, 0o700)
            raced.append(path)
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        real_mkdir(path, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "mkdir", the_other_command_first)
        result = cli("--journal", str(journal), *ADD, "--date", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    assert raced == [tmp_path / "a", tmp_path / "a" / "b"]
    assert set(files_snapshot(journal)) == {"entries/2026-11-20.toml"}
    assert stat.S_IMODE(journal.stat().st_mode) == 0o700


def test_only_real_entry_files_are_entries(cli: Cli, journal_path: Path) -> None:
    """A hidden ``.toml`` (a macOS ``._`` copy, an editor's) and a file of another kind in the
    entries folder are neither entries nor damaged entries."""
    assert cli(*ADD, "--date", "2026-11-20").exit_code == 0
    entries = journal_path / "entries"
    (entries / "._2026-11-20.toml").write_bytes(b"\x00\x05\x16\x07 resource fork")
    (entries / ".2026-11-21.toml").write_text("not an entry")
    (entries / "README.txt").write_text("my notes about this folder")
    for path in entries.iterdir():
        path.chmod(0o600)  # private, as check wants every file of the journal
    checked = cli("check")
    assert (checked.exit_code, checked.stdout, checked.stderr) == (
        0,
        f"{journal_path}: 1 entry, all fine\n",
        "",
    )
    assert cli("list", "--json").stdout.count('"id"') == 1


@pytest.mark.parametrize("kind", ["file", "unlistable"])
def test_an_entries_folder_that_cannot_be_listed_is_said_in_one_line(
    cli: Cli, journal_path: Path, kind: str
) -> None:
    entries = journal_path / "entries"
    if kind == "file":
        journal_path.mkdir()
        entries.write_text("")
        said = f"{entries} is not a folder"
    else:
        assert cli(*ADD, "--date", "2026-11-20").exit_code == 0
        real_listdir = os.listdir

        def failing(path: Any = ".") -> list[str]:
            if Path(path) == entries:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return real_listdir(path)

        said = f"cannot read {entries}: the disk reported an input/output error"
    before = files_snapshot(journal_path)
    with pytest.MonkeyPatch.context() as patch:
        if kind == "unlistable":
            patch.setattr(os, "listdir", failing)
        result = cli("list")
    assert result.exit_code == 1
    assert one_line_error(result.stderr) == f"therapylog: {said}"
    assert files_snapshot(journal_path) == before


def failing_unlink(root: Path) -> Callable[..., None]:
    """``Path.unlink`` for a disk that refuses to remove anything under ``root``."""
    real_unlink = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path.is_relative_to(root):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_unlink(path, missing_ok=missing_ok)

    return unlink


def test_a_temporary_file_a_failed_write_could_not_remove_goes_at_the_next_write(
    cli: Cli, journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fails the fsync of a new entry, then refuses to remove its temporary file (as
    a crash would leave it): it is never read as an entry, and the next write sweeps it."""
    assert cli(*ADD, "--date", "2026-11-20").exit_code == 0
    before = files_snapshot(journal_path)
    fault = inject(monkeypatch, Fault("fsync", errno.EIO, journal_path))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "unlink", failing_unlink(journal_path))
        assert cli(*ADD, "--date", "2026-11-21", "--note", "half saved").exit_code == 1
    heal(monkeypatch)
    assert fault.fired == 1
    (left,) = leftover_files(journal_path)
    assert left.parent == journal_path / "entries"
    assert left.read_text().endswith('notes = "half saved"\n')  # complete, but never renamed
    checked = cli("check")
    assert (checked.exit_code, checked.stdout) == (0, f"{journal_path}: 1 entry, all fine\n")
    assert cli("show", "2026-11-21").exit_code == 1
    assert cli(*ADD, "--date", "2026-11-22").exit_code == 0
    assert leftover_files(journal_path) == []
    assert set(files_snapshot(journal_path)) == {*before, "entries/2026-11-22.toml"}


def test_a_folder_named_like_a_temporary_file_is_left_alone(cli: Cli, journal_path: Path) -> None:
    assert cli(*ADD, "--date", "2026-11-20").exit_code == 0
    kept = journal_path / "entries" / ".sync-state.tmp"
    kept.mkdir()
    (kept / "state").write_text("a sync tool's own")
    assert cli(*ADD, "--date", "2026-11-21").exit_code == 0
    assert (kept / "state").read_text() == "a sync tool's own"


def test_a_journal_folder_removed_during_a_write_is_said_in_one_line(
    cli: Cli, journal_path: Path
) -> None:
    """The entries folder goes (a drive unplugged, a sync tool) between the write of the
    temporary file and its rename: the rename and the removal of the temporary file both
    fail, the first failure is said, and the entry is kept where the message says."""
    import shutil

    from therapylog.journal import fsutil

    assert cli(*ADD, "--date", "2026-11-20").exit_code == 0
    real_replace = os.replace

    class Vanishing:
        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        def replace(self, source: Any, target: Any) -> None:
            if Path(target).is_relative_to(journal_path):
                shutil.rmtree(Path(target).parent)
            real_replace(source, target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fsutil, "os", Vanishing())
        result = cli(*ADD, "--date", "2026-11-21", "--note", "keep me")
    assert result.exit_code == 1
    message = one_line_error(result.stderr)
    target = journal_path / "entries" / "2026-11-21.toml"
    assert message.startswith(
        f"therapylog: could not save {target}: {os.strerror(errno.ENOENT)}; the journal is "
        "unchanged; your entry was kept in "
    )
    assert not (journal_path / "entries").exists()

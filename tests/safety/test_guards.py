"""Guards of the journal folder that only show when something unusual is around them.

Each test here was written against a bug that the rest of the suite let through (a mutation
run, docs/testing.md): a damaged file overwritten, a lost update, a folder or lock left to
whatever mode its surroundings give it, local settings replaced by a backup's, one local
entry standing for two in a backup.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli, files_snapshot
from therapylog.data.errors import DamagedFileError
from therapylog.journal.storage import Journal

ENTRY = ("add", "--no-input", "--date", "2026-11-20", "--therapist", "Dr. Lee")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_replacing_an_entry_never_overwrites_a_file_it_cannot_parse(
    cli: Cli, journal_path: Path
) -> None:
    assert cli(*ENTRY, "--note", "kept").exit_code == 0
    journal = Journal(journal_path)
    entry = journal.read_entry("2026-11-20")
    path = journal.entry_path(entry.id)
    damaged = path.read_bytes()[:-20]  # cut short by a crash of some other program
    path.write_bytes(damaged)
    with pytest.raises(DamagedFileError):
        journal.replace_entry(entry.replace(notes="changed"))
    assert path.read_bytes() == damaged


def test_an_edit_is_not_saved_over_a_file_that_changed_meanwhile(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    """Another program (a sync client, a second editor) rewrites the entry while the user is
    editing it: saving the edit would silently lose that change."""
    assert cli(*ENTRY, "--note", "first").exit_code == 0
    entry_file = journal_path / "entries" / "2026-11-20.toml"
    script = tmp_path / "editor.py"
    script.write_text(
        "import pathlib, sys\n"
        f"other = pathlib.Path({str(entry_file)!r})\n"
        "other.write_text(other.read_text().replace('\"first\"', '\"changed elsewhere\"'))\n"
        "copy = pathlib.Path(sys.argv[1])\n"
        "copy.write_text(copy.read_text().replace('\"first\"', '\"my edit\"'))\n"
    )
    result = cli("edit", "2026-11-20", env={"EDITOR": f"{sys.executable} {script}"})
    assert result.exit_code == 1
    assert "changed while you were editing it; nothing was saved" in result.stderr
    assert '"changed elsewhere"' in entry_file.read_text()
    (kept,) = (journal_path / "rescued").iterdir()
    assert f"your edit was kept in {kept}" in result.stderr
    assert '"my edit"' in kept.read_text()


def test_new_journal_folders_are_exactly_0700_inside_a_setgid_folder(
    cli: Cli, tmp_path: Path
) -> None:
    """A folder created in a set-group-ID folder inherits that bit (and, with default ACLs,
    more): only an explicit chmod makes the journal's folders private whatever surrounds them."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o2755)
    assert mode(shared) & stat.S_ISGID
    inside = shared / "journal"
    below = shared / "missing-parent" / "journal"
    for journal in (inside, below):
        assert cli("--journal", str(journal), *ENTRY).exit_code == 0
    for folder in (inside, inside / "entries", shared / "missing-parent", below):
        assert mode(folder) == 0o700, (folder, oct(mode(folder)))
    assert mode(shared) == 0o2755  # an existing parent keeps its mode


def test_a_lock_file_left_readable_by_others_is_made_private(cli: Cli, journal_path: Path) -> None:
    """A lock file from an older version, a restore or a copy may have any mode."""
    assert cli(*ENTRY).exit_code == 0
    lock = journal_path / ".lock"
    lock.chmod(0o644)
    assert cli(*ENTRY).exit_code == 0
    assert mode(lock) == 0o600


def backup_with(path: Path, entries: list[dict[str, object]], **extra: object) -> Path:
    document = {"format": "therapylog-backup", "version": 1, "goals": [], "entries": entries}
    path.write_text(json.dumps({**document, **extra}))
    return path


def test_import_never_replaces_the_journals_own_settings(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    assert cli(*ENTRY).exit_code == 0
    settings = journal_path / "settings.toml"
    settings.write_text("schema_version = 1\n\n[thresholds]\nmood_window = 10\n")
    before = files_snapshot(journal_path)
    backup = backup_with(tmp_path / "backup.json", [], settings={"thresholds": {"mood_window": 6}})
    result = cli("import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert files_snapshot(journal_path) == before


def test_one_local_entry_matches_one_of_two_identical_backup_entries(
    cli: Cli, journal_path: Path, tmp_path: Path
) -> None:
    """Two identical appointments on one day are two entries: a journal holding one of them
    gets the other back from a backup that holds both."""
    assert cli(*ENTRY).exit_code == 0
    (local,) = json.loads(cli("backup").stdout)["entries"]
    twin = {**local, "id": "2026-11-20-2"}
    backup = backup_with(tmp_path / "backup.json", [local, twin])
    result = cli("import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert "imported 1 entry" in result.stdout and "1 already present" in result.stdout
    saved = json.loads(cli("backup").stdout)["entries"]
    assert [entry["id"] for entry in saved] == ["2026-11-20", "2026-11-20-2"]
    assert saved[1] == twin
    # And importing it again changes nothing.
    again = cli("import", str(backup))
    assert "imported 0 entries; 2 already present" in again.stdout
